// 立案审批 and 执法全过程记录 in the browser: an officer's case shows that it
// waits for a chief; the chief approves it from the case page; an act is
// recorded with the numbers of its body-worn camera recordings, which the
// timeline shows; a wrong list of numbers is refused by the form itself.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, post, expectStatus, setPassword, passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, go, loginAs, assertNoErrorShown, apiOk } from '../../lib/browser.mjs';

const tag = String(Date.now() % 100000).padStart(5, '0');

async function staff() {
  const made = { badges: [] };
  for (const n of [1, 2]) {
    const login = `approveo${tag}${n}`;
    const password = `Approve-web-${tag}-${n}`;
    await addUser({ login, name: `审批办案员${n}`, role: 'officer', unit: 'B01', badge: `AP${tag}${n}`, password });
    setPassword(login, password);
    made.badges.push(`AP${tag}${n}`);
    made.officer = made.officer || login;
  }
  made.chief = { login: `approvec${tag}`, password: `Approve-chief-${tag}` };
  await addUser({ login: made.chief.login, name: '审批大队长', role: 'chief', unit: 'B01', badge: `APC${tag}`, password: made.chief.password });
  return made;
}

describe('sunroad in the browser: approval and footage', () => {
  it('a chief approves an officer\'s case; an act carries its recordings', async () => {
    const s = await staff();
    const c = expectStatus(await post(s.officer, '/api/v1/cases', {
      violation: 'refuse_inspection', occurred_at: '2024-06-03T09:30:00+08:00', place: 'G210 线超限检测站', facts: '强行通过固定超限检测站点',
      vehicle: { plate: '蒙K12358' }, officers: s.badges, on: '2024-06-03', footage: ['B01-DSJ-20240603-0031'],
      party: { kind: 'person', name: '钱七', id_number: '11010519491231002X', phone: '13912345678' },
    }), 201).json;
    await loginAs(s.chief.login, s.chief.password, '#nav a');
    try {
    await go(`#/cases/${c.id}`, '[data-testid="case-actions"]');
    assert.ok(await page.isVisible('[data-testid="case-not-approved"]'), 'waits for a chief');
    assert.match(await page.textContent('[data-testid="case-footage"]'), /B01-DSJ-20240603-0031/);
    await page.click('[data-testid="act-approve"]');
    await page.waitForSelector('[data-testid="act-form-approve"]');
    await page.fill('[data-testid="act-on"]', '2024-06-03');
    await page.click('[data-testid="act-submit"]');
    await page.waitForSelector('[data-testid="case-event"][data-type="approve"]');
    assert.equal(await page.locator('[data-testid="case-not-approved"]').count(), 0);
    assert.equal((await apiOk(`/api/v1/cases/${c.id}`)).approved_by, s.chief.login);
    assert.equal(await page.locator('[data-testid="act-approve"]').count(), 0, 'approved once');

    // The notice with two recordings; nine are refused before sending.
    await page.click('[data-testid="act-notify"]');
    await page.fill('[data-testid="act-on"]', '2024-06-04');
    await page.fill('[data-testid="act-footage"]', Array.from({ length: 9 }, (_, i) => `R${i}`).join(' '));
    await page.click('[data-testid="act-submit"]');
    await page.waitForSelector('[data-testid="act-form-notify"] [data-testid="field-error"]');
    await page.fill('[data-testid="act-footage"]', 'B01-DSJ-20240604-0101, B01-DSJ-20240604-0102');
    await page.click('[data-testid="act-submit"]');
    const notice = page.locator('[data-testid="case-event"][data-type="notify"]');
    await notice.waitFor();
    assert.deepEqual(await notice.locator('[data-testid="footage"] code').allTextContents(), ['B01-DSJ-20240604-0101', 'B01-DSJ-20240604-0102']);
    await assertNoErrorShown('the approved case');
    await shot('cases-approve-zh-1366.png');
    } finally {
      // The tests after this one work as the admin.
      await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    }
  });
});
