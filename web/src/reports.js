// Formatting of the report numbers (views/Reports.vue): money with thousands separators,
// rates as percentages, signed period-over-period changes. null/undefined → "—".
export function fmtMoney(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—'
  return Number(v).toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: Math.abs(v) < 100 ? 2 : 0 })
}

export function fmtRate(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—'
  return (Number(v) * 100).toFixed(1) + '%'
}

// A change as shown under a card: "+12.50", "−3", "±0"; rates in points.
export function signedChange(v, kind) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—'
  const n = Number(v)
  if (n === 0) return '±0'
  const sign = n > 0 ? '+' : '−'
  const a = Math.abs(n)
  if (kind === 'money') return sign + fmtMoney(a)
  if (kind === 'hours') return sign + a.toFixed(1) + ' h'
  if (kind === 'rate') return sign + (a * 100).toFixed(1) + ' pt'
  return sign + String(Math.round(a * 100) / 100)
}
