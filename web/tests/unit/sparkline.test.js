import { describe, it, expect } from 'vitest'
import { sparkPoints, trend } from '../../src/sparkline.js'

describe('sparkPoints', () => {
  it('spans the box from the lowest to the highest value', () => {
    expect(sparkPoints([0, 5, 10], 104, 24, 2)).toBe('2.0,22.0 52.0,12.0 102.0,2.0')
  })
  it('skips days without data but keeps their place', () => {
    expect(sparkPoints([1, null, 3], 104, 24, 2)).toBe('2.0,22.0 102.0,2.0')
  })
  it('draws a flat series in the middle', () => expect(sparkPoints([4, 4], 10, 20, 0)).toBe('0.0,10.0 10.0,10.0'))
  it('needs two values', () => expect(sparkPoints([null, 2], 10, 10)).toBe(''))
})

describe('trend', () => {
  it('compares the first and last values with data', () => {
    expect(trend([0.8, null, 0.9])).toBe('up')
    expect(trend([5, 3])).toBe('down')
    expect(trend([2, 2])).toBe('')
    expect(trend([])).toBe('')
  })
})
