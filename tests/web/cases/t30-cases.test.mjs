// A penalty case in the browser, as the admin: two officers with badges
// (made through the API), an over-limit detection confirmed by screening,
// opened as a case from the detection's page (立案, its form checking the
// ID number before sending), then walked through the case page's actions:
// notice, a decision refused in words during the statement period, the
// legal review, the decision, service, payment and closing, the state and
// the timeline checked after each; the list shows the case with its state
// and keeps its filter on Back; an on-site case's form. No English in the
// Chinese pages; screenshots at 1366×768 and 390×844 in both languages.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, post, show, passwordOf, loginOf } from '../../lib/http.mjs';
import { page, shot, apiOk, go, redrawn, loginAs, shownError, assertNoErrorShown, horizontalOverflow, latinOffenders, OFFICE, PHONE } from '../../lib/browser.mjs';

const tag = String(Date.now() % 1000000).padStart(6, '0');
const state = { detection: null, caseId: null, day0: null, badges: [] };

// 'YYYY-MM-DD' + n days.
function plus(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const caseState = () => page.getAttribute('[data-testid="case-page"]', 'data-state');
const eventTypes = () => page.$$eval('[data-testid="case-timeline"] [data-testid="case-event"]', (lis) => lis.map((li) => li.dataset.type));

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function noLatin(where) {
  const found = await latinOffenders(['#lang-toggle']);
  assert.deepEqual(found, [], `${where}: English in the Chinese page: ${JSON.stringify(found)}`);
}

// Records one act through its form on the case page; expects the page
// drawn again in the new state, with the act last in the timeline.
async function act(type, on, fill = {}, expected) {
  await page.click(`[data-testid="act-${type}"]`);
  await page.waitForSelector(`[data-testid="act-form-${type}"]`);
  await page.fill('[data-testid="act-on"]', on);
  await page.dispatchEvent('[data-testid="act-on"]', 'change');
  for (const [testid, value] of Object.entries(fill)) await page.fill(`[data-testid="${testid}"]`, value);
  const before = (await eventTypes()).length;
  await page.press('[data-testid="act-on"]', 'Enter'); // Enter submits
  await page.waitForSelector('[data-testid="flash"]');
  await page.waitForSelector(`[data-testid="case-page"][data-state="${expected}"]`);
  const types = await eventTypes();
  assert.equal(types.length, before + 1, `${type}: one more event in the timeline: ${types}`);
  assert.equal(types[types.length - 1], type);
  const c = await apiOk(`/api/v1/cases/${state.caseId}`);
  assert.equal(c.state, expected, `${type}: the server's state`);
  assert.equal(c.events[c.events.length - 1].on, on);
  await assertNoErrorShown(`after ${type}`);
  return c;
}

describe('sunroad in the browser: penalty cases', () => {
  after(async () => {
    await page.setViewportSize(OFFICE);
    await setLanguage('zh-CN');
  });

  it('opens a case from a detection confirmed by screening, checking the form first', async () => {
    await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    // A pending, admissible over-limit detection with a fine, and two
    // officers of its site's unit.
    const queue = (await apiOk('/api/v1/screening?limit=100')).items;
    const d = queue.find((x) => x.overlimit && x.admissible && x.penalty === 'fine' && x.fine_fen > 0);
    assert.ok(d, 'a pending over-limit detection to confirm');
    const sites = (await apiOk('/api/v1/sites')).items;
    const unit = sites.find((s) => s.code === d.site).unit;
    for (const n of [1, 2]) {
      const badge = `31${tag}${n}`;
      await addUser({ login: `caseweb${tag}${n}`, name: `办案员${n}`, role: 'officer', unit, badge, password: `Case-web-${tag}-${n}` });
      state.badges.push(badge);
    }
    const r = await post('admin', `/api/v1/screening/${d.id}`, { decision: 'confirm' });
    assert.equal(r.status, 200, show(r));
    state.detection = d.id;
    state.day0 = d.passed_at.slice(0, 10);

    await go(`#/detections/${d.id}`, '[data-testid="open-case"]');
    await page.click('[data-testid="open-case"]');
    await page.waitForSelector('[data-testid="open-form"]');
    assert.equal(await page.inputValue('[data-testid="open-on"]'), await page.getAttribute('[data-testid="open-on"]', 'max'), 'the opening day is today by default');
    await page.fill('[data-testid="open-badge1"]', state.badges[0]);
    await page.fill('[data-testid="open-badge2"]', state.badges[1]);
    await page.fill('[data-testid="open-party_name"]', '张三');
    // A wrong check digit is caught here, not sent.
    await page.fill('[data-testid="open-id_number"]', '110105194912310021');
    await page.fill('[data-testid="open-phone"]', '13912345678');
    await page.fill('[data-testid="open-address"]', '内蒙古包头市昆都仑区');
    await page.fill('[data-testid="open-on"]', plus(state.day0, 5));
    await page.click('[data-testid="open-submit"]');
    const fieldError = page.locator('[data-testid="open-form"] [data-testid="field-error"]');
    await fieldError.waitFor();
    assert.match(await fieldError.textContent(), /身份证号码.*校验码/);
    assert.equal(await page.getAttribute('[data-testid="open-id_number"]', 'aria-invalid'), 'true');
    assert.match(await page.evaluate(() => location.hash), /^#\/detections\//, 'not sent');
    await page.fill('[data-testid="open-id_number"]', '11010519491231002X');
    await noLatin('the 立案 form');
    await shot('cases-open-form-zh-1366.png');
    // Esc closes the form, the button opens it again with nothing lost but the form.
    await page.press('[data-testid="open-party_name"]', 'Escape');
    await page.waitForSelector('[data-testid="open-form"]', { state: 'detached' });
    await page.click('[data-testid="open-case"]');
    await page.fill('[data-testid="open-badge1"]', state.badges[0]);
    await page.fill('[data-testid="open-badge2"]', state.badges[1]);
    await page.fill('[data-testid="open-party_name"]', '张三');
    await page.fill('[data-testid="open-id_number"]', '11010519491231002X');
    await page.fill('[data-testid="open-phone"]', '13912345678');
    await page.fill('[data-testid="open-on"]', plus(state.day0, 5));
    await page.press('[data-testid="open-phone"]', 'Enter');
    await page.waitForFunction(() => /^#\/cases\/\d+$/.test(location.hash));
    await page.waitForSelector('[data-testid="case-page"][data-state="opened"]');
    state.caseId = Number((await page.evaluate(() => location.hash)).split('/')[2]);
    assert.match(await page.textContent('[data-testid="flash"]'), /已立案/);
    const c = await apiOk(`/api/v1/cases/${state.caseId}`);
    assert.equal(c.detection, d.id);
    assert.equal(c.opened_on, plus(state.day0, 5));
    assert.deepEqual(c.officers.map((o) => o.badge), state.badges);
    assert.equal(await page.textContent('[data-testid="case-number"]'), c.number);
    assert.match(await page.textContent('[data-testid="case-fine"]'), /\d{1,3}(,\d{3})*\.\d{2} 元/);
    assert.match(await page.textContent('[data-testid="case-state"]'), /已立案/);
    assert.match(await page.textContent('[data-testid="case-officers"]'), new RegExp(`${state.badges[0]}[\\s\\S]*${state.badges[1]}`));
    // Only the acts the procedure allows now.
    const buttons = await page.$$eval('[data-testid="case-actions"] [data-act]', (bs) => bs.map((b) => b.dataset.act));
    assert.deepEqual(buttons, c.allowed);
    assert.ok(await page.isVisible('[data-testid="doc-opening"]'));
    assert.equal(await page.locator('[data-testid="doc-decision"]').count(), 0, 'no decision document before the decision');
    // The deadline ahead with its rule.
    assert.ok(await page.locator('[data-testid="case-deadlines"] [data-deadline="decision"] .citation').count());
    await noLatin('the case page');
  });

  it('walks the case through the page\'s actions to its closing, refusing in words what the procedure does not allow', async () => {
    const on = (n) => plus(state.day0, n);
    // A day in the future is refused by the form itself.
    await page.click('[data-testid="act-notify"]');
    await page.fill('[data-testid="act-on"]', '2999-01-01');
    await page.click('[data-testid="act-submit"]');
    await page.waitForSelector('[data-testid="act-form-notify"] [data-testid="field-error"]');
    assert.match(await page.textContent('[data-testid="act-form-notify"] [data-testid="field-error"]'), /不能晚于今天/);
    const proposed = (await apiOk(`/api/v1/cases/${state.caseId}`)).proposed_fine_fen;
    assert.equal(Number(await page.inputValue('[data-testid="act-fine_yuan"]')) * 100, proposed, 'the notice proposes the fine');
    await noLatin('the notice form');
    await shot('cases-act-form-zh-1366.png');
    await page.press('[data-testid="act-on"]', 'Escape');
    await page.waitForSelector('[data-testid="act-form-notify"]', { state: 'detached' });

    let c = await act('notify', on(6), {}, 'notified');
    assert.ok(await page.isVisible('[data-testid="doc-notice"]'), 'the notice once notified');
    assert.ok(await page.locator('[data-testid="case-event"][data-type="notify"] .event-sets li').count(), 'what the notice set');

    // One of the case's officers is offered the acts of its role only: no
    // legal review (a legal reviewer's) and no extension (a chief's).
    await loginAs(`caseweb${tag}1`, `Case-web-${tag}-1`, '#nav a');
    try {
      await go(`#/cases/${state.caseId}`, '[data-testid="case-actions"]');
      const offered = await page.$$eval('[data-testid="case-actions"] [data-act]', (bs) => bs.map((b) => b.dataset.act));
      assert.deepEqual(offered, c.allowed.filter((x) => x !== 'extend' && x !== 'review'), `offered ${offered} of ${c.allowed}`);
      assert.ok(c.allowed.includes('review') && c.allowed.includes('extend'), `the admin is offered both: ${c.allowed}`);
      await noLatin('the case page of an officer');
      await shot('cases-officer-zh-1366.png');
    } finally {
      await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    }
    await go(`#/cases/${state.caseId}`, '[data-testid="case-actions"]');

    // An act dated before the previous one is refused by the server, in Chinese.
    const next = c.allowed.find((x) => ['review', 'decide', 'statement'].includes(x));
    assert.ok(next, `an act after the notice: ${c.allowed}`);
    await page.click(`[data-testid="act-${next}"]`);
    await page.fill('[data-testid="act-on"]', on(5));
    await page.click('[data-testid="act-submit"]');
    const shown = await shownError(`[data-testid="act-form-${next}"]`);
    assert.equal(shown.reason, 'event_before_previous');
    assert.match(shown.text, new RegExp(`不能早于.*${on(6)}`));
    assert.equal(await caseState(), 'notified', 'nothing recorded');
    assert.equal((await eventTypes()).length, 1);
    await shot('cases-refused-zh-1366.png');
    await page.press('[data-testid="act-on"]', 'Escape');
    if (c.allowed.includes('review')) c = await act('review', on(20), {}, 'notified');
    c = await act('decide', on(20), {}, 'decided');
    assert.ok(await page.isVisible('[data-testid="doc-decision"]'));
    assert.ok(await page.isVisible('[data-testid="doc-receipt"]'));
    c = await act('serve', on(21), {}, 'served');
    // The amount prefilled: the fine, no late fine within the period.
    await page.click('[data-testid="act-pay"]');
    await page.fill('[data-testid="act-on"]', on(22));
    await page.dispatchEvent('[data-testid="act-on"]', 'change');
    assert.equal(Math.round(Number(await page.inputValue('[data-testid="act-amount_yuan"]')) * 100), c.fine_fen);
    // A wrong amount is refused with the amount due that day, put in the field.
    await page.fill('[data-testid="act-amount_yuan"]', String(c.fine_fen / 100 + 1));
    await page.click('[data-testid="act-submit"]');
    assert.equal((await shownError('[data-testid="act-form-pay"]')).reason, 'payment_amount');
    assert.equal(Math.round(Number(await page.inputValue('[data-testid="act-amount_yuan"]')) * 100), c.fine_fen, 'the amount due, filled in');
    await page.press('[data-testid="act-on"]', 'Escape');
    c = await act('pay', on(22), {}, 'paid');
    assert.equal(c.paid_fen, c.fine_fen);
    c = await act('close', on(23), {}, 'closed');
    assert.ok(await page.isVisible('[data-testid="doc-closing"]'));
    assert.deepEqual(await eventTypes(), c.events.map((e) => e.type));
    assert.match(await page.textContent('[data-testid="case-state"]'), /已结案/);
    await noLatin('the closed case');
  });

  it('lists the case with its state, next step and filter, kept on Back', async () => {
    await go('#/cases?state=closed', '[data-testid="cases-list"]');
    await page.waitForSelector('[data-testid="cases-list"]:not([aria-busy]) [data-testid="cases-table"]');
    const api = await apiOk('/api/v1/cases?state=closed&limit=50');
    assert.equal(await page.getAttribute('[data-testid="list-total"]', 'data-total'), String(api.total));
    const row = page.locator(`[data-testid="cases-table"] tr[data-id="${state.caseId}"]`);
    assert.equal(await row.getAttribute('data-state'), 'closed');
    assert.match(await row.locator('[data-testid="case-state"]').textContent(), /已结案/);
    assert.equal(await page.inputValue('[data-testid="cases-state"]'), 'closed');
    // A case still open shows its next step and days left, coloured.
    await go('#/cases?state=open', '[data-testid="cases-list"]');
    await page.waitForSelector('[data-testid="cases-list"]:not([aria-busy])');
    const open = (await apiOk('/api/v1/cases?state=open&limit=50')).items;
    for (const o of open.filter((x) => x.next_due)) {
      const tr = page.locator(`[data-testid="cases-table"] tr[data-id="${o.id}"]`);
      const want = o.days_left < 0 ? 'overdue' : o.days_left <= 3 ? 'risk' : 'ok';
      assert.equal(await tr.getAttribute('data-urgency'), want, `case ${o.id}: ${o.days_left} days left`);
    }
    // Sorted by a header, then a case opened and Back: the same list.
    await page.goto(`${page.url().split('#')[0]}#/cases?state=closed`);
    await page.waitForSelector('[data-testid="cases-list"]:not([aria-busy]) [data-testid="cases-table"]');
    await redrawn(() => page.click('th button[data-sort="opened_on"]'),
      '[data-testid="cases-list"]:not([aria-busy]) [data-testid="cases-table"]');
    const hash = await page.evaluate(() => location.hash);
    await page.click(`[data-testid="cases-table"] tr[data-id="${state.caseId}"] [data-testid="open-case"]`);
    await page.waitForSelector('[data-testid="case-page"]');
    assert.equal(await page.getAttribute('[data-testid="case-back"]', 'href'), hash, 'the way back keeps the filter and sort');
    await page.goBack();
    await page.waitForSelector('[data-testid="cases-list"]:not([aria-busy]) [data-testid="cases-table"]');
    assert.equal(await page.evaluate(() => location.hash), hash);
    assert.equal(await page.inputValue('[data-testid="cases-state"]'), 'closed');
    await noLatin('the list');
  });

  it('checks an on-site case\'s form in the browser and opens it', async () => {
    await go('#/cases/new', '[data-testid="open-form"]');
    await page.selectOption('[data-testid="open-violation"]', 'overlimit_size');
    await page.fill('[data-testid="open-occurred_at"]', `${plus(state.day0, 1)}T10:30`);
    await page.fill('[data-testid="open-place"]', 'G210 线 K100');
    await page.fill('[data-testid="open-plate"]', '蒙K55555');
    await page.fill('[data-testid="open-fine_yuan"]', '12.345');
    await page.fill('[data-testid="open-facts"]', '车货外廓尺寸超过限定标准');
    await page.fill('[data-testid="open-badge1"]', state.badges[0]);
    await page.fill('[data-testid="open-badge2"]', state.badges[0]);
    await page.selectOption('[data-testid="open-party-kind"]', 'organisation');
    await page.fill('[data-testid="open-party_name"]', '包头市某运输有限公司');
    await page.fill('[data-testid="open-id_number"]', '91150200MA0N000000');
    await page.fill('[data-testid="open-phone"]', '12345');
    await page.fill('[data-testid="open-on"]', plus(state.day0, 2));
    const errorOf = async (testid) => {
      await page.click('[data-testid="open-submit"]');
      await page.waitForSelector(`[data-testid="${testid}"][aria-invalid="true"]`);
      return page.textContent('[data-testid="open-form"] [data-testid="field-error"]');
    };
    assert.match(await errorOf('open-fine_yuan'), /两位小数/);
    await page.fill('[data-testid="open-fine_yuan"]', '200');
    assert.match(await errorOf('open-badge2'), /同一人/);
    await page.fill('[data-testid="open-badge2"]', state.badges[1]);
    assert.match(await errorOf('open-id_number'), /统一社会信用代码/);
    await page.fill('[data-testid="open-id_number"]', '91350100M000100Y43');
    assert.match(await errorOf('open-phone'), /手机号码/);
    await page.fill('[data-testid="open-phone"]', '0472-1234567');
    // 一超四罚: the driver, the carrier (its code checked) and the loading source.
    await page.fill('[data-testid="open-permit"]', '150602123456');
    await page.fill('[data-testid="open-driver_name"]', '孙八');
    await page.fill('[data-testid="open-driver_licence"]', '11010519491231002X');
    await page.fill('[data-testid="open-carrier_name"]', '包头市某运输有限公司');
    await page.fill('[data-testid="open-carrier_code"]', '91350100M000100Y44');
    assert.match(await errorOf('open-carrier_code'), /统一社会信用代码/);
    await page.fill('[data-testid="open-carrier_code"]', '91350100M000100Y43');
    await page.fill('[data-testid="open-carrier_fleet"]', '40');
    await page.fill('[data-testid="open-source_name"]', '准格尔某煤矿');
    await page.click('[data-testid="open-submit"]');
    // Opened, or refused by the server in words (a rule of the catalogue).
    await page.waitForFunction(() => /^#\/cases\/\d+$/.test(location.hash) || document.querySelector('[data-testid="open-message"] [data-testid="error"]'));
    if (await page.locator('[data-testid="open-message"] [data-testid="error"]').count()) {
      const shown = await shownError('[data-testid="open-message"]');
      assert.match(shown.text, /[\u4e00-\u9fff]/);
    } else {
      await page.waitForSelector('[data-testid="case-page"][data-state="opened"]');
      assert.match(await page.textContent('[data-testid="case-violation"]'), /外廓尺寸/);
      assert.match(await page.textContent('[data-testid="case-party"]'), /统一社会信用代码/);
      assert.match(await page.textContent('[data-testid="case-carrier"]'), /包头市某运输有限公司/);
      assert.match(await page.textContent('[data-testid="case-source"]'), /准格尔某煤矿/);
      const c = await apiOk(`/api/v1/cases/${(await page.evaluate(() => location.hash)).split('/')[2]}`);
      assert.deepEqual(c.vehicle.carrier, { name: '包头市某运输有限公司', credit_code: '91350100M000100Y43', fleet: 40 });
      assert.equal(c.vehicle.permit, '150602123456');
      assert.equal(c.vehicle.driver.name, '孙八');
    }
  });


  it('shows the list, a case and a form on both screens in both languages', async () => {
    const screens = [
      ['list', '#/cases', '[data-testid="cases-list"]:not([aria-busy]) [data-testid="cases-table"]'],
      ['case', `#/cases/${state.caseId}`, '[data-testid="case-page"]'],
      ['form', '#/cases/new', '[data-testid="open-form"]'],
    ];
    for (const lang of ['zh-CN', 'en']) {
      for (const [label, size] of [['1366', OFFICE], ['phone', PHONE]]) {
        await page.setViewportSize(size);
        for (const [name, hash, ready] of screens) {
          await go(hash);
          await setLanguage(lang);
          await page.waitForSelector(ready);
          await assertNoErrorShown(`${hash} ${lang} ${label}`);
          assert.ok(await horizontalOverflow() <= 0, `${hash} ${label} ${lang}: scrolls sideways by ${await horizontalOverflow()} px`);
          const h1 = await page.evaluate(() => document.querySelector('#view h1').firstChild.textContent);
          if (lang === 'en') assert.doesNotMatch(h1, /[\u4e00-\u9fff]/, `${hash}: ${h1}`);
          else { assert.match(h1, /[\u4e00-\u9fff]/); await noLatin(`${hash} ${label}`); }
          if (name === 'list' && label === 'phone') assert.ok(await page.isVisible('[data-testid="card-sort"]'), 'cards on a phone');
          await shot(`cases-${name}-${lang === 'en' ? 'en' : 'zh'}-${label}.png`);
        }
      }
    }
    // A case still open on a phone: its action buttons within reach.
    await page.setViewportSize(PHONE);
    await setLanguage('zh-CN');
    const open = (await apiOk('/api/v1/cases?state=open&limit=1')).items[0];
    if (open) {
      await go(`#/cases/${open.id}`, '[data-testid="case-actions"]');
      const b = page.locator('[data-testid="case-actions"] [data-act]').first();
      if (await b.count()) {
        await b.click();
        await page.waitForSelector('.act-form');
        const box = await page.locator('.act-form [data-testid="act-submit"]').boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `the submit button within the screen: ${JSON.stringify(box)}`);
        await shot('cases-act-form-zh-phone.png');
      }
    }
  });
});
