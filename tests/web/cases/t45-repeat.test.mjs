// 条例 Art.66 in the browser: a truck punished four times in a year shows
// on the repeat-offender page with its driver (the number masked), the
// measure in words and links to its cases; the day is in the hash. On an
// office screen and a phone, in Chinese and in English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, post, expectStatus, passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, go, loginAs, assertNoErrorShown, horizontalOverflow, OFFICE, PHONE } from '../../lib/browser.mjs';

const tag = String(Date.now() % 100000).padStart(5, '0');
const plate = `蒙E${tag}`;
const driver = { name: '赵五', licence: '150602198001011234' };

// Four over-limit acts of the plate in 2022, each notified and decided.
async function fourDecided() {
  const badges = [];
  for (const n of [1, 2]) {
    const badge = `RP${tag}${n}`;
    await addUser({ login: `repeatweb${tag}${n}`, name: `多次超限办案员${n}`, role: 'officer', unit: 'B01', badge, password: `Repeat-web-${tag}-${n}` });
    badges.push(badge);
  }
  const numbers = [];
  for (const month of ['02', '05', '08', '11']) {
    const day = `2022-${month}-08`;
    const c = expectStatus(await post('admin', '/api/v1/cases', {
      violation: 'overlimit_mass', occurred_at: `${day}T10:00:00+08:00`, place: 'G210 线 K10', facts: '车货总质量超过限定标准',
      vehicle: { plate, color: 'yellow', driver, carrier: { name: '测试运输有限公司', credit_code: '91350100M000100Y43', fleet: 200 } },
      fine_yuan: 1000, officers: badges, on: day,
      party: { kind: 'person', name: driver.name, id_number: '11010519491231002X', phone: '13912345678' },
    }), 201).json;
    expectStatus(await post('admin', `/api/v1/cases/${c.id}/events`, { type: 'notify', on: day }), 200);
    expectStatus(await post('admin', `/api/v1/cases/${c.id}/events`, { type: 'decide', on: `2022-${month}-18`, fine_yuan: 1000 }), 200);
    numbers.push(c.number);
  }
  return numbers;
}

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

describe('sunroad in the browser: repeat offenders', () => {
  it('lists the truck, its masked driver and the measure, and links to its cases', async () => {
    const numbers = await fourDecided();
    await page.setViewportSize(OFFICE);
    await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    await setLanguage('zh-CN');
    await page.click('#nav a[href="#/repeat-offenders"]');
    await page.waitForSelector('[data-testid="repeat-on"]');
    await page.fill('[data-testid="repeat-on"]', '2022-12-31');
    await page.dispatchEvent('[data-testid="repeat-on"]', 'change');
    await page.waitForFunction(() => location.hash === '#/repeat-offenders?on=2022-12-31');
    const row = page.locator('[data-testid="repeat-vehicles-table"] tbody tr', { hasText: plate });
    await row.waitFor();
    assert.match(await row.innerText(), /吊销车辆营运证/);
    assert.deepEqual(await row.locator('.case-links a').allTextContents(), numbers, 'the four cases, in time order');
    assert.match(await page.locator('[data-testid="repeat-window"]').innerText(), /2022-01-01 至 2022-12-31/);
    const drivers = await page.locator('[data-testid="repeat-drivers-table"]').innerText();
    assert.match(drivers, /150602\*{8}1234/, 'the driver\'s number masked');
    assert.ok(!drivers.includes(driver.licence), 'never whole');
    await assertNoErrorShown('repeat offenders');
    await shot('repeat-zh-1366.png');
    // Reload keeps the day; a case link opens the case.
    await page.reload();
    await row.waitFor();
    await row.locator('.case-links a').first().click();
    await page.waitForSelector('[data-testid="case-state"]');
    assert.match(await page.locator('h1').innerText(), new RegExp(numbers[0].replace(/[〔〕]/g, '.')));
  });

  it('fits a phone and speaks English', async () => {
    await page.setViewportSize(PHONE);
    await go('#/repeat-offenders?on=2022-12-31', '[data-testid="repeat-vehicles"]');
    await page.locator('[data-testid="repeat-vehicles"]', { hasText: plate }).waitFor();
    assert.ok(await horizontalOverflow() <= 0, 'no sideways scrolling on a phone');
    await shot('repeat-zh-390.png');
    await setLanguage('en');
    await page.locator('[data-testid="repeat-vehicles"]', { hasText: 'Revoke the vehicle' }).waitFor();
    await shot('repeat-en-390.png');
    await setLanguage('zh-CN');
    await page.setViewportSize(OFFICE);
  });
});
