// The dashboard and the detections on an office screen and on a phone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, go, horizontalOverflow, OFFICE, PHONE } from '../../lib/browser.mjs';

describe('sunroad in the browser: screens', () => {
  it('fits a 1366×768 office screen and a phone without sideways scrolling', async () => {
    await page.setViewportSize(OFFICE);
    await go('#/dashboard', '#chart-month canvas');
    assert.ok(await horizontalOverflow() <= 0, `1366 px: overflow ${await horizontalOverflow()} px`);
    assert.equal(await page.locator('#menu-toggle').isVisible(), false, 'no menu button on the office screen');
    await shot('dashboard-1366.png');

    await page.setViewportSize(PHONE);
    await page.reload();
    await page.waitForSelector('#chart-month canvas');
    assert.ok(await horizontalOverflow() <= 0, `390 px: overflow ${await horizontalOverflow()} px`);
    assert.equal(await page.locator('#nav').isVisible(), false, 'the navigation is folded on a phone');
    await page.click('#menu-toggle');
    assert.equal(await page.locator('#nav').isVisible(), true, 'the menu button unfolds it');
    await shot('dashboard-phone-menu.png');
    await page.click('#nav a[data-route="detections"]');
    await page.waitForSelector('[data-testid="detections-table"]');
    assert.equal(await page.locator('#nav').isVisible(), false, 'and it folds again after choosing');
    assert.ok(await horizontalOverflow() <= 0, 'the detections table scrolls inside its box on a phone');
    // Each record a card: its verdict and fine in sight, not behind a sideways scroll.
    for (const col of ['verdict', 'fine']) {
      const box = await page.locator(`[data-testid="detections-table"] tbody tr:first-child td[data-col="${col}"]`).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `the ${col} of a detection is on the phone's screen: ${JSON.stringify(box)}`);
    }
    await shot('detections-phone.png');
    await go('#/dashboard', '#chart-month canvas');
    assert.ok(await horizontalOverflow() <= 0);
    await shot('dashboard-phone.png');
    await page.setViewportSize(OFFICE);
  });
});
