// The detections: the filter, the exports, a record's verdict explained.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, api, apiOk, go, redrawn, assertNoErrorShown } from '../../lib/browser.mjs';

describe('sunroad in the browser: detections', () => {
  it('filters the detections by verdict, every row over the limit', async () => {
    await go('#/detections', '[data-testid="detections-filter"]');
    await page.waitForSelector('[data-testid="detections-table"], [data-testid="detections-empty"]');
    await page.selectOption('[data-testid="filter-verdict"]', 'overlimit');
    await redrawn(() => page.click('[data-testid="filter-submit"]'),
      '[data-testid="detections-list"]:not([aria-busy]) [data-testid="detections-table"] tbody tr');
    assert.ok((await page.evaluate(() => location.hash)).includes('verdict=overlimit'));

    const rows = await page.$$eval('[data-testid="detections-table"] tbody tr', (trs) => trs.map((tr) => ({
      id: tr.dataset.id,
      overlimit: tr.dataset.overlimit,
      verdict: tr.querySelector('[data-col="verdict"]').textContent,
    })));
    assert.ok(rows.length > 0);
    for (const r of rows) {
      assert.equal(r.overlimit, '1', `row ${r.id} is over the limit`);
      assert.ok(r.verdict.includes('超限'), `row ${r.id} says 超限: ${r.verdict}`);
    }
    // The page shows the API's first page, in its order.
    const list = await apiOk('/api/v1/detections?verdict=overlimit&limit=50');
    assert.deepEqual(rows.map((r) => r.id), list.items.map((d) => String(d.id)));
    assert.ok(list.items.every((d) => d.overlimit), 'the API agrees: all over the limit');

    // The exports carry the same filter, and answer.
    const csv = await page.getAttribute('[data-testid="export-csv"]', 'href');
    const xlsx = await page.getAttribute('[data-testid="export-xlsx"]', 'href');
    assert.equal(csv, '/api/v1/detections.csv?verdict=overlimit');
    assert.equal(xlsx, '/api/v1/detections.xlsx?verdict=overlimit');
    const csvAnswer = await api(csv);
    assert.equal(csvAnswer.status, 200, `CSV export: ${String(csvAnswer.body).slice(0, 200)}`);
    assert.match(csvAnswer.type || '', /text\/csv/);
    const xlsxStatus = await page.evaluate(async (u) => (await fetch(u)).status, xlsx);
    assert.equal(xlsxStatus, 200, 'XLSX export');
    await assertNoErrorShown('detections');
    await shot('detections.png');
  });

  it('opens a detection and explains the verdict', async () => {
    const first = page.locator('[data-testid="detections-table"] tbody tr').first();
    const id = await first.getAttribute('data-id');
    await first.locator('[data-col="site"]').click(); // a click anywhere on the row opens it
    await page.waitForSelector('[data-testid="explain"]');
    assert.equal(await page.evaluate(() => location.hash), `#/detections/${id}`);
    const d = await apiOk(`/api/v1/detections/${id}`);
    const text = async (testid) => page.textContent(`[data-testid="${testid}"]`);
    assert.ok((await text('explain-limit')).includes(d.explain.limit_kg.toLocaleString('en-US')), 'the limit');
    assert.ok((await text('explain-judged')).includes(d.explain.judged_kg.toLocaleString('en-US')), 'the judged mass');
    assert.ok((await text('explain-over')).includes(d.explain.over_kg.toLocaleString('en-US')), 'the excess');
    assert.ok((await text('explain-error')).includes(String(d.explain.error_pct)), 'the measurement error');
    const fineYuan = (d.explain.fine_fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    assert.ok((await text('explain-fine')).includes(fineYuan), `the fine ${fineYuan}`);
    const lines = await page.locator('[data-testid="explain-arithmetic"] li').allTextContents();
    assert.deepEqual(lines, d.explain.arithmetic, 'the arithmetic, line by line');
    assert.ok(lines.length > 0);
    const articles = await page.locator('[data-testid="explain-articles"] li').count();
    assert.equal(articles, d.explain.articles.length);
    assert.ok(articles > 0, 'the verdict cites its articles');
    assert.ok((await text('explain-articles')).includes(d.explain.articles[0].citation));
    await assertNoErrorShown('detail');
    await shot('detail.png');
    await page.click('[data-testid="detail-back"]');
    await page.waitForFunction(() => location.hash === '#/detections?verdict=overlimit');
  });
});
