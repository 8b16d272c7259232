// Teams in the agents admin (views/admin/Agents.vue): one summary per team from the agent
// list — members, how many are online, supervisors by name, total capacity, skills — sorted
// by size. Agents without a team are counted under ''.
export function teamSummaries(agents) {
  const by = new Map()
  for (const a of agents || []) {
    const key = a.team || ''
    const s = by.get(key) || { team: key, members: 0, online: 0, capacity: 0, supervisors: [], skills: [] }
    s.members++
    if (a.status === 'online') s.online++
    s.capacity += Number(a.capacity) || 0
    if (a.role === 'supervisor') s.supervisors.push(a.name)
    for (const k of a.skills || []) if (!s.skills.includes(k)) s.skills.push(k)
    by.set(key, s)
  }
  return [...by.values()].sort((x, y) => y.members - x.members || x.team.localeCompare(y.team))
}
