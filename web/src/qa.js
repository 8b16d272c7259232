// Manual QA review and calibration: pure helpers for the ticket's review dialog and the
// calibration table on the Quality page (docs/qa.md "Manual review and calibration").

// One editable row per rubric item of the automatic result. Items that did not apply keep
// their row (a reviewer may score what the machine skipped) with no automatic score. A
// previous review's score, when there is one, is the starting value; else the automatic score;
// else the item's max.
export function reviewDraft(qa) {
  const previous = new Map(((qa && qa.review && qa.review.items) || []).map((it) => [it.name, it.score]))
  return ((qa && qa.items) || []).map((it) => {
    const auto = it.applicable && typeof it.score === 'number' ? it.score : null
    const start = previous.has(it.name) ? previous.get(it.name) : auto ?? it.max
    return { name: it.name, max: it.max, auto, score: start, included: it.applicable || previous.has(it.name) }
  })
}

// The POST /tickets/{id}/qa/review body from the draft. Only included rows are sent. Throws
// an Error whose `field` names the offending row (items[i].score) when a score is not a
// number in [0, max], or when no row is included.
export function reviewBody(draft, note) {
  const items = []
  draft.forEach((row, i) => {
    if (!row.included) return
    const s = row.score
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > row.max) {
      const e = new Error(`score of ${row.name} must be a number from 0 to ${row.max}`)
      e.field = `items[${i}].score`
      throw e
    }
    items.push({ name: row.name, score: s })
  })
  if (!items.length) {
    const e = new Error('score at least one item')
    e.field = 'items'
    throw e
  }
  const body = { items }
  const n = String(note || '').trim()
  if (n) body.note = n
  return body
}

// Rows whose manual score moves the item across the pass line (half the max): the
// disagreements a reviewer is correcting. Pass = at least half the max (docs/qa.md).
export function disagreements(draft) {
  return draft.filter((r) => r.included && r.auto !== null && typeof r.score === 'number' &&
    (r.auto * 2 >= r.max) !== (r.score * 2 >= r.max)).map((r) => r.name)
}

// Calibration rows sorted worst agreement first (items never reviewed last), with the flag
// `low` when agreement is under `threshold` (default 0.8, the bar docs/qa.md sets).
export function calibrationRows(cal, threshold = 0.8) {
  const rows = ((cal && cal.items) || []).map((it) => ({
    ...it,
    low: typeof it.agreement === 'number' && it.agreement < threshold,
  }))
  const key = (r) => (typeof r.agreement === 'number' ? r.agreement : 2)
  return rows.sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name))
}
