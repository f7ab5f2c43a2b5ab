// Editing users in the browser: name, roles, unit and badge in the edit
// form; unlocking an account locked by failed logins; enabling a disabled
// one. Screenshots of the form on an office screen and a phone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, loginOf } from '../../lib/http.mjs';
import { BASE } from '../../lib/config.mjs';
import { page, shot, apiOk, go, assertNoErrorShown, OFFICE, PHONE } from '../../lib/browser.mjs';
import { tag, edited } from './state.mjs';

const LOGIN = loginOf('admin');
const userOf = async (login) => (await apiOk('/api/v1/users?limit=1000')).items.find((u) => u.login === login);
const row = (login) => `[data-testid="users-table"] tr[data-login="${login}"]`;

describe('sunroad in the browser: editing users', () => {
  it('edits name, roles, unit and badge', async () => {
    edited.login = `edit${tag}`;
    await addUser({ login: edited.login, name: '编辑前', role: 'officer', unit: 'HQ', badge: '1001', password: `Edit-${tag}-password` });
    await go('#/users');
    await page.reload(); // the list as it is now, with the user just added
    await page.waitForSelector(`[data-testid="edit-${edited.login}"]`);
    await page.click(`[data-testid="edit-${edited.login}"]`);
    await page.waitForSelector('[data-testid="user-edit"]:not([hidden])');
    assert.equal(await page.inputValue('[data-testid="edit-name"]'), '编辑前');
    assert.equal(await page.isChecked('[data-testid="edit-role-officer"]'), true);
    const units = (await apiOk('/api/v1/units')).items;
    const brigade = units.find((u) => u.kind === 'brigade');
    await page.fill('[data-testid="edit-name"]', '编辑后');
    await page.check('[data-testid="edit-role-legal"]');
    await page.selectOption('[data-testid="edit-unit"]', brigade.code);
    await page.fill('[data-testid="edit-badge"]', '2002');
    await shot('users-edit.png');
    await page.click('[data-testid="edit-submit"]');
    await page.waitForSelector('[data-testid="users-message"] [data-testid="notice-ok"]');
    await page.waitForSelector(`${row(edited.login)} td[data-col="name"]:text("编辑后")`);
    assert.equal(await page.locator('[data-testid="user-edit"]').isHidden(), true, 'the form closes');
    const u = await userOf(edited.login);
    assert.deepEqual([u.name, u.roles, u.unit, u.badge], ['编辑后', ['officer', 'legal'], brigade.code, '2002']);
    await assertNoErrorShown('#/users after the edit');

    // Its own admin role is not for the admin to take away.
    await page.click(`[data-testid="edit-${LOGIN}"]`);
    await page.waitForSelector('[data-testid="user-edit"]:not([hidden])');
    assert.equal(await page.isDisabled('[data-testid="edit-role-admin"]'), true);
    assert.equal(await page.isChecked('[data-testid="edit-role-admin"]'), true);
    await page.click('[data-testid="edit-cancel"]');
  });

  it('unlocks an account locked by failed logins, and enables a disabled one', async () => {
    // Failed logins from outside the page (the server's default: 5 lock).
    for (let i = 0; i < 5; i++) {
      await fetch(`${BASE}/api/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: edited.login, password: `Wrong-${i}-password` }),
      });
    }
    assert.equal((await userOf(edited.login)).locked, true, 'locked after failed logins');
    await page.reload(); // the list as it is now: locked
    await page.waitForSelector(`[data-testid="unlock-${edited.login}"]`);
    await shot('users-locked.png');
    await page.click(`[data-testid="unlock-${edited.login}"]`);
    await page.waitForSelector('[data-testid="users-message"] [data-testid="notice-ok"]');
    assert.equal((await userOf(edited.login)).locked, false);
    assert.equal(await page.locator(`[data-testid="unlock-${edited.login}"]`).count(), 0, 'no unlock button on an unlocked account');

    await page.click(`[data-testid="disable-${edited.login}"]`);
    await page.waitForSelector(`[data-testid="enable-${edited.login}"]`);
    assert.equal((await userOf(edited.login)).disabled, true);
    await page.click(`[data-testid="enable-${edited.login}"]`);
    await page.waitForSelector(`[data-testid="disable-${edited.login}"]`);
    assert.equal((await userOf(edited.login)).disabled, false);
    await assertNoErrorShown('#/users after unlock and enable');

    // The form on a phone.
    await page.setViewportSize(PHONE);
    await page.click(`[data-testid="edit-${edited.login}"]`);
    await page.waitForSelector('[data-testid="user-edit"]:not([hidden])');
    await shot('users-edit-phone.png');
    await page.click('[data-testid="edit-cancel"]');
    await page.setViewportSize(OFFICE);
  });
});
