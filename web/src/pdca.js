// The PDCA board's logic (views/Improvements.vue, API /api/v1/improvements, docs/voc.md):
// columns by stage, stage moves, the create form ↔ request body, and verdict numbers.
import { formatDuration } from './sla.js'

export const STAGES = ['plan', 'do', 'check', 'act']
export const METRICS = ['csat', 'complaint_rate', 'fcr', 'reopen_rate', 'resolution_time']
// Whether a higher value of the metric is better (the verdict's direction).
export const HIGHER_IS_BETTER = { csat: true, fcr: true, complaint_rate: false, reopen_rate: false, resolution_time: false }

export function columns(items) {
  const out = Object.fromEntries(STAGES.map((s) => [s, []]))
  for (const i of items || []) (out[i.stage] || out.plan).push(i)
  for (const s of STAGES) out[s].sort((a, b) => String(b.updated_at || '').localeCompare(String(a.updated_at || '')) || b.id - a.id)
  return out
}

// The neighbouring stage (dir −1 back, +1 forward), or null at either end.
export function moveStage(stage, dir) {
  const i = STAGES.indexOf(stage)
  const j = i + dir
  return i < 0 || j < 0 || j >= STAGES.length ? null : STAGES[j]
}

// A metric's value as people read it: rates in %, resolution time as a duration.
export function formatMetric(metric, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  if (metric === 'resolution_time') return formatDuration(Math.round(v * 1000))
  return (v * 100).toFixed(1) + '%'
}

// The form holds the target as people type it (percent for rates, hours for resolution
// time); the API wants a fraction or seconds. Empty stays unset.
export function targetToApi(metric, text) {
  if (text === '' || text === null || text === undefined) return null
  const n = Number(text)
  if (!Number.isFinite(n)) return NaN
  return metric === 'resolution_time' ? Math.round(n * 3600) : n / 100
}

export function targetFromApi(metric, v) {
  if (v === null || v === undefined) return ''
  return metric === 'resolution_time' ? String(+(v / 3600).toFixed(2)) : String(+(v * 100).toFixed(2))
}

// Ticket ids typed as "12, #13 14" → [12, 13, 14]; null when a part is not an id.
export function parseTicketIds(text) {
  const parts = String(text || '').split(/[\s,，;；]+/).map((s) => s.replace(/^#/, '')).filter(Boolean)
  const ids = []
  for (const p of parts) {
    if (!/^\d+$/.test(p) || Number(p) <= 0) return null
    if (!ids.includes(Number(p))) ids.push(Number(p))
  }
  return ids
}

// The request body of the create/edit form; { error: field } when the form is not valid.
export function bodyFromForm(f) {
  if (!String(f.problem || '').trim()) return { error: 'problem' }
  const ticket_ids = parseTicketIds(f.tickets)
  if (ticket_ids === null) return { error: 'ticket_ids' }
  const target = targetToApi(f.metric, f.target)
  if (Number.isNaN(target)) return { error: 'target' }
  const scope = {}
  for (const k of ['category', 'channel', 'product']) scope[k] = f[k] ? String(f[k]).trim() || null : null
  const body = {
    problem: f.problem.trim(), metric: f.metric, scope, ticket_ids,
    baseline_days: Number(f.baseline_days) || 30, target,
    owner_id: f.owner_id || null,
  }
  if (String(f.title || '').trim()) body.title = f.title.trim()
  if (String(f.plan || '').trim()) body.plan = f.plan.trim()
  if (f.change_at) body.change_at = new Date(f.change_at).toISOString().replace(/\.\d{3}Z$/, 'Z')
  return { body }
}

// Tag type of a verdict for Element Plus.
export function verdictType(v) {
  return { improved: 'success', worsened: 'danger', no_significant_change: 'info', insufficient_data: 'warning' }[v] || 'info'
}
