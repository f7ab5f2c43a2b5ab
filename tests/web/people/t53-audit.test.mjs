// The audit log in the browser: filtered by person, action, object and
// period (kept in the hash, so Back brings the filter back), each change a
// table of fields before and after with the changed ones marked, and the
// client address of the change. Desktop, phone and English screenshots.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loginOf } from '../../lib/http.mjs';
import { page, shot, go, redrawn, assertNoErrorShown, latinSentences, OFFICE, PHONE } from '../../lib/browser.mjs';
import { edited } from './state.mjs';

const LOGIN = loginOf('admin');

describe('sunroad in the browser: the audit log', () => {
  it('filters, and shows a change as a before/after table', async () => {
    assert.ok(edited.login, 't52 edited a user');
    await go(`#/audit?object=${edited.login}&action=user.update`, '[data-testid="audit-table"]');
    await assertNoErrorShown('#/audit filtered');
    assert.equal(await page.inputValue('[data-testid="audit-object"]'), edited.login, 'the filter shows in the form');
    assert.equal(await page.inputValue('[data-testid="audit-action"]'), 'user.update');
    const rows = page.locator('[data-testid="audit-table"] > tbody > tr');
    assert.equal(await rows.count(), 1, 'the one edit of t52');
    const row = rows.first();
    assert.equal((await row.locator('td[data-col="object"]').textContent()).trim(), edited.login);
    assert.equal((await row.locator('td[data-col="client"]').textContent()).trim(), '127.0.0.1');
    // Changed: name, roles, unit, badge; unchanged: the rest, not marked.
    const changed = await row.locator('[data-testid="change-table"] tr.changed').evaluateAll((trs) => trs.map((tr) => tr.dataset.field));
    assert.deepEqual(changed.sort(), ['badge', 'name', 'roles', 'unit']);
    assert.ok(await row.locator('[data-testid="change-table"] tr.unchanged').count() >= 3, 'the unchanged fields are listed, unmarked');
    const name = row.locator('[data-testid="change-table"] tr[data-field="name"]');
    assert.deepEqual(await name.locator('th, td').allTextContents(), ['姓名', '编辑前', '编辑后']);
    const roles = await row.locator('[data-testid="change-table"] tr[data-field="roles"] td').allTextContents();
    assert.deepEqual(roles, ['执法人员', '执法人员、法制审核人员'], 'roles by their names');
    assert.deepEqual(latinSentences(await page.locator('[data-testid="audit-table"]').textContent()), []);
    await shot('audit-change.png');

    // By person and period, through the form.
    await redrawn(() => page.click('[data-testid="audit-clear"]'), '[data-testid="audit-table"]');
    await page.waitForFunction(() => location.hash === '#/audit');
    await page.fill('[data-testid="audit-actor"]', LOGIN);
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    await page.fill('[data-testid="audit-from"]', today);
    await page.fill('[data-testid="audit-to"]', today);
    await redrawn(() => page.click('[data-testid="audit-apply"]'), '[data-testid="audit-table"]');
    await page.waitForFunction((a) => location.hash.includes(`actor=${a}`), LOGIN);
    const actors = await page.locator('[data-testid="audit-table"] td[data-col="actor"]').allTextContents();
    assert.ok(actors.length > 0 && actors.every((a) => a.trim() === LOGIN), `only ${LOGIN}: ${[...new Set(actors)]}`);
    const filtered = page.url();
    await shot('audit-filter.png');

    // Back to the unfiltered log, and forward again: the filter comes back.
    await page.goBack();
    await page.waitForFunction(() => location.hash === '#/audit');
    await page.goForward();
    await page.waitForFunction((u) => location.href === u, filtered);
    await page.waitForSelector('[data-testid="audit-table"]');
    assert.equal(await page.inputValue('[data-testid="audit-actor"]'), LOGIN);

    // Nothing in a period without entries.
    await go('#/audit?from=2000-01-01&to=2000-01-31', '[data-testid="audit-empty"]');

    // On a phone, and in English.
    await go(`#/audit?object=${edited.login}`, '[data-testid="audit-table"]');
    await page.setViewportSize(PHONE);
    await shot('audit-phone.png');
    await page.setViewportSize(OFFICE);
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('html[lang="en"] [data-testid="audit-table"]');
    await shot('audit-en.png');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('html[lang="zh-CN"] [data-testid="audit-table"]');
  });
});
