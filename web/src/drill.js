// Dashboard drill-down (components/DrillDrawer.vue): which metric of GET /api/v1/metrics/tickets
// a KPI card or chart stands for, and the slice it covers; kept in the URL so a drill-down
// can be shared.

const CARD_METRIC = {
  csat: 'csat', nps: 'nps', frt_avg_s: 'frt', frt_p90_s: 'frt', resolution_avg_s: 'resolution', fcr: 'fcr',
  reopen_rate: 'reopen_rate', sla_response_attainment: 'sla_response_attainment',
  sla_resolution_attainment: 'sla_resolution_attainment', survey_response_rate: 'survey_response_rate', backlog: 'backlog',
}
export const drillMetricOf = (cardKey) => CARD_METRIC[cardKey] || null

const nextDay = (d) => new Date(Date.parse(d + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10)

// The request parameters of a drill-down: the dashboard's range (`to` exclusive, the day after
// the last day), narrowed to one day or one channel when the drill came from those charts.
export function drillParams(drill, range) {
  const p = { metric: drill.metric, from: range[0] + 'T00:00:00Z', to: nextDay(range[1]) + 'T00:00:00Z' }
  if (drill.day) { p.from = drill.day + 'T00:00:00Z'; p.to = nextDay(drill.day) + 'T00:00:00Z' }
  if (drill.channel) p.channel = drill.channel
  return p
}

// The drill in the URL query and back: {drill, dday, dchannel}.
export function drillToQuery(drill) {
  if (!drill) return {}
  const q = { drill: drill.metric }
  if (drill.day) q.dday = drill.day
  if (drill.channel) q.dchannel = drill.channel
  return q
}
export function drillFromQuery(q) {
  if (!q || !q.drill || !/^[a-z_]+$/.test(q.drill)) return null
  const d = { metric: q.drill }
  if (q.dday && /^\d{4}-\d{2}-\d{2}$/.test(q.dday)) d.day = q.dday
  if (q.dchannel && /^[a-z]+$/.test(q.dchannel)) d.channel = q.dchannel
  return d
}
