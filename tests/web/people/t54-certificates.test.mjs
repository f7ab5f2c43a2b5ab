// The enforcement certificate (执法证) of a user in the browser: the add and
// edit forms take its validity, the users table shows it ("起 至 止", "—"
// when not on record) and marks one expired or expiring within 30 days; a
// day emptied in the edit form comes off the record; a wrong range is
// refused in Chinese.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../../lib/http.mjs';
import { page, shot, apiOk, go, assertNoErrorShown } from '../../lib/browser.mjs';
import { tag } from './state.mjs';

const userOf = async (login) => (await apiOk('/api/v1/users?limit=1000')).items.find((u) => u.login === login);
const row = (login) => `[data-testid="users-table"] tr[data-login="${login}"]`;
const certCell = (login) => `${row(login)} td[data-col="cert"]`;
// A day counted from today in the agency's calendar (UTC+08:00).
const day = (offset) => new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400000).toISOString().slice(0, 10);

describe('sunroad in the browser: enforcement certificates', () => {
  it('adds a user with its certificate and shows the validity', async () => {
    const login = `cert${tag}`;
    await go('#/users', '[data-testid="users-table"]');
    await page.fill('[data-testid="user-login"]', login);
    await page.fill('[data-testid="user-name-input"]', '持证人员');
    await page.check('[data-testid="user-role-officer"]');
    await page.fill('[data-testid="user-badge"]', '15238888');
    await page.fill('[data-testid="user-cert-from"]', '2024-01-01');
    await page.fill('[data-testid="user-cert-to"]', '2099-12-31');
    await page.fill('[data-testid="user-password"]', `Cert-${tag}-password`);
    await page.click('[data-testid="user-add-submit"]');
    await page.waitForSelector(`${certCell(login)} [data-cert="valid"]`);
    assert.equal((await page.textContent(certCell(login))).trim(), '2024-01-01 至 2099-12-31');
    const u = await userOf(login);
    assert.deepEqual([u.badge, u.cert_valid_from, u.cert_valid_to], ['15238888', '2024-01-01', '2099-12-31']);
    await assertNoErrorShown('#/users after adding');
  });

  it('marks a certificate expired or expiring, and shows — when none is on record', async () => {
    const password = `Cert-${tag}-password`;
    await addUser({ login: `certold${tag}`, name: '过期', role: 'officer', unit: 'HQ', badge: '15238001', password, cert_valid_from: '2018-01-01', cert_valid_to: day(-1) });
    await addUser({ login: `certsoon${tag}`, name: '将到期', role: 'officer', unit: 'HQ', badge: '15238002', password, cert_valid_from: '2020-01-01', cert_valid_to: day(10) });
    await addUser({ login: `certnone${tag}`, name: '无证', role: 'officer', unit: 'HQ', badge: '15238003', password });
    await page.reload();
    await page.waitForSelector(`${certCell(`certold${tag}`)} [data-cert="expired"]`);
    assert.match(await page.textContent(certCell(`certold${tag}`)), /已过期/);
    assert.match(await page.getAttribute(row(`certold${tag}`), 'class'), /row-alert/);
    await page.waitForSelector(`${certCell(`certsoon${tag}`)} [data-cert="expiring"]`);
    assert.match(await page.textContent(certCell(`certsoon${tag}`)), /即将到期/);
    assert.equal((await page.textContent(certCell(`certnone${tag}`))).trim(), '—');
    await shot('users-certificates.png');
  });

  it('edits the validity: a wrong range is refused in Chinese, an emptied day comes off the record', async () => {
    const login = `cert${tag}`;
    await page.click(`[data-testid="edit-${login}"]`);
    await page.waitForSelector('[data-testid="user-edit"]:not([hidden])');
    assert.equal(await page.inputValue('[data-testid="edit-cert-to"]'), '2099-12-31');
    await page.fill('[data-testid="edit-cert-to"]', '2023-12-31');
    await page.click('[data-testid="edit-submit"]');
    await page.waitForSelector('[data-testid="users-message"] :text("早于")');
    assert.equal((await userOf(login)).cert_valid_to, '2099-12-31', 'nothing changed');

    await page.fill('[data-testid="edit-cert-to"]', '');
    await page.click('[data-testid="edit-submit"]');
    await page.waitForSelector('[data-testid="users-message"] [data-testid="notice-ok"]');
    const u = await userOf(login);
    assert.deepEqual([u.cert_valid_from, u.cert_valid_to], ['2024-01-01', null]);
    const shown = () => page.evaluate((sel) => document.querySelector(sel)?.textContent.trim(), certCell(login));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === '2024-01-01 至 —', certCell(login), { timeout: 5000 }).catch(() => {});
    assert.equal(await shown(), '2024-01-01 至 —');
    await assertNoErrorShown('#/users after the edit');
  });
});
