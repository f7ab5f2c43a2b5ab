// The lists as an officer uses them: the total, sorting by a column header
// (the server's order, not one page's), page numbers, the page and the
// filter kept on Back, a reversed period refused in words; on an office
// screen and a phone, in both languages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, shotView, apiOk, go, redrawn, assertNoErrorShown, OFFICE, PHONE } from '../../lib/browser.mjs';

const rowIds = () => page.$$eval('[data-testid="detections-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
const hashParam = (name) => page.evaluate((n) => new URLSearchParams(location.hash.split('?')[1] || '').get(n), name);

async function waitForList() {
  await page.waitForSelector('[data-testid="detections-list"]:not([aria-busy])');
  await page.waitForSelector('[data-testid="detections-table"] tbody tr, [data-testid="detections-empty"]');
}

describe('sunroad in the browser: lists', () => {
  it('shows the total, sorts by a column over the whole list, and pages by number', async () => {
    await go('#/detections?verdict=overlimit', '[data-testid="detections-filter"]');
    await waitForList();
    const api = await apiOk('/api/v1/detections?verdict=overlimit&limit=50');
    assert.equal(await page.getAttribute('[data-testid="list-total"]', 'data-total'), String(api.total));
    assert.match(await page.textContent('[data-testid="list-total"]'), new RegExp(`共 ${api.total.toLocaleString()} 条`));

    // The gross mass header sorts the whole list: ascending, then descending.
    await redrawn(() => page.click('th button[data-sort="gross_kg"]'), '[data-testid="detections-list"]');
    await page.waitForFunction(() => location.hash.includes('sort=gross_kg'));
    await waitForList();
    const up = await apiOk('/api/v1/detections?verdict=overlimit&limit=50&sort=gross_kg');
    assert.deepEqual(await rowIds(), up.items.map((d) => String(d.id)));
    assert.equal(await page.getAttribute('th:has(button[data-sort="gross_kg"])', 'aria-sort'), 'ascending');
    await redrawn(() => page.click('th button[data-sort="gross_kg"]'), '[data-testid="detections-list"]');
    await page.waitForFunction(() => location.hash.includes('sort=-gross_kg'));
    await waitForList();
    const down = await apiOk('/api/v1/detections?verdict=overlimit&limit=50&sort=-gross_kg');
    assert.deepEqual(await rowIds(), down.items.map((d) => String(d.id)));
    assert.equal(await page.getAttribute('th:has(button[data-sort="gross_kg"])', 'aria-sort'), 'descending');
    // The heaviest first, across the whole filter: no row of the list is heavier.
    const all = await apiOk('/api/v1/detections?verdict=overlimit&limit=1000&sort=-gross_kg');
    assert.equal(down.items[0].gross_kg, Math.max(...all.items.map((d) => d.gross_kg)));

    // Page 2 by its number, then the next page (asked by cursor) is page 3.
    if (api.total > 100) {
      await redrawn(() => page.click('[data-testid="page-2"]'), '[data-testid="detections-list"]');
      await page.waitForFunction(() => location.hash.includes('page=2'));
      await waitForList();
      const p2 = await apiOk('/api/v1/detections?verdict=overlimit&limit=50&sort=-gross_kg&page=2');
      assert.deepEqual(await rowIds(), p2.items.map((d) => String(d.id)));
      await redrawn(() => page.click('[data-testid="page-next"]'), '[data-testid="detections-list"]');
      await page.waitForFunction(() => location.hash.includes('page=3'));
      await waitForList();
      const p3 = await apiOk('/api/v1/detections?verdict=overlimit&limit=50&sort=-gross_kg&page=3');
      assert.deepEqual(await rowIds(), p3.items.map((d) => String(d.id)));
      assert.equal(await page.getAttribute('[data-testid="page-3"]', 'aria-current'), 'page');
      assert.equal(await page.getAttribute('[data-testid="list-total"]', 'data-total'), String(api.total), 'the total stays');
    }
    await assertNoErrorShown('detections list');
    await shot('lists-detections-zh-1366.png');
  });

  it('keeps the page, the sort and the filter on Back from a record', async () => {
    const hash = await page.evaluate(() => location.hash);
    const before = await rowIds();
    await page.locator('[data-testid="detections-table"] tbody tr [data-testid="open-detection"]').nth(3).click();
    await page.waitForSelector('[data-testid="explain"]');
    await page.goBack();
    await waitForList();
    assert.equal(await page.evaluate(() => location.hash), hash);
    assert.deepEqual(await rowIds(), before, 'the same rows as before');
    assert.equal(await hashParam('verdict'), 'overlimit');
    assert.equal(await page.inputValue('[data-testid="filter-verdict"]'), 'overlimit', 'the filter form shows it');
  });

  it('refuses a reversed period in words, and stays', async () => {
    await go('#/detections', '[data-testid="detections-filter"]');
    await waitForList();
    await page.fill('[data-testid="filter-from"]', '2023-03-01');
    await page.fill('[data-testid="filter-to"]', '2023-02-01');
    await page.click('[data-testid="filter-submit"]');
    const error = page.locator('[data-testid="filter-message"] [data-testid="error"]');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-reason'), 'range_reversed');
    assert.match(await error.textContent(), /2023-02-01.*早于.*2023-03-01/);
    assert.equal(await page.evaluate(() => location.hash), '#/detections', 'not sent');
    await shot('lists-reversed-zh.png');
  });

  it('sorts the quarantine and the sites, each with its total', async () => {
    await go('#/quarantine?state=all', '[data-testid="quarantine-list"]');
    await page.waitForSelector('[data-testid="quarantine-list"]:not([aria-busy])');
    const q = await apiOk('/api/v1/quarantine?state=all&limit=50');
    assert.equal(await page.getAttribute('[data-testid="list-total"]', 'data-total'), String(q.total));
    if (q.total > 0) {
      await redrawn(() => page.click('th button[data-sort="site"]'),
        '[data-testid="quarantine-list"]:not([aria-busy]) [data-testid="quarantine-table"]');
      await page.waitForFunction(() => location.hash.includes('sort=site'));
      const bySite = await apiOk('/api/v1/quarantine?state=all&limit=50&sort=site');
      const ids = await page.$$eval('[data-testid="quarantine-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
      assert.deepEqual(ids, bySite.items.map((x) => String(x.id)));
    }
    await go('#/sites', '[data-testid="sites-table"]');
    const sites = await apiOk('/api/v1/sites');
    assert.equal(await page.getAttribute('[data-testid="list-total"]', 'data-total'), String(sites.items.length));
    await page.click('th button[data-sort="name"]');
    const names = await page.$$eval('[data-testid="sites-table"] tbody tr [data-col="name"]', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'zh-CN')), 'by name');
  });

  it('shows the pages on a phone and in English', async () => {
    await page.setViewportSize(PHONE);
    try {
      await go('#/detections?verdict=overlimit&sort=-over_kg', '[data-testid="detections-filter"]');
      await waitForList();
      assert.ok(await page.isVisible('[data-testid="list-total"]'));
      assert.ok(await page.isVisible('[data-testid="page-next"]'));
      // Cards have no header to click: a select sorts them, showing the order in force.
      assert.equal(await page.inputValue('[data-testid="card-sort"]'), '-over_kg');
      await redrawn(() => page.selectOption('[data-testid="card-sort"]', '-gross_kg'), '[data-testid="detections-list"]');
      await page.waitForFunction(() => location.hash.includes('sort=-gross_kg'));
      await waitForList();
      const heavy = await apiOk('/api/v1/detections?verdict=overlimit&limit=50&sort=-gross_kg');
      assert.deepEqual(await rowIds(), heavy.items.map((d) => String(d.id)));
      await shot('lists-detections-zh-phone.png');
      // The pager and the last cards as the thumb reaches them.
      await page.locator('[data-testid="detections-list"] nav.pager').scrollIntoViewIfNeeded();
      await shotView('lists-pager-zh-phone.png');
      await page.click('[data-testid="lang-toggle"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await waitForList();
      assert.match(await page.textContent('[data-testid="list-total"]'), /in all/);
      await shot('lists-detections-en-phone.png');
      await page.setViewportSize(OFFICE);
      await waitForList();
      await shot('lists-detections-en-1366.png');
    } finally {
      await page.setViewportSize(OFFICE);
      if (await page.evaluate(() => document.documentElement.lang) === 'en') {
        await page.click('[data-testid="lang-toggle"]');
        await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      }
    }
  });
});
