// 异常数据 (the quarantine) and the site-status page, in Chinese and in
// English, on an office screen and on a phone: the reasons in words, the
// site from the raw line, the file's name only; a record marked handled
// with a note, a corrected one refused then imported; the certificates
// judged against the period.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, go, apiOk, latinSentences, horizontalOverflow, assertNoErrorShown, OFFICE, PHONE } from '../../lib/browser.mjs';

// The page's words without its data (raw records, codes in <code>, inputs).
async function pageWords() {
  return page.evaluate(() => {
    const main = document.querySelector('main') || document.body;
    const copy = main.cloneNode(true);
    copy.querySelectorAll('code, textarea, input, select, [data-col="raw"], [data-col="source"], [data-col="site"], .q-handled small').forEach((el) => el.remove());
    return copy.textContent;
  });
}

async function inEnglish(on) {
  const lang = on ? 'en' : 'zh-CN';
  if ((await page.getAttribute('html', 'lang')) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

describe('sunroad in the browser: 异常数据 and the site status', () => {
  it('shows the quarantine in Chinese: reasons in words, the site, the file name', async () => {
    await go('#/quarantine?state=open', '[data-testid="quarantine-table"]');
    assert.equal(await page.textContent('h1'), '异常数据');
    assert.equal(await page.textContent('#nav a[data-route="quarantine"]'), '异常数据');
    const rows = (await apiOk('/api/v1/quarantine?state=open')).items;
    assert.ok(rows.length >= 2, 'run.sh fed two bad lines');
    for (const q of rows) {
      assert.ok(!q.source.includes('/'), `no server path: ${q.source}`);
      const reason = await page.textContent(`tr[data-id="${q.id}"] td[data-col="reason"]`);
      assert.notEqual(q.reason_code, 'q_other', `a known reason: ${q.reason}`);
      assert.deepEqual(latinSentences(reason), [], `the reason in Chinese: ${reason}`);
    }
    assert.deepEqual(latinSentences(await pageWords()), [], 'no English sentence on the page');
    await assertNoErrorShown('quarantine');
    await shot('quarantine-zh-1366.png');
  });

  it('refuses a correction still wrong, with the reason in Chinese, then imports the fixed record', async () => {
    const rows = (await apiOk('/api/v1/quarantine?state=open')).items;
    const q = rows.find((x) => x.reason_code === 'q_passed_at');
    assert.ok(q, 'the line whose time cannot be read');
    await page.click(`[data-testid="q-fix-${q.id}"]`);
    await page.waitForSelector('[data-testid="q-form-fix"]');
    await page.fill('[data-testid="q-raw"]', q.raw.replace('yesterday', '2023-13-01T10:00:00+08:00'));
    await page.click('[data-testid="q-submit"]');
    const refusal = page.locator('[data-testid="q-message"] [data-testid="error"]');
    await refusal.waitFor();
    assert.equal(await refusal.getAttribute('data-why'), 'q_passed_at');
    assert.deepEqual(latinSentences(await refusal.textContent()), [], await refusal.textContent());
    await shot('quarantine-refused.png');
    await page.fill('[data-testid="q-raw"]', q.raw.replace('yesterday', '2023-06-02T10:00:00+08:00'));
    await page.fill('[data-testid="q-note"]', '设备时钟错误,已按现场记录更正');
    await page.click('[data-testid="q-submit"]');
    await page.waitForSelector('[data-testid="flash"]');
    const after = (await apiOk('/api/v1/quarantine?state=handled')).items.find((x) => x.id === q.id);
    assert.equal(after.handled_how, 'reimported');
    const stored = (await apiOk('/api/v1/detections?site=R01&from=2023-06-02&to=2023-06-02')).items;
    assert.ok(stored.some((d) => d.seq === 999998), 'the corrected record is stored');
  });

  it('marks a record handled with a note', async () => {
    await go('#/quarantine?state=open', '[data-testid="quarantine-table"], [data-testid="quarantine-empty"]');
    const q = (await apiOk('/api/v1/quarantine?state=open')).items[0];
    assert.ok(q, 'a record still open');
    await page.click(`[data-testid="q-mark-${q.id}"]`);
    await page.waitForSelector('[data-testid="q-form-mark"]');
    await page.click('[data-testid="q-submit"]');
    assert.equal(await page.evaluate(() => document.querySelector('[data-testid="q-note"]').validity.valueMissing), true, 'the note is required');
    await page.fill('[data-testid="q-note"]', '毛重超出设备量程,已核实为传感器故障');
    await shot('quarantine-mark.png');
    await page.click('[data-testid="q-submit"]');
    await page.waitForSelector('[data-testid="flash"]');
    await go('#/quarantine?state=handled', '[data-testid="quarantine-table"]');
    assert.match(await page.textContent(`tr[data-id="${q.id}"] td[data-col="handled"]`), /已标记处理/);
    assert.deepEqual(latinSentences(await pageWords()), []);
    await shot('quarantine-handled.png');
  });

  it('shows the quarantine on a phone and in English', async () => {
    await page.setViewportSize(PHONE);
    await go('#/quarantine?state=all', '[data-testid="quarantine-table"]');
    assert.ok(await horizontalOverflow() <= 0, `390 px: overflow ${await horizontalOverflow()} px`);
    await shot('quarantine-zh-phone.png');
    await inEnglish(true);
    await go('#/quarantine?state=all', '[data-testid="quarantine-table"]');
    assert.equal(await page.textContent('h1'), 'Quarantine');
    await shot('quarantine-en-phone.png');
    await page.setViewportSize(OFFICE);
    await shot('quarantine-en-1366.png');
    await inEnglish(false);
  });

  it('shows the site status: liveness, the certificates judged against the period, the expiring list', async () => {
    const range = await apiOk('/api/v1/stats/range');
    const sites = (await apiOk('/api/v1/sites')).items;
    await go('#/dashboard', '[data-testid="to-site-status"]');
    await page.click('[data-testid="to-site-status"]');
    await page.waitForFunction(() => location.hash.startsWith('#/site-status?'));
    await go('#/site-status', '[data-testid="status-table"]');
    const from = await page.inputValue('[data-testid="period-from"]');
    assert.equal(from, `${range.to.slice(0, 7)}-01`, 'the month of the latest data');
    const rows = await page.$$eval('[data-testid="status-table"] tbody tr', (trs) => trs.map((tr) => ({ site: tr.dataset.site, cert: tr.dataset.cert })));
    assert.equal(rows.length, sites.length, 'one row per site');
    const to = await page.inputValue('[data-testid="period-to"]');
    for (const s of sites) {
      const want = s.cert_valid_to < to ? 'expired' : (Date.parse(s.cert_valid_to) - Date.parse(to)) / 86400000 <= 30 ? 'expiring'
        : s.cert_valid_from > from ? 'not_yet' : 'valid';
      assert.equal(rows.find((r) => r.site === s.code).cert, want, `${s.code}: valid ${s.cert_valid_from}..${s.cert_valid_to}`);
    }
    const listed = await page.$$eval('[data-testid="expiring-list"] li', (lis) => lis.map((li) => li.dataset.site));
    assert.deepEqual(listed.sort(), rows.filter((r) => r.cert === 'expired' || r.cert === 'expiring').map((r) => r.site).sort());
    assert.deepEqual(latinSentences(await pageWords()), []);
    await shot('site-status-zh-1366.png');
    // Sorting by the last record.
    await page.click('[data-testid="status-table-wrap"] button[data-sort="last_seen"]');
    assert.equal(await page.getAttribute('[data-testid="status-table"] th[aria-sort]', 'aria-sort') !== null, true);
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.waitForSelector('[data-testid="status-table"]');
    assert.ok(await horizontalOverflow() <= 0);
    await shot('site-status-zh-phone.png');
    await inEnglish(true);
    await page.waitForSelector('[data-testid="status-table"]');
    await shot('site-status-en-phone.png');
    await page.setViewportSize(OFFICE);
    await go('#/dashboard', '#chart-month canvas');
    await shot('dashboard-en-1366.png');
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.waitForSelector('#chart-month canvas');
    await shot('dashboard-en-phone.png');
    await inEnglish(false);
    await page.waitForSelector('#chart-month canvas');
    await shot('dashboard-zh-phone.png');
    await page.setViewportSize(OFFICE);
  });
});
