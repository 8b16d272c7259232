import { describe, it, expect } from 'vitest'
import { formToRule, ruleToForm, toValue, locateError } from '../../src/rules.js'
import { countBy, perDay, share } from '../../src/stats.js'

const fields = { 'ticket.priority': { type: 'enum' }, 'ticket.reopen_count': { type: 'number' }, 'customer.tier': { type: 'enum' } }

describe('rule form', () => {
  it('turns the form into the wire rule with typed values', () => {
    const rule = formToRule({
      name: 'n', event: 'ticket.created', enabled: true, position: '3', match: 'any',
      conditions: [
        { field: 'ticket.reopen_count', op: 'gt', value: '2' },
        { field: 'customer.tier', op: 'in', value: 'strategic, high' },
      ],
      actions: [{ type: 'create_task', department: 'tech', title: 't', due_in_s: '7200' }, { type: 'add_tag', value: '' }],
    }, fields)
    expect(rule).toEqual({
      name: 'n', event: 'ticket.created', enabled: true, position: 3,
      conditions: { any: [{ field: 'ticket.reopen_count', op: 'gt', value: 2 }, { field: 'customer.tier', op: 'in', value: ['strategic', 'high'] }] },
      actions: [{ type: 'create_task', department: 'tech', title: 't', due_in_s: 7200 }, { type: 'add_tag' }],
    })
  })
  it('round-trips a stored rule', () => {
    const stored = { id: 4, version: 2, name: 'x', event: 'message.created', enabled: false, position: 1,
      conditions: { all: [{ field: 'ticket.priority', op: 'eq', value: 'P1' }] }, actions: [{ type: 'add_tag', value: 'vip' }] }
    const back = formToRule(ruleToForm(stored), fields)
    expect(back).toEqual({ name: 'x', event: 'message.created', enabled: false, position: 1,
      conditions: stored.conditions, actions: stored.actions })
  })
  it('changed defaults to true', () => expect(toValue('enum', 'changed', '')).toBe(true))
  it('locates server errors on the form', () => {
    expect(locateError('conditions.all[2].value')).toEqual({ section: 'conditions', index: 2, key: 'value' })
    expect(locateError('actions[0].field')).toEqual({ section: 'actions', index: 0, key: 'field' })
    expect(locateError('name')).toEqual({ section: 'top', index: -1, key: 'name' })
  })
})

describe('dashboard counting', () => {
  const items = [{ channel: 'phone', created_at: '2026-11-01T10:00:00Z' }, { channel: 'phone', created_at: '2026-11-03T01:00:00Z' }, { channel: 'email', created_at: '2026-11-03T02:00:00Z' }]
  it('counts by key, largest first', () => expect(countBy(items, (x) => x.channel)).toEqual([['phone', 2], ['email', 1]]))
  it('fills empty days with zero', () => expect(perDay(items, '2026-11-01', '2026-11-03')).toEqual([['2026-11-01', 1], ['2026-11-02', 0], ['2026-11-03', 2]]))
  it('share is null without items', () => { expect(share([], () => true)).toBe(null); expect(share(items, (x) => x.channel === 'email')).toBeCloseTo(1 / 3) })
})
