// KPI cards of the supervisor dashboard from GET /api/v1/metrics (pure; tested with Vitest).
// Each metric has a kind that says how its value reads: a rate (fraction 0..1 shown as %),
// NPS (-100..100), seconds (a duration) or a count. Definitions are in docs/metrics.md.

import { formatDuration } from './sla.js'

export const KPI_FIELDS = [
  ['csat', 'rate'],
  ['nps', 'nps'],
  ['frt_avg_s', 'seconds'],
  ['frt_p90_s', 'seconds'],
  ['resolution_avg_s', 'seconds'],
  ['fcr', 'rate'],
  ['reopen_rate', 'rate'],
  ['sla_response_attainment', 'rate'],
  ['sla_resolution_attainment', 'rate'],
  ['survey_response_rate', 'rate'],
  ['backlog', 'count'],
]

export function formatKpi(value, kind) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  switch (kind) {
    case 'rate': return (value * 100).toFixed(1) + '%'
    case 'nps': return (value > 0 ? '+' : '') + Math.round(value)
    case 'seconds': return formatDuration(value * 1000)
    default: return String(Math.round(value))
  }
}

// The benchmark as text ("85.0%", "30–50") or '' when the API gives none for the metric.
export function formatBenchmark(b, kind) {
  if (!b || b.low === undefined || b.low === null) return ''
  const f = (x) => (kind === 'rate' ? (x * 100).toFixed(0) + '%' : String(Math.round(x)))
  return b.high !== undefined && b.high !== null && b.high !== b.low ? `${f(b.low)}–${f(b.high)}` : f(b.low)
}

// 'above' (at or over the low end), 'below', or '' without a benchmark or a value.
export function benchmarkState(value, b) {
  if (!b || value === null || value === undefined || b.low === undefined || b.low === null) return ''
  return value >= b.low ? 'above' : 'below'
}

// The cards for one metrics group and the response's benchmarks.
export function kpiCards(group, benchmarks) {
  if (!group) return []
  return KPI_FIELDS.map(([key, kind]) => {
    const b = (benchmarks || {})[key]
    return {
      key, kind, raw: group[key] ?? null,
      value: formatKpi(group[key], kind),
      benchmark: formatBenchmark(b, kind),
      benchmarkSource: (b && b.source) || '',
      state: benchmarkState(group[key], b),
    }
  })
}

// A day or channel series of one metric from a grouped response: [[key, value|null], ...].
export function series(groups, field) {
  return (groups || []).map((g) => [g.key, g[field] ?? null])
}
