// The ticket desk in the browser, as the admin, twice: in Chinese on the
// office screen and in English on a phone. A ticket is received through
// the form (a wrong phone caught before sending; Enter submits), assigned
// to a unit from the select, the caller contacted, the result recorded,
// called back with the 1–5 picker (Esc closes a form; a form without a
// choice is refused; a merge into itself refused by the server, in words),
// and closed; on the way a second ticket of the same caller is received
// and merged into the first from the duplicates the answer proposes. The
// inbox finds it with its three clocks; the statistics page counts it. No
// English in the Chinese pages; screenshots of each page at both sizes.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, apiOk, go, redrawn, loginAs, shownError, assertNoErrorShown, horizontalOverflow, latinOffenders, OFFICE, PHONE } from '../../lib/browser.mjs';
import { passwordOf, loginOf, post, show } from '../../lib/http.mjs';

const tag = String(Date.now() % 1000000).padStart(6, '0');

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function noLatin(where) {
  if (await page.evaluate(() => document.documentElement.lang) !== 'zh-CN') return;
  const found = await latinOffenders(['#lang-toggle']);
  assert.deepEqual(found, [], `${where}: English in the Chinese page: ${JSON.stringify(found)}`);
}

// The refusal shown in scope: its reason; in Chinese, its words checked
// for English (shownError).
async function refusal(scope) {
  if (await page.evaluate(() => document.documentElement.lang) === 'zh-CN') return (await shownError(scope)).reason;
  const el = page.locator(`${scope} [data-testid="error"]`).last();
  await el.waitFor();
  assert.ok((await el.textContent()).trim().length > 0);
  return el.getAttribute('data-reason');
}

async function noSideways(where) {
  assert.ok(await horizontalOverflow() <= 0, `${where}: the page scrolls sideways`);
}

const ticketState = () => page.getAttribute('[data-testid="ticket-page"]', 'data-state');
const eventTypes = () => page.$$eval('[data-testid="ticket-timeline"] [data-testid="ticket-event"]', (lis) => lis.map((li) => li.dataset.type));

// Opens the act's form, fills it (fill(): what the act needs), submits it
// with Enter in the field named by enterIn; the page is drawn again in the
// state expected, the act last in its timeline.
async function act(id, type, expected, { fill, enterIn = 'act-note' } = {}) {
  await page.click(`[data-testid="act-${type}"]`);
  await page.waitForSelector(`[data-testid="act-form-${type}"]`);
  if (fill) await fill();
  const before = (await eventTypes()).length;
  await page.press(`[data-testid="${enterIn}"]`, 'Enter');
  await page.waitForSelector(`[data-testid="ticket-page"][data-state="${expected}"]`);
  await page.waitForSelector('[data-testid="flash"]');
  const types = await eventTypes();
  assert.equal(types.length, before + 1, `${type}: one more event: ${types}`);
  assert.equal(types[types.length - 1], type);
  const x = await apiOk(`/api/v1/tickets/${id}`);
  assert.equal(x.state, expected, `${type}: the server's state`);
  await assertNoErrorShown(`after ${type}`);
  return x;
}

async function receive({ phone, plate, channel = '12345', wrongPhoneFirst = false }) {
  await go('#/tickets/new', '[data-testid="receive-form"]');
  await page.selectOption('[data-testid="receive-channel"]', channel);
  await page.selectOption('[data-testid="receive-kind"]', 'complaint');
  await page.selectOption('[data-testid="receive-category"]', 'taxi_refuse');
  await page.fill('[data-testid="receive-caller_name"]', '王女士');
  await page.fill('[data-testid="receive-plate"]', plate);
  await page.fill('[data-testid="receive-text"]', '在火车站打车,司机拒载。');
  await page.fill('[data-testid="receive-source_no"]', `S${tag}${channel}`);
  if (wrongPhoneFirst) {
    // A phone of 6 digits is caught here, not sent.
    await page.fill('[data-testid="receive-phone"]', '123456');
    await page.press('[data-testid="receive-phone"]', 'Enter');
    await page.waitForSelector('[data-testid="receive-form"] [data-testid="field-error"]');
    assert.equal(await page.getAttribute('[data-testid="receive-phone"]', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => location.hash), '#/tickets/new', 'not sent');
    await noLatin('the receipt form');
  }
  await page.fill('[data-testid="receive-phone"]', phone);
}

for (const [lang, screen, size] of [['zh-CN', OFFICE, '1366'], ['en', PHONE, '390']]) {
  const short = lang === 'en' ? 'en' : 'zh';
  const phone = `139${tag}${short === 'en' ? 2 : 1}1`;
  const plate = `蒙A${String((Number(tag) + (short === 'en' ? 1 : 0)) % 100000).padStart(5, '0')}`;
  const state = { id: null, number: null, second: null };

  describe(`sunroad in the browser: the ticket desk (${short}, ${size})`, () => {
    after(async () => {
      await page.setViewportSize(OFFICE);
      await setLanguage('zh-CN');
    });

    it('receives a ticket through the form, checked before it is sent', async () => {
      if (short === 'zh') await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
      await page.setViewportSize(screen);
      await go('#/tickets', '[data-testid="tickets-list"]');
      await setLanguage(lang);
      await page.waitForSelector('[data-testid="ticket-new"]');
      await page.click('[data-testid="ticket-new"]');
      await page.waitForSelector('[data-testid="receive-form"]');
      await receive({ phone, plate, wrongPhoneFirst: true });
      await shot(`tickets-receive-${short}-${size}.png`);
      await noSideways('the receipt form');
      await page.press('[data-testid="receive-phone"]', 'Enter');
      await page.waitForFunction(() => /^#\/tickets\/\d+$/.test(location.hash));
      await page.waitForSelector('[data-testid="ticket-page"][data-state="received"]');
      state.id = Number((await page.evaluate(() => location.hash)).split('/')[2]);
      const x = await apiOk(`/api/v1/tickets/${state.id}`);
      state.number = x.number;
      assert.equal(x.caller.phone, phone);
      assert.equal(x.subject.plate, plate);
      assert.equal(x.category, 'taxi_refuse');
      assert.equal(await page.textContent('[data-testid="ticket-number"]'), x.number);
      // The three clocks, each with its time left.
      for (const c of ['contact', 'resolve', 'close']) {
        const li = page.locator(`[data-testid="ticket-clocks"] li[data-clock="${c}"]`);
        assert.equal(await li.count(), 1, c);
        assert.match(await li.locator(`[data-testid="left-${c}"]`).getAttribute('data-urgency'), /^(ok|risk)$/);
      }
      const offered = await page.$$eval('[data-testid="ticket-actions"] [data-act]', (bs) => bs.map((b) => b.dataset.act));
      // Besides the desk's acts: link a case, or open one (立案).
      assert.deepEqual(offered.filter((a) => a !== 'link_case' && a !== 'open_case').sort(), [...x.allowed].sort(), 'the acts the server allows');
      assert.equal(offered[0], 'assign', 'the next step first');
      await noLatin('the ticket page');
      await noSideways('the ticket page');
      await shot(`tickets-received-${short}-${size}.png`);
    });

    it('assigns it to a unit, contacts the caller and records the result', async () => {
      await act(state.id, 'assign', 'assigned', {
        enterIn: 'act-officer',
        fill: async () => {
          const unit = await page.$$eval('[data-testid="act-unit"] option', (os) => os.map((o) => o.value).find((v) => v && v !== 'HQ'));
          assert.ok(unit, 'a unit to assign to');
          await page.selectOption('[data-testid="act-unit"]', unit);
          await noLatin('the assign form');
          await shot(`tickets-assign-${short}-${size}.png`);
        },
      });
      await act(state.id, 'contact', 'contacted');
      const x = await act(state.id, 'resolve', 'resolved', { enterIn: 'act-result', fill: () => page.fill('[data-testid="act-result"]', '已约谈驾驶员,核实拒载属实。') });
      assert.equal(x.clocks.contact.state, 'done');
      assert.equal(x.clocks.resolve.state, 'done');
      assert.equal(await page.getAttribute('[data-testid="left-resolve"]', 'data-urgency'), 'done');
    });

    it('refuses in words what the server does not allow, and Esc closes a form', async () => {
      await page.click('[data-testid="act-merge"]');
      await page.fill('[data-testid="act-into"]', state.number);
      await page.press('[data-testid="act-into"]', 'Enter');
      assert.equal(await refusal('[data-testid="act-form-merge"]'), 'merge_into_itself');
      await noLatin('a refusal');
      await shot(`tickets-refused-${short}-${size}.png`);
      await page.press('[data-testid="act-into"]', 'Escape');
      await page.waitForSelector('[data-testid="act-form-merge"]', { state: 'detached' });
      assert.equal(await ticketState(), 'resolved', 'nothing recorded');
    });

    it('calls the caller back with the satisfaction picker', async () => {
      await page.click('[data-testid="act-callback"]');
      await page.waitForSelector('[data-testid="act-form-callback"]');
      // No level chosen: refused by the form.
      await page.press('[data-testid="act-note"]', 'Enter');
      await page.waitForSelector('[data-testid="act-form-callback"] [data-testid="field-error"]');
      await page.click('[data-testid="act-form-callback"] label.sat-4');
      await noLatin('the callback form');
      await shot(`tickets-callback-${short}-${size}.png`);
      await page.press('[data-testid="act-form-callback"] [data-testid="act-cancel"]', 'Escape');
      await page.waitForSelector('[data-testid="act-form-callback"]', { state: 'detached' });
      const x = await act(state.id, 'callback', 'called_back', { enterIn: 'sat-4', fill: () => page.click('[data-testid="act-form-callback"] label.sat-4') });
      assert.equal(x.satisfaction, 4);
      assert.match(await page.textContent('[data-testid="ticket-satisfaction"]'), /4/);
    });

    it('receives the same caller again and merges it from the duplicates proposed', async () => {
      await receive({ phone, plate: `蒙B${plate.slice(2)}`, channel: '12328' });
      await page.press('[data-testid="receive-phone"]', 'Enter');
      await page.waitForSelector('[data-testid="receive-duplicates"]');
      const proposed = await page.$$eval('[data-testid="receive-duplicates"] li.dup', (lis) => lis.map((li) => Number(li.dataset.id)));
      assert.ok(proposed.includes(state.id), `the first ticket proposed: ${proposed}`);
      await noLatin('the duplicates proposed');
      await noSideways('the duplicates proposed');
      await shot(`tickets-duplicates-${short}-${size}.png`);
      const second = await apiOk(`/api/v1/tickets?q=${encodeURIComponent(`S${tag}12328`)}`);
      state.second = second.items.find((x) => x.caller && x.state === 'received').id;
      await page.click(`[data-testid="merge-into-${state.id}"]`);
      await page.waitForFunction((id) => location.hash === `#/tickets/${id}`, state.id);
      await page.waitForSelector('[data-testid="ticket-sources"]');
      const sources = await page.$$eval('[data-testid="ticket-sources"] li', (lis) => lis.map((li) => Number(li.dataset.id)));
      assert.deepEqual(sources, [state.second]);
      assert.equal((await apiOk(`/api/v1/tickets/${state.second}`)).state, 'merged');
      assert.equal((await eventTypes()).at(-1), 'absorb');
    });

    it('closes the ticket', async () => {
      const x = await act(state.id, 'close', 'closed', { enterIn: 'act-summary', fill: () => page.fill('[data-testid="act-summary"]', '已答复来电人,对驾驶员依法处理。') });
      assert.equal(x.clocks.close.state, 'done');
      assert.deepEqual(await page.$$eval('[data-testid="ticket-actions"] [data-act]', (bs) => bs.map((b) => b.dataset.act)).then((a) => a.filter((t) => t !== 'link_case' && t !== 'open_case')), []);
      await noLatin('the closed ticket');
      await noSideways('the closed ticket');
      await shot(`tickets-closed-${short}-${size}.png`);
    });

    it('finds it in the inbox with its three clocks, and keeps the filter', async () => {
      await go('#/tickets', '[data-testid="tickets-filter"]');
      await page.fill('[data-testid="filter-q"]', phone);
      await page.selectOption('[data-testid="filter-state"]', 'closed');
      await redrawn(() => page.press('[data-testid="filter-q"]', 'Enter'),
        '[data-testid="tickets-list"]:not([aria-busy]) [data-testid="tickets-table"]');
      assert.match(await page.evaluate(() => location.hash), /state=closed/);
      const rows = await page.$$eval('[data-testid="tickets-table"] tbody tr', (trs) => trs.map((tr) => ({ id: Number(tr.dataset.id), urgency: tr.dataset.urgency })));
      assert.deepEqual(rows, [{ id: state.id, urgency: 'done' }]);
      for (const c of ['contact', 'resolve', 'close']) {
        assert.equal(await page.getAttribute(`[data-testid="tickets-table"] [data-testid="left-${c}"]`, 'data-urgency'), 'done', c);
      }
      assert.equal(await page.getAttribute('[data-testid="list-total"]', 'data-total'), '1');
      await noLatin('the inbox');
      await noSideways('the inbox');
      await shot(`tickets-inbox-${short}-${size}.png`);
      // A ticket received three days ago and left: red, overdue, in the
      // inbox's overdue filter.
      const ago = new Date(Date.now() - 3 * 86400 * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 19);
      const late = await post('admin', '/api/v1/tickets', { channel: 'web', kind: 'inquiry', category: 'other_transport', text: '超期测试', received_at: `${ago}+08:00`, caller: { name: '李先生', phone } });
      assert.equal(late.status, 201, show(late));
      await go(`#/tickets?overdue=1&q=${phone}`, '[data-testid="tickets-table"]');
      assert.equal(await page.getAttribute(`[data-testid="tickets-table"] tr[data-id="${late.json.id}"]`, 'data-urgency'), 'overdue');
      assert.equal(await page.getAttribute(`[data-testid="tickets-table"] tr[data-id="${late.json.id}"] [data-testid="left-contact"]`, 'data-urgency'), 'overdue');
      assert.equal(await page.locator(`[data-testid="tickets-table"] tr[data-id="${state.id}"]`).count(), 0, 'the closed one was never overdue');
      await noLatin('the overdue tickets');
      await shot(`tickets-inbox-overdue-${short}-${size}.png`);
      // Open tickets: the unfiltered inbox, coloured.
      await go('#/tickets?state=open', '[data-testid="tickets-list"] [data-testid="page-number"]');
      await assertNoErrorShown('the open tickets');
      await shot(`tickets-inbox-open-${short}-${size}.png`);
      // Back from a ticket keeps the filter.
      await go(`#/tickets?state=closed&q=${phone}`, '[data-testid="tickets-table"]');
      await page.click('[data-testid="open-ticket"]');
      await page.waitForSelector('[data-testid="ticket-page"]');
      assert.equal(await page.getAttribute('[data-testid="ticket-back"]', 'href'), `#/tickets?state=closed&q=${phone}`);
    });

    it('counts it in the statistics of this year', async () => {
      await go('#/tickets/stats', '[data-testid="ticket-stats"]');
      const year = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4);
      assert.equal(await page.inputValue('[data-testid="stats-from"]'), `${year}-01-01`);
      const s = await apiOk(`/api/v1/tickets/stats?from=${year}-01-01`);
      assert.ok(s.total >= 1 && s.merged >= 1 && s.closed >= 1, JSON.stringify(s).slice(0, 200));
      assert.equal(await page.getAttribute('[data-testid="ticket-stats"]', 'data-total'), String(s.total));
      assert.equal(await page.locator('[data-testid="clock-table"] tbody tr').count(), 3);
      assert.ok(await page.locator('[data-testid="category-table"] tr[data-code="taxi_refuse"]').count());
      await page.waitForSelector('[data-testid="clock-chart"] canvas, [data-testid="no-charts"]');
      await noLatin('the statistics');
      await noSideways('the statistics');
      await shot(`tickets-stats-${short}-${size}.png`);
      // A reversed period is refused by the form, in words.
      await page.fill('[data-testid="stats-from"]', `${year}-03-02`);
      await page.fill('[data-testid="stats-to"]', `${year}-03-01`);
      await page.click('[data-testid="stats-submit"]');
      assert.equal(await refusal('[data-testid="stats-form"]'), 'range_reversed');
    });
  });
}
