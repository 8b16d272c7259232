// The scenario of run.mjs: an agent's day, a supervisor's day, an admin's screens.
import { reportSteps } from './steps_reports.mjs'
import { qaReviewSteps } from './steps_qa.mjs'
import { statusLinkSteps, pdcaSteps, warRoomSteps, dashboardDrillSteps, shortcutSteps, adminVocSteps, fcstSteps } from './steps_web2.mjs'

// Picks option `label` of the Element Plus select found by `selector`.
async function choose(page, selector, label) {
  await page.locator(selector).first().click()
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click()
}

export async function run({ page, step, expect, shot, shotPath, signIn, signOut, who, BASE, pageErrors }) {
  await step('the sign-in page shows, in Chinese by default', async () => {
    await page.goto(BASE + '/')
    await page.waitForURL(/\/login/)
    await page.waitForSelector('text=登录')
    await shot('01-login')
  })

  await step('a wrong password is refused in words', async () => {
    await page.fill('input[name=email]', who.agent.email)
    await page.fill('input[name=password]', 'not-the-password')
    await page.click('[data-test=submit]')
    const err = await page.waitForSelector('[data-test=login-error]')
    expect((await err.innerText()).includes('邮箱或密码错误'), 'the wrong-password message')
  })

  await step('the agent signs in and sees the own queue with SLA countdowns', async () => {
    await signIn(who.agent)
    await page.waitForURL(/\/queue\/mine/)
    await page.waitForSelector('[data-test=queue-table] .el-table__row')
    const states = await page.locator('[data-sla-state]').evaluateAll((els) => els.map((e) => e.dataset.slaState))
    expect(states.length > 0, 'SLA countdowns in the queue')
  })

  await step('a ticket assigned to the agent appears in the queue live, without a reload', async () => {
    const subject = '直播更新测试 空调漏水 ' + Date.now()
    const status = await page.evaluate(async (subject) => {
      const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('ld_csrf=')).slice(8))
      const me = await (await fetch('/api/v1/auth/session')).json()
      const cust = (await (await fetch('/api/v1/customers?limit=1')).json()).items[0]
      const r = await fetch('/api/v1/tickets', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ customer_id: cust.id, channel: 'chat', subject, description: '客厅空调一直在漏水，地板都湿了。', assignee_id: me.agent.id }),
      })
      return r.status
    }, subject)
    expect(status === 201, 'the ticket was created, got ' + status)
    await page.waitForSelector(`[data-test=queue-table] .el-table__row:has-text("${subject}")`, { timeout: 15000 })
    await page.waitForTimeout(300)
    await shot('02-my-queue')
  })

  let ticketUrl
  await step('the agent opens a ticket: conversation, SLA panel and customer 360°', async () => {
    await page.locator('[data-test=queue-table] .el-table__row').first().click()
    await page.waitForURL(/\/tickets\/\d+/)
    ticketUrl = page.url()
    await page.waitForSelector('[data-test=conversation] .msg')
    await page.waitForSelector('[data-test=customer-360] .name')
    await page.waitForSelector('[data-test=sla-panel]')
    await page.waitForSelector('[data-test=qa-panel] [data-test=qa-score]')
    await page.waitForSelector('[data-test=ticket-survey], [data-test=survey-none]')
    await shot('03-ticket')
    await page.locator('[data-test=ticket-insights]').screenshot({ path: shotPath('03b-ticket-qa') })
  })

  await statusLinkSteps({ page, step, expect, shotPath, BASE })
  await shortcutSteps({ page, step, expect })

  await step('the agent replies to the customer', async () => {
    const text = '您好，已为您安排工程师上门检修，请保持电话畅通。' + Date.now()
    await page.fill('[data-test=reply-box] textarea, textarea[data-test=reply-box]', text)
    await page.click('[data-test=send]')
    await page.waitForSelector(`[data-test=conversation] .msg.agent:has-text("${text}")`)
  })

  await step('the agent resolves the ticket and the status shows it', async () => {
    await page.click('[data-test=resolve]')
    await page.waitForSelector('.el-message--success')
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-test=status-select]')
      return el && /已解决/.test(el.innerText || el.value || '')
    })
    const res = await page.evaluate(async (u) => (await fetch('/api/v1/tickets/' + u.split('/').pop())).json(), ticketUrl)
    expect(res.status === 'resolved', 'the ticket is resolved on the server, got ' + res.status)
  })

  await step('the language switches to English and back', async () => {
    await page.locator('[data-test=lang] label', { hasText: 'EN' }).click()
    await page.waitForSelector('text=My queue')
    await page.goto(BASE + '/queue/mine')
    await page.waitForSelector('[data-test=queue-table]')
    await shot('04-my-queue-en')
    await page.locator('[data-test=lang] label', { hasText: '中文' }).click()
    await page.waitForSelector('text=我的工单')
  })

  await step('an agent has no admin navigation', async () => {
    expect(await page.locator('[data-test=nav-rules]').count() === 0, 'no rules entry for an agent')
    await signOut()
  })

  await step('the supervisor signs in and sees the dashboard with charts', async () => {
    await signIn(who.supervisor)
    await page.click('[data-test=nav-dashboard]')
    await page.waitForSelector('[data-test=kpis] .kpi')
    await page.waitForSelector('.chart canvas')
  })

  await step('the dashboard KPI cards show numbers from the metrics API, with benchmark and definition', async () => {
    expect(await page.locator('[data-test=metrics-missing]').count() === 0, 'no "KPI service not available" banner')
    const card = await page.waitForSelector('[data-test=kpi-backlog] [data-test=kpi-value]')
    const shown = (await card.innerText()).trim()
    const api = await page.evaluate(async () => {
      const d = (x) => x.toISOString().slice(0, 10)
      const from = d(new Date(Date.now() - 29 * 86400000)) + 'T00:00:00Z'
      const to = d(new Date(Date.now() + 86400000)) + 'T00:00:00Z'
      return (await fetch(`/api/v1/metrics?group_by=none&from=${from}&to=${to}`)).json()
    })
    const g = api.groups[0]
    expect(/^\d+$/.test(shown) && Number(shown) === g.backlog, `the backlog card shows ${g.backlog}, got "${shown}"`)
    const csat = (await page.locator('[data-test=kpi-csat] [data-test=kpi-value]').innerText()).trim()
    expect(g.csat === null ? csat === '—' : csat === (g.csat * 100).toFixed(1) + '%', `the CSAT card matches ${g.csat}, got "${csat}"`)
    if (api.benchmarks && api.benchmarks.csat) {
      expect(await page.locator('[data-test=kpi-csat] .bench').count() === 1, 'the CSAT benchmark is shown')
    }
    await page.hover('[data-test=def-csat]')
    await page.waitForSelector('.el-popper:visible:has-text("4–5")')
    await page.mouse.move(1000, 880)
    await page.waitForSelector('.el-popper:visible:has-text("4–5")', { state: 'detached' }).catch(() => {})
    await page.waitForTimeout(800) // let the chart animation and the tooltip finish before the screenshot
    await shot('05-dashboard')
  })

  await dashboardDrillSteps({ page, step, expect, BASE })
  await fcstSteps({ page, step, expect, BASE })
  await warRoomSteps({ page, step, expect, shotPath, BASE })
  await page.goto(BASE + '/dashboard')

  await step('the rule editor shows a validation error on the field, then saves the rule', async () => {
    await page.click('[data-test=nav-rules]')
    await page.waitForSelector('[data-test=new-rule]')
    await page.click('[data-test=new-rule]')
    const name = 'VIP 投诉升级 ' + Date.now()
    await page.fill('[data-test=rule-name] input, input[data-test=rule-name]', name)
    // Condition 0: ticket.priority eq <nothing> → the server names conditions.all[0].value.
    await choose(page, '[data-test=condition-0] [data-test=cond-field]', 'ticket.priority')
    await choose(page, '[data-test=condition-0] [data-test=cond-op]', 'eq')
    await page.fill('[data-test=action-0] input[data-test=action-value], [data-test=action-0] [data-test=action-value] input', 'vip-complaint')
    await page.click('[data-test=save-rule]')
    await page.waitForSelector('[data-test=condition-0] .el-form-item__error')
    await shot('06-rule-editor-error')
    await choose(page, '[data-test=condition-0] [data-test=cond-value]', 'P1')
    await page.click('[data-test=dry-run]')
    await page.waitForSelector('[data-test=dry-run-result]')
    await page.click('[data-test=save-rule]')
    await page.waitForSelector(`[data-test=rules-table] .el-table__row:has-text("${name}")`)
    await shot('07-rules')
  })

  await step('the admin screens show agents, SLA policies with preview, routing', async () => {
    await signOut()
    await signIn(who.admin)
    await page.goto(BASE + '/admin/agents')
    await page.waitForSelector('.el-table__row')
    await shot('08-agents')
    await page.goto(BASE + '/admin/sla')
    await page.waitForSelector('.el-table__row')
    await page.click('[data-test=sla-preview]')
    await page.waitForSelector('[data-test=sla-preview-result]')
    await shot('09-sla')
    await page.goto(BASE + '/quality')
    await page.waitForSelector('[data-test=alerts-table] .el-table__row')
    await page.waitForSelector('[data-test=surveys-table]')
    await page.waitForTimeout(300)
    await shot('10-quality')
  })

  await step('an alert is resolved on the quality page, with an outcome', async () => {
    const btn = page.locator('[data-test=alerts-table] .el-table__row [data-test^=resolve-]').first()
    const id = (await btn.getAttribute('data-test')).slice('resolve-'.length)
    await btn.click()
    await page.waitForSelector('[data-test=alert-outcome] textarea, textarea[data-test=alert-outcome]')
    const confirm = page.locator('[data-test=alert-resolve-confirm]')
    expect(await confirm.isDisabled(), 'resolving without an outcome is not offered')
    await page.fill('[data-test=alert-outcome] textarea, textarea[data-test=alert-outcome]', '已回电客户并安排复检')
    await confirm.click()
    await page.waitForSelector('.el-message--success')
    const a = await page.evaluate(async (id) => (await fetch('/api/v1/alerts?limit=200')).json().then((r) => r.items.find((x) => String(x.id) === id)), id)
    expect(a && a.status === 'resolved' && a.outcome === '已回电客户并安排复检', 'the alert is resolved on the server, got ' + JSON.stringify(a))
  })

  await step('the knowledge page finds an article for a Chinese question without spaces', async () => {
    await page.goto(BASE + '/knowledge')
    await page.waitForSelector('[data-test=kb-item]')
    await page.fill('[data-test=kb-search]', '保修期多久')
    await page.press('[data-test=kb-search]', 'Enter')
    await page.waitForFunction(() => {
      const first = document.querySelector('[data-test=kb-item]')
      return first && first.querySelector('mark') && first.textContent.includes('保修期政策')
    })
    await shot('knowledge')
  })

  await step('a ticket shows suggested articles, scripts and similar resolved cases', async () => {
    const id = await page.evaluate(async () => (await (await fetch('/api/v1/tickets?status=open&limit=1')).json()).items[0].id)
    await page.goto(BASE + '/tickets/' + id)
    await page.waitForSelector('[data-test=sug-similar]')
    expect(await page.locator('[data-test=sug-article]').count() > 0, 'suggested articles are shown')
    await (await page.$('[data-test=ticket-insights]')).screenshot({ path: shotPath('ticket-knowledge') })
  })
  await pdcaSteps({ page, step, expect, shot, BASE })
  await reportSteps({ page, step, expect, shot, BASE })
  await qaReviewSteps({ page, step, expect, shot, BASE })
  await adminVocSteps({ page, step, expect, shot, BASE })

  await step('signing out ends the session', async () => {
    await signOut()
    const status = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status)
    expect(status === 401, 'the session is gone, got ' + status)
  })

  await step('no uncaught errors in the page', async () => {
    expect(pageErrors.length === 0, 'no page errors: ' + pageErrors.join('; '))
  })
}
