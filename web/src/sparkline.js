// A KPI card's trend line (components/Sparkline.vue) as SVG polyline points: nulls (days
// without data) are skipped, the range is the series' own min..max (a flat series sits in
// the middle). Returns '' for fewer than two values.
export function sparkPoints(values, width, height, pad = 2) {
  const pts = (values || []).map((v, i) => [i, v]).filter(([, v]) => v !== null && v !== undefined && Number.isFinite(v))
  if (pts.length < 2) return ''
  const n = values.length - 1
  const ys = pts.map(([, v]) => v)
  const lo = Math.min(...ys)
  const hi = Math.max(...ys)
  const y = (v) => (hi === lo ? height / 2 : pad + (height - 2 * pad) * (1 - (v - lo) / (hi - lo)))
  const x = (i) => pad + ((width - 2 * pad) * i) / n
  return pts.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
}

// The change from the first to the last value of the series with data: 'up' | 'down' | ''.
export function trend(values) {
  const ys = (values || []).filter((v) => v !== null && v !== undefined && Number.isFinite(v))
  if (ys.length < 2 || ys[ys.length - 1] === ys[0]) return ''
  return ys[ys.length - 1] > ys[0] ? 'up' : 'down'
}
