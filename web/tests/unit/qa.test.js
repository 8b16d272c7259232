import { describe, it, expect } from 'vitest'
import { reviewDraft, reviewBody, disagreements, calibrationRows } from '../../src/qa.js'

const qa = {
  items: [
    { name: 'greeting', max: 10, score: 10, applicable: true },
    { name: 'empathy', max: 15, score: 0, applicable: true },
    { name: 'identity_check', max: 5, score: null, applicable: false },
  ],
  review: null,
}

describe('reviewDraft', () => {
  it('starts from the automatic scores and leaves non-applicable items out', () => {
    const d = reviewDraft(qa)
    expect(d.map((r) => [r.name, r.auto, r.score, r.included])).toEqual([
      ['greeting', 10, 10, true], ['empathy', 0, 0, true], ['identity_check', null, 5, false],
    ])
  })
  it('starts from the previous review when there is one', () => {
    const d = reviewDraft({ ...qa, review: { items: [{ name: 'empathy', score: 12 }, { name: 'identity_check', score: 2 }] } })
    expect(d.find((r) => r.name === 'empathy').score).toBe(12)
    const id = d.find((r) => r.name === 'identity_check')
    expect([id.score, id.included]).toEqual([2, true])
  })
  it('copes with a missing result', () => {
    expect(reviewDraft(null)).toEqual([])
  })
})

describe('reviewBody', () => {
  it('sends the included rows and a trimmed note', () => {
    const d = reviewDraft(qa)
    d[1].score = 9
    expect(reviewBody(d, '  listened well ')).toEqual({
      items: [{ name: 'greeting', score: 10 }, { name: 'empathy', score: 9 }], note: 'listened well',
    })
    expect(reviewBody(d, '')).not.toHaveProperty('note')
  })
  it('names the row of a score out of range', () => {
    const d = reviewDraft(qa)
    d[1].score = 16
    expect(() => reviewBody(d, '')).toThrow(/0 to 15/)
    try { reviewBody(d, '') } catch (e) { expect(e.field).toBe('items[1].score') }
    d[1].score = Number.NaN
    expect(() => reviewBody(d, '')).toThrow()
  })
  it('refuses a review with no item', () => {
    const d = reviewDraft(qa).map((r) => ({ ...r, included: false }))
    expect(() => reviewBody(d, 'x')).toThrow(/at least one/)
  })
})

describe('disagreements', () => {
  it('lists the items whose pass/fail the reviewer flips', () => {
    const d = reviewDraft(qa)
    expect(disagreements(d)).toEqual([])
    d[1].score = 7.5 // half of 15 passes
    d[0].score = 4
    expect(disagreements(d)).toEqual(['greeting', 'empathy'])
  })
})

describe('calibrationRows', () => {
  it('sorts the worst agreement first and flags items under the bar', () => {
    const rows = calibrationRows({
      reviews: 3,
      items: [
        { name: 'closing', reviewed: 3, agreement: 1, mean_abs_diff: 0 },
        { name: 'empathy', reviewed: 3, agreement: 0.333, mean_abs_diff: 6 },
        { name: 'latency', reviewed: 0, agreement: null, mean_abs_diff: null },
        { name: 'greeting', reviewed: 3, agreement: 0.8, mean_abs_diff: 1 },
      ],
    })
    expect(rows.map((r) => [r.name, r.low])).toEqual([
      ['empathy', true], ['greeting', false], ['closing', false], ['latency', false],
    ])
  })
})
