import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, hasRole } from './session.js'

const routes = [
  { path: '/login', component: () => import('./views/Login.vue'), meta: { public: true } },
  { path: '/', redirect: '/queue/mine' },
  { path: '/queue/:scope(mine|team|all)', component: () => import('./views/Queue.vue') },
  { path: '/tickets/:id(\\d+)', component: () => import('./views/Ticket.vue') },
  { path: '/customers/:id(\\d+)', component: () => import('./views/CustomerPage.vue') },
  { path: '/dashboard', component: () => import('./views/Dashboard.vue'), meta: { roles: ['admin', 'supervisor', 'csm', 'expert'] } },
  { path: '/warroom', component: () => import('./views/WarRoom.vue'), meta: { bare: true, roles: ['admin', 'supervisor', 'csm', 'expert'] } },
  { path: '/quality', component: () => import('./views/Quality.vue') },
  { path: '/knowledge', component: () => import('./views/Knowledge.vue') },
  { path: '/scorecards', component: () => import('./views/Scorecards.vue'), meta: { roles: ['admin', 'supervisor', 'csm', 'expert'] } },
  { path: '/reports', component: () => import('./views/Reports.vue'), meta: { roles: ['admin', 'supervisor', 'csm', 'expert'] } },
  { path: '/improvements', component: () => import('./views/Improvements.vue') },
  { path: '/admin/agents', component: () => import('./views/admin/Agents.vue'), meta: { roles: ['admin', 'supervisor'] } },
  { path: '/admin/sla', component: () => import('./views/admin/Sla.vue'), meta: { roles: ['admin', 'supervisor'] } },
  { path: '/admin/routing', component: () => import('./views/admin/Routing.vue'), meta: { roles: ['admin', 'supervisor'] } },
  { path: '/admin/surveys', component: () => import('./views/admin/Surveys.vue'), meta: { roles: ['admin', 'supervisor'] } },
  { path: '/admin/categories', component: () => import('./views/admin/Categories.vue'), meta: { roles: ['admin', 'supervisor'] } },
  { path: '/admin/rules', component: () => import('./views/admin/Rules.vue'), meta: { roles: ['admin', 'supervisor'] } },
  { path: '/:rest(.*)*', redirect: '/queue/mine' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.checked || !session.agent) await loadSession()
  if (!session.agent) return { path: '/login', query: { next: to.fullPath } }
  if (to.meta.roles && !hasRole(...to.meta.roles)) return '/queue/mine'
  return true
})
