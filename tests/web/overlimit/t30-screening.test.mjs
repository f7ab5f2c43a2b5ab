// The screening queue: dismiss (a note for "other") and confirm.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loginOf } from '../../lib/http.mjs';
import { page, shot, apiOk, go } from '../../lib/browser.mjs';

const LOGIN = loginOf('admin');

describe('sunroad in the browser: screening', () => {
  it('screens a detection, which then leaves the queue', async () => {
    await go('#/screening', '[data-testid="screening-table"], [data-testid="screening-empty"]');
    const queue = await apiOk('/api/v1/screening?limit=1000');
    assert.ok(queue.items.length >= 2, 'the test database has at least two detections to screen');
    const ids = await page.$$eval('[data-testid="screening-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
    assert.deepEqual(ids, queue.items.slice(0, ids.length).map((d) => String(d.id)), 'the queue, oldest first');
    await shot('screening.png');

    // Dismiss the first with reason "other": the note is required.
    const dismissed = ids[0];
    await page.click(`[data-testid="screening-table"] tr[data-id="${dismissed}"] [data-testid="open-detection"]`);
    await page.waitForSelector(`[data-testid="desk"][data-id="${dismissed}"] [data-testid="desk-summary"]`);
    const reasons = await apiOk('/api/v1/screening/reasons');
    const buttons = await page.$$eval('[data-testid="screening-decide"] [data-reason]', (bs) => bs.map((b) => b.dataset.reason));
    assert.deepEqual(buttons, reasons.items.map((r) => r.code));
    await page.click('[data-testid="dismiss-other"]');
    await page.click('[data-testid="screening-dismiss"]');
    assert.equal(await page.evaluate(() => location.hash), `#/screening/${dismissed}`, 'no note: not sent');
    await shot('screening-detail.png');
    await page.fill('[data-testid="dismiss-note"]', '浏览器测试:车牌与照片不符');
    await page.click('[data-testid="screening-dismiss"]');
    await page.waitForSelector('[data-testid="flash"]');
    // The next record opens by itself.
    await page.waitForFunction((id) => { const d = document.querySelector('[data-testid="desk"]'); return d && d.dataset.id && d.dataset.id !== id; }, dismissed);
    const confirmed = await page.getAttribute('[data-testid="desk"]', 'data-id');
    assert.notEqual(confirmed, dismissed, 'the dismissed detection left the queue on the page');
    assert.equal(await page.evaluate(() => location.hash), `#/screening/${confirmed}`);
    await page.click('[data-testid="screening-confirm"]');
    await page.waitForFunction((id) => document.querySelector('[data-testid="desk"]')?.dataset.id !== id, confirmed);
    await go('#/screening', '[data-testid="screening-table"] tbody tr, [data-testid="screening-empty"]');

    const after = (await apiOk('/api/v1/screening?limit=1000')).items.map((d) => String(d.id));
    assert.ok(!after.includes(dismissed), 'the dismissed detection left the queue');
    assert.ok(!after.includes(confirmed), 'the confirmed detection left the queue');
    assert.equal(after.length, queue.items.length - 2);
    const shown = await page.$$eval('[data-testid="screening-table"] tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
    assert.ok(!shown.includes(dismissed) && !shown.includes(confirmed), 'and the page agrees');

    const d = await apiOk(`/api/v1/detections/${dismissed}`);
    assert.equal(d.screening, 'dismissed');
    assert.equal(d.decision.reason, 'other');
    assert.equal(d.decision.by, LOGIN);
    assert.equal((await apiOk(`/api/v1/detections/${confirmed}`)).screening, 'confirmed');
    // Deciding twice is refused.
    const again = await page.evaluate(async ([id, csrf]) => (await fetch(`/api/v1/screening/${id}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{"decision":"confirm"}',
    })).status, [confirmed, (await apiOk('/api/v1/session')).csrf]);
    assert.equal(again, 409);

    // The decided record shows its decision.
    await go(`#/detections/${dismissed}`, '[data-testid="detail-decision"]');
    assert.ok((await page.textContent('[data-testid="detail-decision"]')).includes('浏览器测试'));
    // A dismissed record is never badged as evidence; the reviewer by name.
    assert.equal(await page.locator('[data-testid="admissible-dismissed"]').count(), 1);
    assert.ok((await page.textContent('[data-testid="detail-decision"]')).includes((await apiOk('/api/v1/session')).user.name));

    // The audit log records the screening decisions just made.
    const audit = await apiOk('/api/v1/audit?limit=50');
    assert.ok(audit.items.some((a) => /screen/.test(a.action)), 'a screening decision is audited');
  });
});
