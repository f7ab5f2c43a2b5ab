// Every page of the navigation, and a record's page, at 1366×768 and
// 390×844, in Chinese and in English: drawn without an error notice,
// without sideways scrolling of the page, its title in the language
// chosen; a screenshot of each (screens-<page>-<lang>-<width>.png).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, go, apiOk, loginAs, navItems, assertNoErrorShown, horizontalOverflow, OFFICE, PHONE } from '../../lib/browser.mjs';

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

// Done loading: no list busy, the heading drawn.
async function drawn() {
  await page.waitForSelector('#view h1');
  await page.waitForFunction(() => !document.querySelector('#view [aria-busy="true"]'));
}

describe('sunroad in the browser: every page on both screens, in both languages', () => {
  it('draws each page without an error or a sideways scroll', async () => {
    // As the admin, who has every page (an earlier test may have left an officer).
    await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    await go('#/dashboard', '[data-figure="detections"]');
    const pages = (await navItems()).map((n) => ({ name: n.route, hash: `#/${n.route}` }));
    assert.ok(pages.length >= 6, `the admin's pages: ${pages.map((p) => p.name)}`);
    const [one] = (await apiOk('/api/v1/detections?verdict=overlimit&limit=1')).items;
    if (one) pages.push({ name: 'detection', hash: `#/detections/${one.id}` });
    try {
      for (const lang of ['zh-CN', 'en']) {
        for (const [size, label] of [[OFFICE, '1366'], [PHONE, 'phone']]) {
          await page.setViewportSize(size);
          for (const p of pages) {
            await go(p.hash);
            await setLanguage(lang);
            await drawn();
            await assertNoErrorShown(`${p.hash} ${lang} ${label}`);
            // The title's own words (a record's title goes on with its plate).
            const h1 = await page.evaluate(() => document.querySelector('#view h1').firstChild.textContent);
            if (lang === 'en') assert.doesNotMatch(h1, /[\u4e00-\u9fff]/, `${p.hash}: the English title is English: ${h1}`);
            else assert.match(h1, /[\u4e00-\u9fff]/, `${p.hash}: the Chinese title is Chinese: ${h1}`);
            assert.ok(await horizontalOverflow() <= 0, `${p.hash} ${label}: the page scrolls sideways by ${await horizontalOverflow()} px`);
            await shot(`screens-${p.name}-${lang === 'en' ? 'en' : 'zh'}-${label}.png`);
          }
        }
      }
    } finally {
      await page.setViewportSize(OFFICE);
      await setLanguage('zh-CN');
    }
  });
});
