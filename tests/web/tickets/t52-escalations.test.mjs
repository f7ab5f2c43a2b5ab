// The supervisor's side of the ticket desk in the browser, as the admin:
// the 督办 list of a past day shows a ticket received on 8 October 2024
// at 09:00, assigned to a unit and never contacted, as urged on the 9th
// (its level and the day's notice 催办, the days of the urging notice and
// of the circular), and the unit filter narrows it; the inbox's at-risk
// filter asks the server for at_risk=1 and leads to the 督办 list, where a
// ticket whose contact hour runs out is at risk with its reminder; a case
// opened from a ticket's page (立案: the cases' form filled in from the
// ticket) leaves the ticket linked to the new case, which lists the
// ticket. No English in the Chinese pages, no sideways scrolling;
// screenshots of the list and of the form on a desktop and a phone.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { page, shot, apiOk, go, redrawn, loginAs, assertNoErrorShown, horizontalOverflow, latinOffenders, OFFICE, PHONE } from '../../lib/browser.mjs';
import { addUser, passwordOf, loginOf, post, show } from '../../lib/http.mjs';

const DESKTOP = { width: 1280, height: 800 };
const tag = String(Date.now() % 1000000).padStart(6, '0');
let seq = 0;
const phone = () => `136${tag}${String(++seq).padStart(2, '0')}`;
const state = { units: [], urged: null, atRisk: null };

// An instant in Beijing time, ISO 8601 with its offset.
const local = (ms) => `${new Date(ms + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;

async function setLanguage(lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-toggle"]');
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function noLatin(where) {
  const found = await latinOffenders(['#lang-toggle']);
  assert.deepEqual(found, [], `${where}: English in the Chinese page: ${JSON.stringify(found)}`);
}

async function noSideways(where) {
  assert.ok(await horizontalOverflow() <= 0, `${where}: the page scrolls sideways by ${await horizontalOverflow()} px`);
}

// A ticket received through the API (and assigned to unit when given).
async function receive(body, unit) {
  const r = await post('admin', '/api/v1/tickets', {
    channel: '12328', kind: 'complaint', category: 'other_transport', caller: { name: '李女士', phone: phone() },
    text: '客运站周边出租车秩序混乱', ...body,
  });
  assert.equal(r.status, 201, show(r));
  if (unit) {
    const at = local(Date.parse(r.json.received_at) + 5 * 60e3);
    const a = await post('admin', `/api/v1/tickets/${r.json.id}/events`, { type: 'assign', at, unit });
    assert.equal(a.status, 200, show(a));
  }
  return r.json;
}

// Shows the 督办 list of a day (and a unit) through the form.
async function showDay(day, unitCode = '') {
  await page.fill('[data-testid="escalations-on"]', day);
  await page.selectOption('[data-testid="escalations-unit"]', unitCode);
  await redrawn(() => page.press('[data-testid="escalations-on"]', 'Enter'), `[data-testid="escalations"][data-on="${day}"]`);
  const want = new URLSearchParams({ on: day, ...(unitCode ? { unit: unitCode } : {}) }).toString();
  assert.equal(await page.evaluate(() => location.hash), `#/tickets/escalations?${want}`);
  await assertNoErrorShown(`the 督办 list of ${day}`);
}

const row = (id) => page.locator(`[data-testid="escalation-table"] tr[data-id="${id}"]`);
const cell = (id, col) => row(id).locator(`td[data-col="${col}"]`);

describe('sunroad in the browser: the 督办 list, the at-risk filter and a case opened from a ticket', () => {
  after(async () => {
    await page.setViewportSize(OFFICE);
    await setLanguage('zh-CN');
  });

  it('shows a ticket urged on a past day, with its level and notice, and the unit filter narrows it', async () => {
    await loginAs(loginOf('admin'), passwordOf(loginOf('admin')), '#nav a');
    await page.setViewportSize(DESKTOP);
    state.units = (await apiOk('/api/v1/units')).items.filter((u) => u.code !== 'HQ');
    assert.ok(state.units.length >= 2, 'two units besides the detachment');
    const [a, b] = state.units;
    state.urged = await receive({ received_at: '2024-10-08T09:00:00+08:00' }, a.code);

    // In the navigation, between the inbox and the figures.
    const nav = await page.$$eval('#nav li:not([hidden]) a', (as) => as.map((x) => x.dataset.route));
    assert.deepEqual(nav.slice(nav.indexOf('tickets'), nav.indexOf('tickets') + 3), ['tickets', 'tickets/escalations', 'tickets/stats']);
    await page.click('#nav a[data-route="tickets/escalations"]');
    await page.waitForSelector('[data-testid="escalations"]');
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    assert.equal(await page.inputValue('[data-testid="escalations-on"]'), today, 'today by default');
    assert.equal(await page.getAttribute('[data-testid="escalations-on"]', 'max'), today, 'never after today');
    // The units by their names.
    const options = await page.$$eval('[data-testid="escalations-unit"] option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options.find(([v]) => v === a.code), [a.code, a.name]);

    await showDay('2024-10-09');
    const r = await apiOk('/api/v1/tickets/escalations?on=2024-10-09');
    for (const l of ['at_risk', 'overdue', 'urge', 'circular']) {
      assert.equal(await page.getAttribute(`[data-testid="figure-${l}"]`, 'data-value'), String(r.totals[l]), l);
    }
    const card = page.locator(`[data-testid="escalation-unit"][data-unit="${a.code}"]`);
    assert.equal(await card.locator('h2').textContent(), a.name);
    assert.equal(await card.locator(`tr[data-id="${state.urged.id}"]`).count(), 1, 'in its unit\'s card');
    assert.equal(await row(state.urged.id).getAttribute('data-level'), 'urge');
    assert.equal(await row(state.urged.id).getAttribute('data-notice'), 'urge');
    assert.equal((await cell(state.urged.id, 'level').textContent()).trim(), '催办');
    assert.equal((await cell(state.urged.id, 'notice').textContent()).trim(), '催办');
    assert.equal((await cell(state.urged.id, 'clock').textContent()).trim(), '联系来电人');
    assert.equal((await cell(state.urged.id, 'urge_on').textContent()).trim(), '2024-10-09');
    // 9, 10, 11, Saturday 12 (a make-up working day), 14.
    assert.equal((await cell(state.urged.id, 'circular_on').textContent()).trim(), '2024-10-14');
    const left = cell(state.urged.id, 'due').locator('[data-testid="left-contact"]');
    assert.equal(await left.getAttribute('data-urgency'), 'overdue');
    assert.match(await left.textContent(), /^超时 1 天 13 小时$/, 'overdue by the end of the 9th, not by now');
    assert.match(await cell(state.urged.id, 'due').textContent(), /2024-10-08 10:00/);
    assert.ok(Number(await page.getAttribute('[data-testid="figure-notices"]', 'data-value')) >= 1, 'the day\'s notices');
    await noLatin('the 督办 list');
    await noSideways('the 督办 list');
    await shot('tickets-escalations-zh-1280.png');

    // The unit filter: another unit's list does not hold it; its own does.
    await showDay('2024-10-09', b.code);
    assert.equal(await row(state.urged.id).count(), 0, `not in ${b.code}'s list`);
    await showDay('2024-10-09', a.code);
    assert.deepEqual(await page.$$eval('[data-testid="escalation-unit"]', (cs) => cs.map((c) => c.dataset.unit)), [a.code]);
    assert.equal(await row(state.urged.id).count(), 1);
    // On the 14th the circular falls due.
    await showDay('2024-10-14', a.code);
    assert.deepEqual([await row(state.urged.id).getAttribute('data-level'), await row(state.urged.id).getAttribute('data-notice')], ['circular', 'circular']);
    await showDay('2024-10-09', a.code);
    await page.setViewportSize(PHONE);
    await noSideways('the 督办 list on a phone');
    await shot('tickets-escalations-zh-390.png');
    // In English too, the words and not the codes.
    await setLanguage('en');
    await page.waitForSelector(`[data-testid="escalation-table"] tr[data-id="${state.urged.id}"]`);
    assert.doesNotMatch(await page.textContent('#view h1'), /[\u4e00-\u9fff]/);
    assert.equal((await cell(state.urged.id, 'level').textContent()).trim(), 'Urged');
    assert.equal((await cell(state.urged.id, 'notice').textContent()).trim(), 'Urging notice');
    await noSideways('the 督办 list on a phone, in English');
    await shot('tickets-escalations-en-390.png');
    await setLanguage('zh-CN');
    await page.setViewportSize(DESKTOP);

    // A day with nothing: worded, with the way back to the inbox.
    await showDay('2020-01-02', a.code);
    await page.waitForSelector('[data-testid="escalations-empty"]');
    assert.match(await page.textContent('[data-testid="escalations-empty"]'), /2020-01-02.*没有/);
    assert.equal(await page.getAttribute('[data-testid="escalations-back"]', 'href'), '#/tickets');
    await noLatin('the empty 督办 list');
  });

  it('filters the inbox to the tickets at risk (at_risk=1) and leads to the 督办 list', async () => {
    const [a] = state.units;
    // Received 40 minutes ago: 20 minutes left to contact the caller.
    state.atRisk = await receive({ received_at: local(Date.now() - 40 * 60e3), text: '即将超时测试' }, a.code);
    await go('#/tickets', '[data-testid="tickets-filter"]');
    const asked = page.waitForRequest((req) => /\/api\/v1\/tickets\?/.test(req.url()) && new URL(req.url()).searchParams.get('at_risk') === '1');
    await page.check('[data-testid="filter-at_risk"]');
    await page.press('[data-testid="filter-q"]', 'Enter');
    await page.waitForFunction(() => /[?&]at_risk=1/.test(location.hash));
    await asked;
    await page.waitForSelector(`[data-testid="tickets-table"] tr[data-id="${state.atRisk.id}"]`);
    assert.equal(await page.getAttribute(`tr[data-id="${state.atRisk.id}"]`, 'data-urgency'), 'risk');
    assert.equal(await page.locator(`tr[data-id="${state.atRisk.id}"] [data-testid="at-risk-badge"]`).count(), 1);
    assert.equal(await page.locator(`tr[data-id="${state.atRisk.id}"] [data-testid="overdue-badge"]`).count(), 0, 'at risk, not yet overdue');
    assert.equal(await page.locator(`tr[data-id="${state.urged.id}"]`).count(), 0, 'long overdue is not at risk');
    assert.ok(await page.isChecked('[data-testid="filter-at_risk"]'), 'the filter kept');
    await noLatin('the inbox at risk');
    await shot('tickets-inbox-at-risk-zh-1280.png');

    // To the 督办 list of today: the same ticket, at risk, its reminder due.
    await page.click('[data-testid="tickets-escalations"]');
    await page.waitForFunction(() => location.hash === '#/tickets/escalations');
    await page.waitForSelector(`[data-testid="escalation-table"] tr[data-id="${state.atRisk.id}"]`);
    assert.equal(await row(state.atRisk.id).getAttribute('data-level'), 'at_risk');
    assert.equal((await cell(state.atRisk.id, 'notice').textContent()).trim(), '提醒');
    assert.equal(await cell(state.atRisk.id, 'due').locator('[data-testid="left-contact"]').getAttribute('data-urgency'), 'risk');
    // The ticket's number leads to its page.
    await row(state.atRisk.id).locator('[data-testid="open-ticket"]').click();
    await page.waitForSelector(`[data-testid="ticket-page"][data-id="${state.atRisk.id}"]`);
    // And back to the list it came from.
    assert.equal(await page.getAttribute('[data-testid="ticket-back"]', 'href'), '#/tickets/escalations');
    assert.equal(await page.textContent('[data-testid="ticket-back"]'), '返回督办列表');
  });

  it('opens a case from a ticket, filled in from it, and links the two', async () => {
    const [a] = state.units;
    const badges = [];
    for (const n of [1, 2]) {
      const badge = `52${tag}${n}`;
      await addUser({ login: `tkcase${tag}${n}`, name: `办案员${n}`, role: 'officer', unit: a.code, badge, password: `Ticket-case-${tag}-${n}` });
      badges.push(badge);
    }
    const plate = `蒙A${tag.slice(1)}`;
    const x = await receive({
      category: 'taxi_refuse', received_at: '2024-10-08T09:00:00+08:00', text: '在火车站打车,司机拒载,要求依法处理。',
      subject: { kind: 'taxi_vehicle', plate }, location: { road: '钢铁大街', km: 3.2 },
    }, a.code);
    await page.setViewportSize(DESKTOP);
    await go(`#/tickets/${x.id}`, '[data-testid="act-open_case"]');
    await page.click('[data-testid="act-open_case"]');
    await page.waitForSelector('[data-testid="open-form"]');
    // Filled in from the ticket; the officers' badges first.
    assert.equal(await page.inputValue('[data-testid="open-facts"]'), x.text);
    assert.equal(await page.inputValue('[data-testid="open-plate"]'), plate);
    assert.equal(await page.inputValue('[data-testid="open-place"]'), '钢铁大街 K3.200');
    assert.equal(await page.inputValue('[data-testid="open-violation"]'), 'taxi_refuse');
    assert.equal(await page.inputValue('[data-testid="open-occurred_at"]'), '2024-10-08T09:00');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'open-badge1');
    // Esc closes it, nothing sent.
    await page.press('[data-testid="open-badge1"]', 'Escape');
    await page.waitForSelector('[data-testid="open-form"]', { state: 'detached' });
    await page.click('[data-testid="act-open_case"]');
    await page.waitForSelector('[data-testid="open-form"]');
    await page.fill('[data-testid="open-fine_yuan"]', '200');
    await page.fill('[data-testid="open-badge1"]', badges[0]);
    await page.fill('[data-testid="open-badge2"]', badges[1]);
    await page.fill('[data-testid="open-party_name"]', '张三');
    await page.fill('[data-testid="open-id_number"]', '11010519491231002X');
    await noLatin('the 立案 form of a ticket');
    await noSideways('the 立案 form of a ticket');
    await shot('tickets-open-case-zh-1280.png');
    await page.setViewportSize(PHONE);
    await noSideways('the 立案 form of a ticket on a phone');
    await shot('tickets-open-case-zh-390.png');
    await page.setViewportSize(DESKTOP);

    const before = (await apiOk('/api/v1/cases?limit=1')).total;
    // Opened today, more than two years after the act: the case refuses,
    // in words, and nothing is opened or linked.
    await page.press('[data-testid="open-id_number"]', 'Enter');
    await page.waitForSelector('[data-testid="open-form"] [data-testid="error"][data-reason="limitation_expired"]');
    await noLatin('a refused case');
    assert.equal((await apiOk(`/api/v1/tickets/${x.id}`)).case, null);
    assert.equal((await apiOk('/api/v1/cases?limit=1')).total, before);
    await page.fill('[data-testid="open-on"]', '2024-10-10');
    await page.press('[data-testid="open-id_number"]', 'Enter');
    // The flash, or a refusal said plainly.
    await page.waitForSelector('[data-testid="flash"], [data-testid="open-form"] [data-testid="error"], [data-testid="open-form"] [data-testid="field-error"]');
    const refused = await page.$$eval('[data-testid="open-form"] [data-testid="error"], [data-testid="open-form"] [data-testid="field-error"]',
      (els) => els.map((el) => `${el.dataset.reason || ''} ${el.textContent}`));
    assert.deepEqual(refused, [], 'the case is opened');
    await page.waitForSelector('[data-testid="ticket-case"]');
    assert.equal(await page.evaluate(() => location.hash), `#/tickets/${x.id}`, 'the ticket shown again');
    const linked = await apiOk(`/api/v1/tickets/${x.id}`);
    assert.ok(Number.isInteger(linked.case), 'the ticket leads to a case');
    const c = await apiOk(`/api/v1/cases/${linked.case}`);
    assert.equal((await apiOk('/api/v1/cases?limit=1')).total, before + 1, 'one case opened');
    assert.equal(c.facts, x.text);
    assert.equal(c.vehicle.plate, plate);
    assert.equal(c.violation, 'taxi_refuse');
    assert.match(await page.textContent('[data-testid="flash"]'), new RegExp(c.number));
    assert.equal(await page.textContent('[data-testid="ticket-case"]'), c.number);
    assert.equal(await page.locator('[data-testid="act-open_case"], [data-testid="act-link_case"]').count(), 0, 'one case per ticket');
    assert.equal((await page.$$eval('[data-testid="ticket-timeline"] [data-testid="ticket-event"]', (lis) => lis.map((li) => li.dataset.type))).at(-1), 'link_case');
    await noLatin('the ticket with its case');
    await shot('tickets-case-linked-zh-1280.png');

    // A second case for it is refused, in words.
    const again = await post('admin', `/api/v1/tickets/${x.id}/events`, { type: 'link_case', case: linked.case });
    assert.equal(again.status, 409, show(again));
    assert.equal(again.json.error.reason, 'ticket_has_case');
    const words = await page.evaluate(async () => (await import('/base/errors.js')).errorText({ code: 'conflict', reason: 'ticket_has_case', args: { rule: 'link' } }));
    assert.match(words, /已关联案件/);

    // The case lists the ticket.
    await page.click('[data-testid="ticket-case"]');
    await page.waitForSelector(`[data-testid="case-page"][data-id="${linked.case}"]`);
    await page.waitForSelector('[data-testid="case-tickets"]');
    assert.deepEqual(await page.$$eval('[data-testid="case-tickets"] a', (as) => as.map((el) => el.textContent)), [x.number]);
  });
});
