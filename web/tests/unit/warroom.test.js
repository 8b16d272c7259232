import { describe, it, expect } from 'vitest'
import { recentSentiment, onsiteByRegion, wallKpis, localDayRange } from '../../src/warroom.js'

const NOW = Date.parse('2026-11-23T10:00:00Z')
const at = (minutesAgo) => new Date(NOW - minutesAgo * 60000).toISOString()

describe('recentSentiment', () => {
  it('counts the last hour by label with the mean score', () => {
    const s = recentSentiment([
      { created_at: at(5), sentiment: { label: 'negative', score: -0.8 } },
      { created_at: at(30), sentiment: { label: 'positive', score: 0.4 } },
      { created_at: at(90), sentiment: { label: 'negative', score: -0.9 } },
      { created_at: at(10) },
    ], NOW)
    expect(s).toMatchObject({ window: 'hour', n: 2, negative: 1, positive: 1, neutral: 0 })
    expect(s.avg).toBeCloseTo(-0.2)
  })
  it('falls back to the last day when the hour is quiet', () => {
    const s = recentSentiment([{ created_at: at(300), sentiment: { label: 'neutral', score: 0 } }], NOW)
    expect(s).toMatchObject({ window: 'day', n: 1, neutral: 1 })
  })
  it('says nothing without data', () => expect(recentSentiment([], NOW)).toMatchObject({ n: 0, avg: null }))
})

describe('onsiteByRegion', () => {
  const customers = {
    1: { region: '华东', location: { lat: 31, lon: 121 } },
    2: { region: '华东', location: { lat: 33, lon: 119 } },
    3: { region: '西北' },
  }
  const active = ['new', 'open']
  it('groups open on-site tickets by region at the mean position', () => {
    const r = onsiteByRegion([
      { id: 10, channel: 'onsite', status: 'open', customer_id: 1 },
      { id: 11, channel: 'onsite', status: 'new', customer_id: 2 },
      { id: 12, channel: 'onsite', status: 'resolved', customer_id: 1 },
      { id: 13, channel: 'phone', status: 'open', customer_id: 1 },
      { id: 14, channel: 'onsite', status: 'open', customer_id: 3 },
    ], customers, active)
    expect(r).toEqual([
      { region: '华东', count: 2, ticket_ids: [10, 11], lat: 32, lon: 120 },
      { region: '西北', count: 1, ticket_ids: [14], lat: null, lon: null },
    ])
  })
})

describe('wallKpis', () => {
  it('prefers KPI targets and says whether they are met', () => {
    const k = wallKpis({ frt_avg_s: 1200, csat: 0.9, fcr: null, sla_response_attainment: 0.7, targets: { frt_avg_s: { value: 1800, op: 'le', met: true }, sla_response_attainment: { value: 0.9, op: 'ge' } } }, { csat: { low: 0.85 } })
    const by = Object.fromEntries(k.map((x) => [x.key, x]))
    expect(by.frt_avg_s).toMatchObject({ state: 'met', source: 'target', target: '≤ 30m 00s' })
    expect(by.sla_response_attainment).toMatchObject({ state: 'missed', target: '≥ 90.0%' })
    expect(by.csat).toMatchObject({ state: 'met', source: 'benchmark', value: '90.0%' })
    expect(by.fcr).toMatchObject({ state: '', value: '—' })
  })
})

describe('localDayRange', () => {
  it('spans one day', () => {
    const r = localDayRange(NOW)
    expect(Date.parse(r.to) - Date.parse(r.from)).toBe(86400000)
    expect(Date.parse(r.from) <= NOW && NOW < Date.parse(r.to)).toBe(true)
  })
})
