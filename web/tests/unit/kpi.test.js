import { describe, it, expect } from 'vitest'
import { formatKpi, formatBenchmark, benchmarkState, kpiCards, series } from '../../src/kpi.js'

describe('formatKpi', () => {
  it('shows a rate as a percentage', () => expect(formatKpi(0.8567, 'rate')).toBe('85.7%'))
  it('shows null as a dash, never 0', () => expect(formatKpi(null, 'rate')).toBe('—'))
  it('signs a positive NPS', () => expect(formatKpi(42.4, 'nps')).toBe('+42'))
  it('keeps a negative NPS', () => expect(formatKpi(-12.6, 'nps')).toBe('-13'))
  it('shows zero NPS plainly', () => expect(formatKpi(0, 'nps')).toBe('0'))
  it('shows seconds as a duration', () => expect(formatKpi(5400, 'seconds')).toBe('1h 30m'))
  it('shows a count', () => expect(formatKpi(17, 'count')).toBe('17'))
})

describe('benchmarks', () => {
  it('formats a single-value rate', () => expect(formatBenchmark({ low: 0.85, high: 0.85 }, 'rate')).toBe('85%'))
  it('formats an NPS range', () => expect(formatBenchmark({ low: 30, high: 50 }, 'nps')).toBe('30–50'))
  it('is empty without one', () => expect(formatBenchmark(undefined, 'rate')).toBe(''))
  it('compares against the low end', () => {
    expect(benchmarkState(0.9, { low: 0.85 })).toBe('above')
    expect(benchmarkState(0.5, { low: 0.85 })).toBe('below')
    expect(benchmarkState(null, { low: 0.85 })).toBe('')
    expect(benchmarkState(0.5, undefined)).toBe('')
  })
})

describe('kpiCards', () => {
  it('builds cards with benchmarks where the API gives them', () => {
    const cards = kpiCards({ csat: 0.9, nps: null, backlog: 3, frt_avg_s: 60 },
      { csat: { low: 0.85, high: 0.85, source: 'CSAT internet 85 %' } })
    const csat = cards.find((c) => c.key === 'csat')
    expect(csat).toMatchObject({ value: '90.0%', benchmark: '85%', benchmarkSource: 'CSAT internet 85 %', state: 'above' })
    expect(cards.find((c) => c.key === 'nps').value).toBe('—')
    expect(cards.find((c) => c.key === 'backlog')).toMatchObject({ value: '3', benchmark: '' })
    expect(cards.find((c) => c.key === 'frt_avg_s').value).toBe('1m 00s')
  })
  it('is empty without a group', () => expect(kpiCards(null, {})).toEqual([]))
})

describe('series', () => {
  it('pairs keys with a field, nulls kept', () =>
    expect(series([{ key: '2026-11-01', csat: 0.5 }, { key: '2026-11-02', csat: null }], 'csat'))
      .toEqual([['2026-11-01', 0.5], ['2026-11-02', null]]))
})
