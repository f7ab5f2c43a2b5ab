// Exports in the browser: over the direct cap (tests/web/run.sh sets it
// to 20 000, under the year's rows) the detections page says so before
// any download and offers 后台导出全部, whose progress and download link
// follow; under it, the direct links only. 我的导出 lists the caller's
// jobs. Screenshots at 1366×768 and 390×844, in Chinese.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, shotView, api, apiOk, go, assertNoErrorShown, shownError, horizontalOverflow, OFFICE, PHONE } from '../../lib/browser.mjs';

const capped = '[data-testid="export-capped"]';

describe('sunroad in the browser: exports past the direct cap', () => {
  after(async () => { await page.setViewportSize(OFFICE); });

  it('says the direct export is capped, then exports everything in the background with its progress', async () => {
    await page.setViewportSize(OFFICE);
    const { direct_max: cap } = await apiOk('/api/v1/exports');
    assert.equal(cap, 20000);
    const { total } = await apiOk('/api/v1/detections?limit=1');
    assert.ok(total > cap, `the year (${total}) is over the cap`);
    await go('#/detections', capped);
    const text = await page.textContent(capped);
    assert.ok(text.includes(`共 ${total.toLocaleString('en-US')} 条`) && text.includes('超过直接导出上限 20,000 条'), text);
    // The direct links stay: the first rows, as before.
    assert.equal(await page.getAttribute('[data-testid="export-csv"]', 'href'), '/api/v1/detections.csv');
    assert.equal(await page.getAttribute('[data-testid="export-xlsx"]', 'href'), '/api/v1/detections.xlsx');

    // The job's first answers are held at "running" so that the progress can be seen.
    let hold = true;
    await page.route(/\/api\/v1\/exports\/\d+$/, async (route) => {
      const response = await route.fetch();
      const job = await response.json();
      if (hold && job.state !== 'failed') Object.assign(job, { state: 'running', rows: 10000, total, finished_at: null });
      await route.fulfill({ response, json: job });
    });
    await page.click('[data-testid="export-background"]');
    // The POST's own answer may be drawn first (0 rows): wait for a poll's.
    await page.waitForFunction(() => /10,000/.test(document.querySelector('[data-testid="export-progress"][data-state="running"]')?.textContent || ''));
    assert.match(await page.textContent('[data-testid="export-progress"]'), /正在导出:10,000 \/ [\d,]+ 条/);
    assert.equal(await page.getAttribute('[data-testid="export-progress"] progress', 'value'), '10000');
    await assertNoErrorShown('detections, export running');
    await shot('exports-progress-1366.png');
    hold = false;
    await page.waitForSelector('[data-testid="export-done"]', { timeout: 30000 });
    await page.unroute(/\/api\/v1\/exports\/\d+$/);
    assert.match(await page.textContent('[data-testid="export-done"]'), new RegExp(`导出完成,共 ${total.toLocaleString('en-US')} 条`));
    const href = await page.getAttribute('[data-testid="export-download"]', 'href');
    assert.match(href, /^\/api\/v1\/exports\/\d+\/file$/);
    const name = await page.getAttribute('[data-testid="export-download"]', 'download');
    assert.match(name, /^检测记录_导出\d{8}\.xlsx$/);
    const file = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') };
    }, href);
    assert.equal(file.status, 200);
    assert.match(file.type, /spreadsheetml/);
    assert.match(file.disposition, /^attachment; filename="detections_\d{8}\.xlsx"; filename\*=UTF-8''/);
    assert.ok(await horizontalOverflow() <= 0, `overflow ${await horizontalOverflow()} px`);
    await shot('exports-done-1366.png');
  });

  it('on a phone the notice, the button and the link fit the screen', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.waitForSelector(capped);
    // The page's top (the list below runs long on a phone): the notice before any download.
    await page.locator('[data-testid="export-notice"]').scrollIntoViewIfNeeded();
    await shotView('exports-capped-phone.png');
    await page.click('[data-testid="export-background"]');
    await page.waitForSelector('[data-testid="export-done"]', { timeout: 30000 });
    assert.ok(await horizontalOverflow() <= 0, `overflow ${await horizontalOverflow()} px`);
    await assertNoErrorShown('detections on a phone');
    await page.locator('[data-testid="export-done"]').scrollIntoViewIfNeeded();
    await shotView('exports-done-phone.png');
    await page.setViewportSize(OFFICE);
  });

  it('under the cap the page offers the direct links only', async () => {
    await go('#/detections?verdict=overlimit', '[data-testid="exporter"][data-total]');
    assert.equal(await page.locator(capped).count(), 0, 'no capped notice');
    assert.equal(await page.locator('[data-testid="export-background"]').count(), 0);
    assert.equal(await page.getAttribute('[data-testid="export-csv"]', 'href'), '/api/v1/detections.csv?verdict=overlimit');
  });

  it('a direct link downloads the file under its name, and says a refusal (429, 503) in words beside the links', async () => {
    await page.setViewportSize(OFFICE);
    await go('#/detections?verdict=overlimit', '[data-testid="exporter"][data-total]');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    assert.match(file.suggestedFilename(), /^检测记录_超限_导出\d{8}\.csv$/);
    const saved = await file.path();
    assert.ok(saved, 'the file was saved');
    assert.equal(await page.locator('[data-testid="export-direct-status"] [data-testid="error"]').count(), 0);

    // The server refuses: its answers as they come on a busy day (src/base/export_jobs.c).
    const refusals = [
      [503, { code: 'busy', reason: 'export_busy', args: { max: 2, retry_after_s: 5 }, message: 'the server is writing 2 exports already' },
        '服务器正在生成 2 个导出,请 5 秒后再试,或改用后台导出。'],
      [429, { code: 'too_many', reason: 'export_too_many', args: { max: 1, retry_after_s: 5 }, message: 'one user may have 1 exports written at once' },
        '您已有 1 个导出正在生成,请等它完成后再试,或改用后台导出。'],
    ];
    for (const [status, error, words] of refusals) {
      await page.route(/\/api\/v1\/detections\.(csv|xlsx)/, (route) => route.fulfill({ status, json: { error }, headers: { 'Retry-After': '5' } }));
      let downloads = 0;
      const count = () => { downloads++; };
      page.on('download', count);
      await page.click('[data-testid="export-xlsx"]');
      const shown = await shownError('[data-testid="export-direct-status"]');
      assert.equal(shown.reason, error.reason);
      assert.equal(shown.text, words);
      page.off('download', count);
      assert.equal(downloads, 0, `no file for a ${status}`);
      await page.unroute(/\/api\/v1\/detections\.(csv|xlsx)/);
    }
    assert.ok(await horizontalOverflow() <= 0, `overflow ${await horizontalOverflow()} px`);
    await page.locator('[data-testid="export-direct-status"]').scrollIntoViewIfNeeded();
    await shotView('exports-refused-1366.png');
    await page.setViewportSize(PHONE);
    assert.ok(await horizontalOverflow() <= 0, `phone: overflow ${await horizontalOverflow()} px`);
    await page.locator('[data-testid="export-direct-status"]').scrollIntoViewIfNeeded();
    await shotView('exports-refused-phone.png');
    await page.setViewportSize(OFFICE);
    // The next click that succeeds clears the refusal.
    await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    assert.equal(await page.locator('[data-testid="export-direct-status"] [data-testid="error"]').count(), 0);
  });

  it('我的导出 lists the jobs, newest first, with their rows and download links', async () => {
    const { items } = await apiOk('/api/v1/exports');
    assert.ok(items.length >= 2, 'the two jobs just made');
    for (const [name, viewport] of [['1366', OFFICE], ['phone', PHONE]]) {
      await page.setViewportSize(viewport);
      await go('#/exports', '[data-testid="exports-table"]');
      const rows = await page.$$eval('[data-testid="exports-table"] tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.id, state: tr.dataset.state })));
      assert.deepEqual(rows.map((r) => r.id), items.map((j) => String(j.id)), 'the API\'s jobs, in its order');
      assert.equal(await page.textContent('[data-testid="exports-table"] tbody tr [data-testid="export-state"]'), '已完成');
      assert.match(await page.getAttribute('[data-testid="exports-table"] tbody tr [data-testid="export-file"]', 'href'), /^\/api\/v1\/exports\/\d+\/file$/);
      assert.ok(await horizontalOverflow() <= 0, `${name}: overflow ${await horizontalOverflow()} px`);
      await assertNoErrorShown('#/exports');
      await (viewport === PHONE ? shotView : shot)(`exports-page-${name}.png`);
    }
    await page.setViewportSize(OFFICE);
    // The download itself is audited (the audit page words export.download).
    const r = await api(items[0] && `/api/v1/exports/${items[0].id}/file`);
    assert.equal(r.status, 200);
  });
});
