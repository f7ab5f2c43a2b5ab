// The language switch, on the dashboard.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, go } from '../../lib/browser.mjs';

describe('sunroad in the browser: English', () => {
  it('switches to English and back', async () => {
    await go('#/dashboard', '[data-figure="detections"]');
    await page.waitForSelector('#chart-month canvas');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal(await page.textContent('#nav a[data-route="dashboard"]'), 'Dashboard');
    assert.equal(await page.textContent('[data-figure="detections"] .figure-label'), 'Detections');
    assert.equal(await page.textContent('[data-figure="ton100"] .figure-label'), '100-tonne trucks');
    assert.equal(await page.textContent('[data-testid="lang-toggle"]'), '中文');
    await page.waitForSelector('#chart-month canvas');
    await shot('dashboard-en.png');

    // The choice survives a reload.
    await page.reload();
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('h1'), 'Dashboard');

    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.waitForSelector('[data-figure="detections"]');
    assert.equal(await page.textContent('#nav a[data-route="dashboard"]'), '统计概览');
    assert.equal(await page.textContent('[data-figure="detections"] .figure-label'), '检测数');
  });
});
