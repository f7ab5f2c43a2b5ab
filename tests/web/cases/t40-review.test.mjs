// 案卷评查 in the browser: a closed case file drawn for review, its sheet
// with what sunroad checked itself, the reviewer's passes and a deduction
// with its reason, finished with its score and grade; the grades by unit.
// On an office screen and a phone, in Chinese and in English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, post, expectStatus, passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, apiOk, go, loginAs, assertNoErrorShown, horizontalOverflow, OFFICE, PHONE } from '../../lib/browser.mjs';

const tag = String(Date.now() % 100000);

// A summary case opened by the admin and closed the same day, through the API.
async function closedCase() {
  const badges = [];
  for (const n of [1, 2]) {
    const badge = `RV${tag}${n}`;
    await addUser({ login: `reviewweb${tag}${n}`, name: `评查办案员${n}`, role: 'officer', unit: 'B01', badge, password: `Review-web-${tag}-${n}` });
    badges.push(badge);
  }
  const c = expectStatus(await post('admin', '/api/v1/cases', {
    violation: 'taxi_refuse', occurred_at: '2024-05-06T09:00:00+08:00', place: '火车站出租车候客区', facts: '巡游出租汽车驾驶员拒载',
    vehicle: { plate: '蒙A12345' }, officers: badges, on: '2024-05-06', procedure: 'summary', footage: ['B01-DSJ-20240506-0001'],
    party: { kind: 'person', name: '王五', id_number: '11010519491231002X', phone: '13912345678' },
  }), 201).json;
  for (const [type, extra] of [['notify', { fine_yuan: 200 }], ['decide', { fine_yuan: 200 }], ['serve', {}], ['pay', { amount_yuan: 200 }], ['close', {}]]) {
    expectStatus(await post('admin', `/api/v1/cases/${c.id}/events`, { type, on: '2024-05-06', ...extra }), 200);
  }
  return c;
}

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

describe('sunroad in the browser: case-file review', () => {
  it('draws the file, scores the sheet by hand where sunroad cannot, and finishes it with its grade', async () => {
    const c = await closedCase();
    await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    await go('#/reviews', '[data-testid="draw-form"]');
    await page.fill('[data-testid="draw-sample"]', '1000');
    await page.fill('[data-testid="draw-seed"]', '544');
    await page.fill('[data-testid="draw-from"]', '2024-05-06');
    await page.fill('[data-testid="draw-to"]', '2024-05-06');
    await page.click('[data-testid="draw-submit"]');
    await page.waitForFunction(() => location.hash.startsWith('#/reviews?draw='));
    const row = page.locator('[data-testid="reviews-table"] tbody tr', { hasText: c.number });
    await row.waitFor();
    await shot('review-list-zh-1366.png');
    await row.locator('[data-testid="open-review"]').click();
    await page.waitForSelector('[data-testid="review-sheet"]');
    const result = (item) => page.getAttribute(`[data-testid="review-sheet"] tr[data-item="${item}"]`, 'data-result');
    // sunroad checked these itself; the 抄告 is missing.
    for (const item of ['two_officers', 'approved', 'notice', 'decision_time', 'executed']) assert.equal(await result(item), 'pass', item);
    assert.equal(await result('report_home'), 'fail');
    assert.equal(await result('facts'), 'unknown');
    assert.equal(await page.isDisabled('[data-testid="review-finish"]'), true, 'not finished while items wait');
    await shot('review-sheet-zh-1366.png');
    // A deduction needs its reason: the archive is missing a page.
    await page.click('[data-testid="fail-archive"]');
    await page.fill('[data-testid="deduct-points"]', '2');
    await page.fill('[data-testid="deduct-note"]', '卷内目录缺页码');
    await page.click('[data-testid="deduct-submit"]');
    await page.waitForSelector('[data-testid="review-sheet"] tr[data-item="archive"][data-result="fail"]');
    // The rest pass, one click each.
    for (;;) {
      const next = await page.$('[data-testid="review-sheet"] tr[data-result="unknown"]');
      if (!next) break;
      const item = await next.getAttribute('data-item');
      await page.click(`[data-testid="pass-${item}"]`);
      await page.waitForSelector(`[data-testid="review-sheet"] tr[data-item="${item}"][data-result="pass"]`);
    }
    await page.click('[data-testid="review-finish"]');
    await page.waitForSelector('[data-testid="review-grade"]');
    // 100 − 2 (抄告) − 2 (archive) = 96: excellent.
    assert.equal(await page.textContent('[data-testid="review-score"]'), '96');
    assert.equal(await page.getAttribute('[data-testid="review-grade"]', 'data-grade'), 'excellent');
    await assertNoErrorShown('review sheet');
    await shot('review-finished-zh-1366.png');
    const summary = await apiOk('/api/v1/reviews/summary');
    assert.ok(summary.units.some((u) => u.unit === c.unit && u.grades.excellent >= 1));
  });

  it('shows the sheet and the grades on a phone and in English', async () => {
    try {
      await page.setViewportSize(PHONE);
      await go('#/reviews', '[data-testid="review-units"], .empty');
      assert.ok(await horizontalOverflow() <= 0, 'no sideways scroll on a phone');
      await shot('review-list-zh-phone.png');
      await page.locator('[data-testid="open-review"]').first().click();
      await page.waitForSelector('[data-testid="review-sheet"]');
      assert.ok(await horizontalOverflow() <= 0);
      await shot('review-sheet-zh-phone.png');
      await setLanguage('en');
      await page.waitForSelector('[data-testid="review-sheet"]');
      await shot('review-sheet-en-phone.png');
      await page.setViewportSize(OFFICE);
      await shot('review-sheet-en-1366.png');
    } finally {
      await page.setViewportSize(OFFICE);
      await setLanguage('zh-CN');
    }
  });
});
