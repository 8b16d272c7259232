import { describe, it, expect } from 'vitest'
import { drillMetricOf, drillParams, drillToQuery, drillFromQuery } from '../../src/drill.js'

describe('drill-down', () => {
  it('maps KPI cards to drill metrics', () => {
    expect(drillMetricOf('frt_p90_s')).toBe('frt')
    expect(drillMetricOf('resolution_avg_s')).toBe('resolution')
    expect(drillMetricOf('csat')).toBe('csat')
    expect(drillMetricOf('nonsense')).toBeNull()
  })
  it('covers the range with an exclusive end, or one day, or one channel', () => {
    expect(drillParams({ metric: 'fcr' }, ['2026-11-01', '2026-11-30'])).toEqual({ metric: 'fcr', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })
    expect(drillParams({ metric: 'tickets', day: '2026-11-05' }, ['2026-11-01', '2026-11-30'])).toMatchObject({ from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z' })
    expect(drillParams({ metric: 'tickets', channel: 'email' }, ['2026-11-01', '2026-11-01']).channel).toBe('email')
  })
  it('round-trips through the URL and refuses junk', () => {
    const d = { metric: 'tickets', day: '2026-11-05', channel: 'wechat' }
    expect(drillFromQuery(drillToQuery(d))).toEqual(d)
    expect(drillFromQuery({ drill: 'x;y' })).toBeNull()
    expect(drillFromQuery({ drill: 'csat', dday: 'soon' })).toEqual({ metric: 'csat' })
    expect(drillToQuery(null)).toEqual({})
  })
})
