import { describe, expect, it } from 'vitest'
import { fmtMoney, fmtRate, signedChange } from '../../src/reports.js'

describe('report formatting', () => {
  it('formats money with separators and cents only for small amounts', () => {
    expect(fmtMoney(37859)).toBe('37,859')
    expect(fmtMoney(17.78252)).toBe('17.78')
    expect(fmtMoney(null)).toBe('—')
  })
  it('formats rates as percentages', () => {
    expect(fmtRate(0.21717)).toBe('21.7%')
    expect(fmtRate(undefined)).toBe('—')
  })
  it('signs changes by kind', () => {
    expect(signedChange(1785, 'money')).toBe('+1,785')
    expect(signedChange(-0.5, 'money')).toBe('−0.50')
    expect(signedChange(-0.16, 'rate')).toBe('−16.0 pt')
    expect(signedChange(3.6667, 'hours')).toBe('+3.7 h')
    expect(signedChange(105, 'count')).toBe('+105')
    expect(signedChange(0, 'money')).toBe('±0')
    expect(signedChange(null, 'money')).toBe('—')
  })
})
