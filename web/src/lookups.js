// Names for ids (customers, agents), loaded once per page session and refreshed on demand.
import { reactive } from 'vue'
import { listAll } from './api.js'

export const names = reactive({ customers: {}, agents: {}, agentList: [], loaded: false })

let loading = null
export function loadNames(force = false) {
  if (loading && !force) return loading
  loading = (async () => {
    const [customers, agents] = await Promise.all([
      listAll('/api/v1/customers', {}, 2000).catch(() => []),
      listAll('/api/v1/agents', {}, 2000).catch(() => []),
    ])
    for (const c of customers) names.customers[c.id] = c
    for (const a of agents) names.agents[a.id] = a
    names.agentList = agents
    names.loaded = true
  })()
  return loading
}

export const customerName = (id) => (names.customers[id] ? names.customers[id].name : id ? '#' + id : '')
export const agentName = (id) => (names.agents[id] ? names.agents[id].name : id ? '#' + id : '')

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed', 'reopened']
export const ACTIVE = ['new', 'open', 'pending', 'on_hold', 'reopened']
export const CHANNELS = ['phone', 'email', 'web', 'chat', 'wechat', 'app', 'social', 'onsite', 'api']
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4']
export const TIERS = ['strategic', 'high', 'growth', 'basic']

export function fmtTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
