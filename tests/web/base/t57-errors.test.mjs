// Errors in the user's language: the server answers a reason and its
// arguments, the page words them (web/base/errors.js). Triggered here in
// zh-CN on several pages — the users and units forms, the edit form, a
// reversed period on two lists, an unknown page, the password and login
// pages — each shown in Chinese, with no Latin-script sentence.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, go, shownError, loginAs } from '../../lib/browser.mjs';

const LOGIN = loginOf('admin');

describe('sunroad in the browser: errors in Chinese', () => {
  it('words the server\'s errors in Chinese on every page that meets one', async () => {
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    const seen = [];
    const expect = async (scope, reason, words) => {
      const e = await shownError(scope);
      assert.equal(e.reason, reason, `the reason of: ${e.text}`);
      assert.ok(e.text.includes(words), `${reason}: '${e.text}' says '${words}'`);
      seen.push(e);
    };
    const message = '[data-testid="users-message"]';
    const clearMessage = () => page.evaluate((sel) => document.querySelector(sel).replaceChildren(), message);

    // The users form: a login the server refuses, then one that is taken.
    await go('#/users', '[data-testid="users-table"]');
    await page.fill('[data-testid="user-login"]', 'Bad Login');
    await page.fill('[data-testid="user-name-input"]', '错误测试');
    await page.check('[data-testid="user-role-officer"]');
    await page.click('[data-testid="user-add-submit"]');
    await expect(message, 'login_format', '登录名须为 1–64 位小写字母');
    await shot('errors-zh.png');
    await clearMessage();
    await page.fill('[data-testid="user-login"]', LOGIN);
    await page.fill('[data-testid="user-name-input"]', '错误测试');
    await page.check('[data-testid="user-role-officer"]');
    await page.click('[data-testid="user-add-submit"]');
    await expect(message, 'login_taken', `登录名 ${LOGIN} 已被使用`);

    // The units form: a code in small letters, then one that exists.
    await clearMessage();
    await page.fill('[data-testid="unit-code"]', 'lower');
    await page.fill('[data-testid="unit-name"]', '错误测试');
    await page.click('[data-testid="unit-add-submit"]');
    await expect(message, 'unit_code_format', '单位代码须为');
    await clearMessage();
    await page.fill('[data-testid="unit-code"]', 'HQ');
    await page.fill('[data-testid="unit-name"]', '错误测试');
    await page.click('[data-testid="unit-add-submit"]');
    await expect(message, 'unit_taken', '单位代码 HQ 已存在');

    // The edit form: a badge number longer than the server keeps.
    await clearMessage();
    await page.click(`[data-testid="edit-${LOGIN}"]`);
    await page.waitForSelector('[data-testid="user-edit"]:not([hidden])');
    await page.fill('[data-testid="edit-badge"]', '1'.repeat(40));
    await page.click('[data-testid="edit-submit"]');
    await expect(message, 'field_too_long', '执法证号过长:最多 32 字节');
    await page.click('[data-testid="edit-cancel"]');

    // A period that runs backwards, on the audit log and on the detections.
    await go('#/audit?from=2024-03-02&to=2024-03-01', '[data-testid="audit-list"] [data-testid="error"]');
    await expect('[data-testid="audit-list"]', 'range_reversed', '结束日期 2024-03-01 早于开始日期 2024-03-02');
    await go('#/detections?from=2023-06-02&to=2023-06-01', '[data-testid="error"]');
    await expect('body', 'range_reversed', '结束日期 2023-06-01 早于开始日期 2023-06-02');

    // A page that does not exist.
    await go('#/no-such-page', '[data-testid="error"]');
    await expect('body', 'page_unknown', '页面不存在');

    // The password page: a wrong current password.
    await go('#/password', '[data-testid="password-form"]');
    await page.fill('[data-testid="password-old"]', 'Not-the-password-1');
    await page.fill('[data-testid="password-new"]', 'Another-2024-pass');
    await page.fill('[data-testid="password-repeat"]', 'Another-2024-pass');
    await page.click('[data-testid="password-submit"]');
    await expect('[data-testid="password-form"]', 'password_wrong', '原密码不正确');

    // The login page: a wrong password; then back in.
    await loginAs(LOGIN, `${passwordOf(LOGIN)}-wrong`, '[data-testid="login-form"] [data-testid="error"]');
    await expect('[data-testid="login-form"]', 'login_failed', '登录名或密码错误');
    await loginAs(LOGIN, passwordOf(LOGIN), '[data-figure="detections"]');

    assert.ok(seen.length >= 10, `errors seen: ${seen.length}`);
    for (const e of seen) assert.match(e.text, /[\u4e00-\u9fff]/, `in Chinese: ${e.text}`);
  });
});
