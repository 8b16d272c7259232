import { describe, it, expect } from 'vitest'
import { columns, moveStage, formatMetric, targetToApi, targetFromApi, parseTicketIds, bodyFromForm, verdictType } from '../../src/pdca.js'

describe('columns', () => {
  it('groups by stage, newest change first, unknown stages in plan', () => {
    const c = columns([
      { id: 1, stage: 'do', updated_at: '2026-01-01T00:00:00Z' },
      { id: 2, stage: 'do', updated_at: '2026-02-01T00:00:00Z' },
      { id: 3, stage: 'weird' },
      { id: 4, stage: 'act' },
    ])
    expect(c.do.map((i) => i.id)).toEqual([2, 1])
    expect(c.plan.map((i) => i.id)).toEqual([3])
    expect(c.check).toEqual([])
    expect(c.act.map((i) => i.id)).toEqual([4])
  })
})

describe('moveStage', () => {
  it('moves forward and back', () => {
    expect(moveStage('plan', 1)).toBe('do')
    expect(moveStage('check', -1)).toBe('do')
  })
  it('stops at the ends', () => {
    expect(moveStage('plan', -1)).toBeNull()
    expect(moveStage('act', 1)).toBeNull()
  })
})

describe('formatMetric', () => {
  it('shows rates in percent', () => expect(formatMetric('complaint_rate', 0.1234)).toBe('12.3%'))
  it('shows resolution time as a duration', () => expect(formatMetric('resolution_time', 5400)).toBe('1h 30m'))
  it('shows no value as a dash', () => expect(formatMetric('csat', null)).toBe('—'))
})

describe('targets', () => {
  it('turns percent into a fraction and hours into seconds', () => {
    expect(targetToApi('fcr', '85')).toBeCloseTo(0.85)
    expect(targetToApi('resolution_time', '4')).toBe(14400)
    expect(targetToApi('fcr', '')).toBeNull()
    expect(targetToApi('fcr', 'abc')).toBeNaN()
  })
  it('round-trips for the form', () => {
    expect(targetFromApi('fcr', 0.85)).toBe('85')
    expect(targetFromApi('resolution_time', 14400)).toBe('4')
    expect(targetFromApi('csat', null)).toBe('')
  })
})

describe('parseTicketIds', () => {
  it('accepts commas, spaces and # marks, without repeats', () => expect(parseTicketIds('12, #13 14，12')).toEqual([12, 13, 14]))
  it('is empty for nothing', () => expect(parseTicketIds('')).toEqual([]))
  it('refuses a non-id', () => expect(parseTicketIds('12, abc')).toBeNull())
})

describe('bodyFromForm', () => {
  const base = { problem: ' 漏水投诉 ', metric: 'complaint_rate', tickets: '5', target: '20', baseline_days: 14, category: '', channel: 'phone', product: '' }
  it('builds the request body', () => {
    const { body } = bodyFromForm({ ...base, change_at: '2026-03-01T00:00:00.000Z' })
    expect(body).toMatchObject({ problem: '漏水投诉', metric: 'complaint_rate', ticket_ids: [5], baseline_days: 14, target: 0.2, change_at: '2026-03-01T00:00:00Z' })
    expect(body.scope).toEqual({ category: null, channel: 'phone', product: null })
  })
  it('names the field at fault', () => {
    expect(bodyFromForm({ ...base, problem: ' ' }).error).toBe('problem')
    expect(bodyFromForm({ ...base, tickets: 'x' }).error).toBe('ticket_ids')
    expect(bodyFromForm({ ...base, target: 'lots' }).error).toBe('target')
  })
})

describe('verdictType', () => {
  it('colours verdicts', () => {
    expect(verdictType('improved')).toBe('success')
    expect(verdictType('worsened')).toBe('danger')
  })
})
