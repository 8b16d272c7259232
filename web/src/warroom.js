// The war room's figures (views/WarRoom.vue), pure and tested with Vitest: sentiment of the
// last hour, open on-site tickets by region with a position, today's KPIs against targets.
import { formatKpi } from './kpi.js'

const HOUR = 3600000

// Sentiment of the tickets created in the last hour (or, when none, the last 24 hours):
// {window:'hour'|'day', n, negative, neutral, positive, avg} — avg of the scores, null if none.
export function recentSentiment(tickets, now) {
  for (const [window, span] of [['hour', HOUR], ['day', 24 * HOUR]]) {
    const rows = (tickets || []).filter((x) => {
      const at = Date.parse(x.created_at)
      return x.sentiment && at <= now && now - at < span
    })
    if (!rows.length && window === 'hour') continue
    const out = { window, n: rows.length, negative: 0, neutral: 0, positive: 0, avg: null }
    let sum = 0
    for (const x of rows) {
      if (out[x.sentiment.label] !== undefined) out[x.sentiment.label]++
      sum += Number(x.sentiment.score) || 0
    }
    if (rows.length) out.avg = sum / rows.length
    return out
  }
  return { window: 'day', n: 0, negative: 0, neutral: 0, positive: 0, avg: null }
}

// Open on-site tickets per customer region: [{region, count, lat, lon, ticket_ids}], largest
// first; a region's position is the mean of its customers' locations (null when none has one).
export function onsiteByRegion(tickets, customers, active) {
  const groups = new Map()
  for (const x of tickets || []) {
    if (x.channel !== 'onsite' || !active.includes(x.status)) continue
    const c = (customers || {})[x.customer_id] || {}
    const region = c.region || '—'
    const g = groups.get(region) || { region, count: 0, lat: 0, lon: 0, located: 0, ticket_ids: [] }
    g.count++
    g.ticket_ids.push(x.id)
    if (c.location && Number.isFinite(c.location.lat) && Number.isFinite(c.location.lon)) {
      g.lat += c.location.lat
      g.lon += c.location.lon
      g.located++
    }
    groups.set(region, g)
  }
  return [...groups.values()]
    .map((g) => ({ region: g.region, count: g.count, ticket_ids: g.ticket_ids, lat: g.located ? g.lat / g.located : null, lon: g.located ? g.lon / g.located : null }))
    .sort((a, b) => b.count - a.count || a.region.localeCompare(b.region))
}

// The KPIs on the wall, each against its target: the metrics group's `targets` (KPI targets,
// {value, op, met}) where the API has them, else the benchmark's low end for higher-is-better
// rates. state: 'met' | 'missed' | '' (no target or no value).
export const WALL_KPIS = [
  ['frt_avg_s', 'seconds'], ['sla_response_attainment', 'rate'], ['sla_resolution_attainment', 'rate'],
  ['csat', 'rate'], ['fcr', 'rate'],
]
export function wallKpis(group, benchmarks) {
  return WALL_KPIS.map(([key, kind]) => {
    const value = group ? group[key] ?? null : null
    const t = group && group.targets && group.targets[key]
    const b = (benchmarks || {})[key]
    let target = null
    let op = 'ge'
    let source = ''
    if (t && t.value !== undefined && t.value !== null) {
      target = t.value
      op = t.op || 'ge'
      source = 'target'
    } else if (b && b.low !== undefined && b.low !== null) {
      target = b.low
      source = 'benchmark'
    }
    let state = ''
    if (target !== null && value !== null) {
      if (t && typeof t.met === 'boolean') state = t.met ? 'met' : 'missed'
      else state = (op === 'le' ? value <= target : value >= target) ? 'met' : 'missed'
    }
    return { key, kind, value: formatKpi(value, kind), target: target === null ? '' : (op === 'le' ? '≤ ' : '≥ ') + formatKpi(target, kind), source, state }
  })
}

// The start of the local day of `now` as an ISO instant, and the next day's start.
export function localDayRange(now) {
  const d = new Date(now)
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate())
  const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)
  const iso = (x) => x.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return { from: iso(start), to: iso(end) }
}
