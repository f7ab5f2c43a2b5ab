// The taxi pages in the browser, as the admin: the registry's companies
// with their drivers' grades, the drivers found by name and by plate, a
// driver's profile (the gauge at 20, green), a deduction recorded through
// its form (a refusal first, in words), the gauge and the timeline after
// it, a decided taxi case linked to its page, and the company page. On an
// office screen and a phone, in Chinese and in English: no sideways
// scrolling, no English in the Chinese pages, screenshots of each.
//
// The registry is imported with `sunroad taxi import` into the suite's
// database, which tests/web/run.sh keeps as web.db beside the config file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { cfg } from '../../lib/config.mjs';
import { addUser, post, expectStatus, passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, go, loginAs, assertNoErrorShown, shownError, horizontalOverflow, latinOffenders, OFFICE, PHONE } from '../../lib/browser.mjs';
import { registry, dayFrom, TAG } from '../../api/taxi/taxi.mjs';

const SCREENS = [['1366', OFFICE], ['390', PHONE]];

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function settled() {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], #view .loading'));
  await page.waitForTimeout(150);
}

// Each screen in each language: no sideways scroll, no English in zh-CN.
async function screens(hash, name, ready) {
  for (const lang of ['zh-CN', 'en']) {
    await setLanguage(lang);
    for (const [size, viewport] of SCREENS) {
      await page.setViewportSize(viewport);
      await go(hash, ready);
      await settled();
      await assertNoErrorShown(`${hash} ${lang} ${size}`);
      assert.equal(await horizontalOverflow(), 0, `${hash} ${lang} ${size}: no sideways scrolling`);
      if (lang === 'zh-CN') assert.deepEqual(await latinOffenders(['#lang-toggle']), [], `${hash} ${size}: no English in Chinese`);
      await shot(`taxi-${name}-${lang}-${size}.png`);
    }
  }
  await setLanguage('zh-CN');
  await page.setViewportSize(OFFICE);
}

// A decided taxi case (拒载) of the driver, opened by two officers.
async function decidedCase(d) {
  const badges = [];
  for (const n of [1, 2]) {
    const badge = `TX${TAG}${n}`;
    await addUser({ login: `taxiweb${TAG}${n}`, name: `出租车执法员${n}`, role: 'officer', unit: 'B01', badge, password: `Taxi-web-${TAG}-${n}-pass` });
    badges.push(badge);
  }
  const day = dayFrom(-2);
  const c = expectStatus(await post('admin', '/api/v1/cases', {
    violation: 'taxi_refuse', occurred_at: `${day}T09:00:00+08:00`, on: day, place: '鄂尔多斯站站前广场', facts: '以路程过近为由拒载',
    party: { kind: 'person', name: d.name, id_number: d.id, phone: d.phone }, vehicle: { plate: d.plate, color: 'blue', driver: { name: d.name, licence: d.id } },
    fine_yuan: 200, procedure: 'summary', officers: badges,
  }), 201).json;
  expectStatus(await post('admin', `/api/v1/cases/${c.id}/events`, { type: 'notify', on: day, fine_yuan: 200 }), 200);
  expectStatus(await post('admin', `/api/v1/cases/${c.id}/events`, { type: 'decide', on: day, fine_yuan: 200 }), 200);
  return c;
}

describe('sunroad in the browser: taxis', () => {
  it('shows the registry, finds a driver, records a deduction, links the cases, on both screens in both languages', async () => {
    const work = path.dirname(process.env.SUNROAD_TEST_CONFIG);
    const reg = await registry({ sunroad: process.env.SUNROAD || path.join(cfg.top, 'build/sunroad'), db: path.join(work, 'web.db') });
    const d = reg.drivers[2];
    const c = await decidedCase(d);

    await page.setViewportSize(OFFICE);
    await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    await setLanguage('zh-CN');
    await page.click('#nav a[href="#/taxi"]');
    const company = page.locator('[data-testid="taxi-companies-table"] tbody tr', { hasText: reg.companies[0].name });
    await company.waitFor();
    assert.match(await company.innerText(), /AAA 1\s+AA 0\s+A 1\s+B 0/, 'of the company\'s two drivers, the one with the decided case at A');
    await screens('#/taxi', 'companies', '[data-testid="taxi-companies-table"]');

    // Found by name, then by plate.
    await page.click('[data-testid="taxi-tab-drivers"]');
    await page.fill('[data-testid="taxi-search"]', d.name);
    await page.click('[data-testid="taxi-search-go"]');
    await page.waitForFunction(() => location.hash.startsWith('#/taxi/drivers?q='));
    const row = page.locator('[data-testid="taxi-drivers-table"] tbody tr', { hasText: d.name });
    await row.waitFor();
    // The decided case (拒载) cost the rulebook's 10 points: 10 left, grade A.
    assert.equal(await row.locator('[data-testid="taxi-score"]').getAttribute('data-score'), '10');
    assert.equal(await row.locator('[data-testid="taxi-score"]').getAttribute('data-grade'), 'A');
    await screens(`#/taxi/drivers?q=${encodeURIComponent(d.name)}`, 'drivers', '[data-testid="taxi-drivers-table"]');
    await go(`#/taxi/drivers?q=${encodeURIComponent(d.plate)}`, '[data-testid="taxi-drivers-table"]');
    assert.deepEqual(await page.locator('[data-testid="taxi-drivers-table"] [data-testid="open-driver"]').allTextContents(), [d.name], 'found by plate');

    // The profile.
    await page.click('[data-testid="open-driver"]');
    await page.waitForSelector('[data-testid="reputation"]');
    const driverHash = await page.evaluate(() => location.hash);
    assert.match(driverHash, /^#\/taxi\/driver\?id=\d+$/);
    assert.equal(await page.textContent('[data-testid="gauge-score"]'), '10');
    assert.equal(await page.getAttribute('[data-testid="gauge"]', 'class'), 'gauge gauge-warn');
    assert.equal(await page.textContent('[data-testid="driver-id-number"]'), d.id, 'the admin sees the ID number whole');
    const fromCase = page.locator('[data-testid="deduction"][data-source="case"]');
    assert.equal(await fromCase.count(), 1);
    assert.equal(await fromCase.locator('[data-testid="deduction-case"]').getAttribute('href'), `#/cases/${c.id}`);
    assert.equal(await page.locator('[data-testid="driver-case"]').getAttribute('href'), `#/cases/${c.id}`);
    await screens(driverHash, 'driver', '[data-testid="reputation"]');

    // A deduction without its reason is refused in words; with it, taken.
    await go(driverHash, '[data-testid="deduct-form"]');
    await page.selectOption('[data-testid="deduct-violation"]', 'taxi_courtesy');
    await page.click('[data-testid="deduct-submit"]');
    const refused = await shownError('[data-testid="deduct-form"]');
    assert.equal(refused.reason, 'deduction_reason_missing');
    assert.match(refused.text, /扣分理由/);
    await page.fill('[data-testid="deduct-reason"]', '执法检查发现车容车貌不整洁,现场责令改正');
    await page.click('[data-testid="deduct-submit"]');
    await page.waitForSelector('[data-testid="flash"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="gauge-score"]')?.textContent === '9');
    const newest = page.locator('[data-testid="deduction"]').first();
    assert.equal(await newest.getAttribute('data-source'), 'manual');
    assert.match(await newest.innerText(), /车容车貌不整洁/);
    await shot('taxi-driver-deducted-zh-CN-1366.png');

    // The case's own page from the profile.
    await page.click('[data-testid="driver-case"]');
    await page.waitForFunction((id) => location.hash === `#/cases/${id}`, String(c.id));
    await page.waitForSelector('[data-testid="case-page"]');

    // The company page: its drivers with their standing.
    await go(driverHash, '[data-testid="driver-company"] a');
    await page.click('[data-testid="driver-company"] a');
    await page.waitForSelector('[data-testid="company-drivers"] [data-testid="taxi-drivers-table"]');
    const companyHash = await page.evaluate(() => location.hash);
    assert.equal(await page.textContent('[data-testid="company-code"]'), reg.companies[0].code, 'the code whole on its page');
    assert.match(await page.textContent('[data-testid="standing"]'), /AAA 1.*A 1/s);
    assert.equal(await page.locator('[data-testid="company-drivers"] tbody tr').count(), 2);
    await screens(companyHash, 'company', '[data-testid="company-drivers"] [data-testid="taxi-drivers-table"]');
  });
});
