import { describe, it, expect } from 'vitest'
import { teamSummaries } from '../../src/teams.js'

describe('teamSummaries', () => {
  it('sums members, online agents, capacity, supervisors and skills per team', () => {
    const s = teamSummaries([
      { name: 'A', team: '售后', status: 'online', capacity: 5, role: 'agent', skills: ['billing'] },
      { name: 'B', team: '售后', status: 'away', capacity: 3, role: 'supervisor', skills: ['billing', 'vip'] },
      { name: 'C', team: '技术', status: 'online', capacity: 4, role: 'expert', skills: [] },
      { name: 'D', status: 'offline', capacity: 2, role: 'admin' },
    ])
    expect(s[0]).toEqual({ team: '售后', members: 2, online: 1, capacity: 8, supervisors: ['B'], skills: ['billing', 'vip'] })
    expect(s.map((x) => x.team)).toEqual(['售后', '', '技术'])
  })
})
