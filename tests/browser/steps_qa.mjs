// Browser steps of the manual QA review (ticket quality panel) and the calibration card on
// the Quality page (web/src/qa.js, docs/qa.md "Manual review and calibration").

export async function qaReviewSteps({ page, step, expect, shot, BASE }) {
  let ticket = null
  let flipped = null
  await step('a supervisor corrects an automatic QA score on a ticket', async () => {
    // A resolved ticket whose automatic result has an item that passes: the reviewer fails it.
    const found = await page.evaluate(async () => {
      const list = []
      for (const st of ['resolved', 'closed']) list.push(...(await (await fetch(`/api/v1/tickets?status=${st}&limit=20`)).json()).items)
      for (const t of list) {
        const qa = await (await fetch(`/api/v1/tickets/${t.id}/qa`)).json()
        const it = (qa.items || []).find((x) => x.applicable && x.score * 2 >= x.max && x.max >= 2)
        if (it) return { id: t.id, name: it.name, max: it.max }
      }
      return null
    })
    expect(found, 'a resolved demo ticket has a passing QA item')
    ticket = found.id
    flipped = found.name
    await page.goto(BASE + '/tickets/' + ticket)
    await page.click('[data-test=qa-review-open]')
    await page.waitForSelector('[data-test=qa-review-dialog] [data-test=qa-review-row-' + flipped + ']')
    // Out of range first: the dialog names the problem and sends nothing.
    const input = `[data-test=qa-review-score-${flipped}] input`
    await page.fill(input, String(found.max + 5))
    await page.locator(input).blur()
    // el-input-number clamps to max on blur; a clamped value is valid, so check the clamp.
    expect(Number(await page.inputValue(input)) === found.max, 'the score is clamped to the item max')
    await page.fill(input, '0')
    await page.locator(input).blur()
    await page.waitForSelector('[data-test=qa-review-flips]')
    await page.fill('[data-test=qa-review-note] textarea, textarea[data-test=qa-review-note]', '浏览器测试复核')
    await shot('qa-review-dialog')
    await page.click('[data-test=qa-review-save]')
    await page.waitForSelector('[data-test=qa-reviewed]')
    const manual = (await page.locator(`[data-test=qa-manual-${flipped}]`).innerText()).trim()
    expect(manual.endsWith(' 0'), 'the manual score 0 is shown beside the automatic one, got ' + manual)
    const stored = await page.evaluate(async (id) => (await (await fetch(`/api/v1/tickets/${id}/qa`)).json()).review, ticket)
    const item = stored && stored.items.find((x) => x.name === flipped)
    expect(item && item.score === 0 && stored.note === '浏览器测试复核', 'the review is stored with its note')
  })

  await step('the Quality page shows the calibration with the disagreement just made', async () => {
    await page.goto(BASE + '/quality')
    await page.waitForSelector('[data-test=calibration-table] .el-table__row')
    const cal = await page.evaluate(async () => (await fetch('/api/v1/qa/calibration')).json())
    const shownReviews = Number((await page.locator('[data-test=qa-reviews]').innerText()).trim())
    expect(shownReviews === cal.reviews && cal.reviews >= 1, `reviews ${shownReviews} vs API ${cal.reviews}`)
    const row = cal.items.find((x) => x.name === flipped)
    expect(row && row.agreement < 1, 'the flipped item has agreement below 100 %: ' + JSON.stringify(row))
    const shown = (await page.locator(`[data-test=agreement-${flipped}]`).innerText()).trim()
    expect(shown === (row.agreement * 100).toFixed(1) + ' %', `agreement shown ${shown} vs ${row.agreement}`)
    await page.locator('[data-test=qa-calibration]').scrollIntoViewIfNeeded()
    await shot('quality-calibration')
  })
}
