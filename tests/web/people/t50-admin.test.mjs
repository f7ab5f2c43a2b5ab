// Users and units, as an admin: the page, a unit, an officer with a
// generated password (used by t85), a reset, a disabled account.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loginOf } from '../../lib/http.mjs';
import { page, shot, apiOk, go, assertNoErrorShown } from '../../lib/browser.mjs';
import { officer, tag } from './state.mjs';

const LOGIN = loginOf('admin');

describe('sunroad in the browser: users and units', () => {
  it('administers units and users', async () => {
    await go('#/users', '[data-testid="users-table"]');
    await assertNoErrorShown('#/users');
    await shot('users.png');
    const units = (await apiOk('/api/v1/units')).items;
    const parent = units.find((u) => u.kind === 'brigade') || units[0];

    // A squad under a brigade.
    const unit = `WT${tag}`;
    await page.fill('[data-testid="unit-code"]', unit);
    await page.fill('[data-testid="unit-name"]', '网页测试中队');
    await page.selectOption('[data-testid="unit-kind"]', 'squad');
    await page.selectOption('[data-testid="unit-parent"]', parent.code);
    await page.click('[data-testid="unit-add-submit"]');
    await page.waitForSelector(`[data-testid="units-table"] tr[data-unit="${unit}"]`);
    const made = (await apiOk('/api/v1/units')).items.find((u) => u.code === unit);
    assert.deepEqual({ kind: made.kind, parent: made.parent }, { kind: 'squad', parent: parent.code });

    // An officer of that squad, without a password: one is made and shown once.
    officer.login = `officer${tag}`;
    await page.fill('[data-testid="user-login"]', officer.login);
    await page.fill('[data-testid="user-name-input"]', '测试执法人员');
    await page.check('[data-testid="user-role-officer"]');
    await page.selectOption('[data-testid="user-unit"]', unit);
    await page.fill('[data-testid="user-badge"]', '15239999');
    await page.click('[data-testid="user-add-submit"]');
    await page.waitForSelector('[data-testid="new-password"]');
    officer.password = (await page.textContent('[data-testid="new-password"]')).trim();
    assert.ok(officer.password.length >= 10, `a generated password: ${officer.password}`);
    await page.waitForSelector(`[data-testid="users-table"] tr[data-login="${officer.login}"]`);
    const user = (await apiOk('/api/v1/users?limit=1000')).items.find((u) => u.login === officer.login);
    assert.deepEqual([user.roles, user.unit, user.badge, user.must_change_password], [['officer'], unit, '15239999', true]);
    await shot('users-added.png');

    // Reset: another password, shown once.
    await page.click(`[data-testid="reset-${officer.login}"]`);
    await page.waitForFunction((old) => {
      const el = document.querySelector('[data-testid="new-password"]');
      return el && el.textContent.trim() !== old;
    }, officer.password);
    officer.password = (await page.textContent('[data-testid="new-password"]')).trim();

    // A second account, disabled at once: marked, and no disable button left.
    const idle = `idle${tag}`;
    await page.fill('[data-testid="user-login"]', idle);
    await page.fill('[data-testid="user-name-input"]', '停用测试');
    await page.check('[data-testid="user-role-inspector"]');
    await page.fill('[data-testid="user-password"]', `Idle-${tag}-password`);
    await page.click('[data-testid="user-add-submit"]');
    await page.waitForSelector(`[data-testid="disable-${idle}"]`);
    await page.click(`[data-testid="disable-${idle}"]`);
    await page.waitForSelector(`[data-testid="users-table"] tr[data-login="${idle}"].row-muted`);
    assert.equal(await page.locator(`[data-testid="disable-${idle}"]`).count(), 0);
    assert.equal((await apiOk('/api/v1/users?limit=1000')).items.find((u) => u.login === idle).disabled, true);
    assert.equal(await page.locator(`[data-testid="disable-${LOGIN}"]`).count(), 0, 'an admin cannot disable itself');
  });
});
