// Counting tickets for the dashboard charts (pure; tested with Vitest).

// {key: count} of `items` by `keyOf`, in descending count order as [key, count] pairs.
export function countBy(items, keyOf) {
  const m = new Map()
  for (const it of items) {
    const k = keyOf(it)
    if (k === undefined || k === null || k === '') continue
    m.set(k, (m.get(k) || 0) + 1)
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1])
}

// Tickets per UTC day between `from` and `to` (YYYY-MM-DD, inclusive), zeros included.
export function perDay(items, from, to) {
  const days = []
  const start = Date.parse(from + 'T00:00:00Z')
  const end = Date.parse(to + 'T00:00:00Z')
  const counts = new Map()
  for (const it of items) {
    const d = String(it.created_at || '').slice(0, 10)
    counts.set(d, (counts.get(d) || 0) + 1)
  }
  for (let t = start; t <= end; t += 86400000) {
    const d = new Date(t).toISOString().slice(0, 10)
    days.push([d, counts.get(d) || 0])
  }
  return days
}

// The share of `items` for which `pred` holds, or null when there are none.
export function share(items, pred) {
  if (!items.length) return null
  return items.filter(pred).length / items.length
}

export function pct(x) {
  return x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%'
}
