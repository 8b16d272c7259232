// The rule editor's form model ↔ the rule wire form (docs/rules.md). Pure; tested with Vitest.

export const EVENTS = ['ticket.created', 'ticket.updated', 'message.created', 'sla.warning', 'sla.breached', 'survey.answered', 'schedule']
export const ACTION_TYPES = ['set', 'add_tag', 'remove_tag', 'assign', 'add_note', 'create_task', 'escalate', 'grant_compensation', 'adjust_sla', 'notify', 'send_survey', 'webhook']
// The parameters each action type takes in the form (all strings in the form; see toValue).
export const ACTION_PARAMS = {
  set: ['field', 'value'], add_tag: ['value'], remove_tag: ['value'], assign: ['team', 'agent_id'],
  add_note: ['body'], create_task: ['department', 'title', 'due_in_s'], escalate: ['reason'],
  grant_compensation: ['kind', 'amount', 'note'], adjust_sla: ['target', 'seconds'],
  notify: ['to_role', 'message'], send_survey: ['kind'], webhook: ['url'],
}
const NUMERIC_PARAMS = new Set(['agent_id', 'due_in_s', 'amount', 'seconds'])

// A condition's form value to its wire value for a field of `type` and operator `op`.
export function toValue(type, op, text) {
  if (op === 'changed') return text === '' || text === undefined ? true : text === true || text === 'true'
  const one = (s) => {
    if (typeof s !== 'string') return s
    const v = s.trim()
    if (type === 'number' || type === 'id') return v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v
    if (type === 'bool') return v === 'true' ? true : v === 'false' ? false : v
    return v
  }
  if (op === 'in') {
    const parts = Array.isArray(text) ? text : String(text ?? '').split(/[,，]/)
    return parts.map(one).filter((x) => x !== '')
  }
  return Array.isArray(text) ? text.map(one) : one(text ?? '')
}

// Form → wire. `fields` maps field name → {type}.
export function formToRule(form, fields) {
  const conds = form.conditions.map((c) => ({
    field: c.field, op: c.op, value: toValue((fields[c.field] || {}).type, c.op, c.value),
  }))
  const actions = form.actions.map((a) => {
    const out = { type: a.type }
    for (const p of ACTION_PARAMS[a.type] || []) {
      const v = a[p]
      if (v === undefined || v === null || v === '') continue
      out[p] = NUMERIC_PARAMS.has(p) && !Number.isNaN(Number(v)) ? Number(v) : v
    }
    return out
  })
  const rule = { name: form.name, event: form.event, enabled: form.enabled, position: Number(form.position) || 0, actions }
  if (conds.length) rule.conditions = { [form.match]: conds }
  return rule
}

// Wire → form (nested groups beyond the first level are kept as JSON text in `value`).
export function ruleToForm(rule) {
  const c = rule.conditions || {}
  const match = c.any ? 'any' : 'all'
  const list = c[match] || []
  return {
    id: rule.id, version: rule.version, name: rule.name || '', event: rule.event || 'ticket.created',
    enabled: rule.enabled !== false, position: rule.position || 0, match,
    conditions: list.filter((x) => x.field).map((x) => ({
      field: x.field, op: x.op, value: Array.isArray(x.value) ? x.value.join(',') : x.value === undefined ? '' : String(x.value),
    })),
    actions: (rule.actions || []).map((a) => {
      const o = { ...a }
      for (const k of Object.keys(o)) if (k !== 'type' && typeof o[k] !== 'string') o[k] = String(o[k])
      return o
    }),
  }
}

// Where an API error's `field` points in the form: {section:'conditions'|'actions'|'top', index, key}.
export function locateError(field) {
  if (!field) return null
  let m = /^conditions\.(?:all|any|none)\[(\d+)\]\.?(\w*)/.exec(field)
  if (m) return { section: 'conditions', index: Number(m[1]), key: m[2] || 'field' }
  m = /^actions\[(\d+)\]\.?(\w*)/.exec(field)
  if (m) return { section: 'actions', index: Number(m[1]), key: m[2] || 'type' }
  return { section: 'top', index: -1, key: field }
}
