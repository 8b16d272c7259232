import { describe, it, expect } from 'vitest'
import { forecastSeries, staffingSeries, sortInsights, rankedScorecards, severityType } from '../../src/fcst.js'

describe('forecastSeries', () => {
  it('gives the point forecast and a stacked 95 % band', () => {
    const s = forecastSeries({ daily: [{ date: '2026-11-24', tickets: 80.04, low: 60, high: 100.5 }, { date: '2026-11-25', tickets: 70, low: 50, high: 90, holiday: true }] })
    expect(s.dates).toEqual(['11-24', '11-25'])
    expect(s.tickets).toEqual([80, 70])
    expect(s.low).toEqual([60, 50])
    expect(s.band).toEqual([40.5, 40])
    expect(s.holidays).toEqual(['11-25'])
  })
  it('is empty without a forecast', () => expect(forecastSeries(null).dates).toEqual([]))
})

describe('staffingSeries', () => {
  it('takes the next hours and their peak', () => {
    const f = { staffing: [{ at: '2026-11-24T01:00:00Z', agents: 3 }, { at: '2026-11-24T02:00:00Z', agents: 7 }, { at: '2026-11-24T03:00:00Z', agents: 5 }] }
    const s = staffingSeries(f, 2)
    expect(s.agents).toEqual([3, 7])
    expect(s.peak).toBe(7)
    expect(s.labels.length).toBe(2)
  })
})

describe('insights and scorecards', () => {
  it('puts critical and surer insights first', () => {
    const r = sortInsights([{ id: 'a', severity: 'info', confidence: 0.99 }, { id: 'b', severity: 'critical', confidence: 0.9 }, { id: 'c', severity: 'critical', confidence: 0.99 }])
    expect(r.map((x) => x.id)).toEqual(['c', 'b', 'a'])
    expect(severityType('critical')).toBe('danger')
  })
  it('ranks agents, unranked last by tickets', () => {
    const r = rankedScorecards([{ agent_id: 1, rank: null, tickets: 9 }, { agent_id: 2, rank: 2 }, { agent_id: 3, rank: 1 }, { agent_id: 4, rank: null, tickets: 20 }])
    expect(r.map((x) => x.agent_id)).toEqual([3, 2, 4, 1])
  })
})
