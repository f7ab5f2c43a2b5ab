// The supervisor's 督办 list (GET /api/v1/tickets/escalations) and the
// inbox's at-risk filter: a ticket whose contact runs out is overdue at the
// end of its day, urged the day after, circulated five working days later
// (across the 2024 National Day make-up Saturday), seen on a past day as it
// stood then; at risk within the reminder's hours; each unit sees its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, get, getOk, expectStatus, expectReason, allItems } from '../../lib/http.mjs';

const tag = String(Date.now() % 100000).padStart(5, '0');
let seq = 0;

async function receive(received_at, unit, category = 'other_transport') {
  const t = expectStatus(await post('admin', '/api/v1/tickets', {
    channel: '12328', kind: 'complaint', category, received_at,
    caller: { name: '李女士', phone: `137${tag}${String(++seq).padStart(3, '0')}` }, text: '客运站周边秩序混乱',
  }), 201).json;
  const at = new Date(Date.parse(received_at) + 5 * 60e3);
  expectStatus(await post('admin', `/api/v1/tickets/${t.id}/events`, { type: 'assign', at: local(at), unit }), 200);
  return t;
}

// An instant in Beijing time, ISO 8601 with its offset.
const local = (d) => `${new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 19)}+08:00`;

const escalated = async (who, on, id, extra = '') => {
  const r = await getOk(who, `/api/v1/tickets/escalations?on=${on}${extra}`);
  for (const u of r.units) {
    const item = u.items.find((x) => x.id === id);
    if (item) return { r, unit: u, item };
  }
  return { r, unit: null, item: null };
};

test('escalations: overdue, urged the day after, circulated five working days later', async () => {
  const t = await receive('2024-10-08T09:00:00+08:00', 'B02');
  assert.equal(t.deadlines.resolve, '2024-10-11');
  let { r, unit, item } = await escalated('officer2', '2024-10-08', t.id);
  assert.equal(r.on, '2024-10-08');
  assert.equal(r.at, '2024-10-08T23:59:59+08:00', 'a past day is seen at its end');
  assert.equal(unit.unit, 'B02');
  assert.equal(item.clock, 'contact');
  assert.equal(item.level, 'overdue');
  assert.equal(item.notice, null);
  assert.equal(item.urge_on, '2024-10-09');
  // 9, 10, 11, Saturday 12 (a make-up working day), 14.
  assert.equal(item.circular_on, '2024-10-14');
  assert.ok(item.left_s < 0);
  assert.ok(unit.overdue >= 1 && r.totals.overdue >= unit.overdue);

  ({ item } = await escalated('officer2', '2024-10-09', t.id));
  assert.deepEqual([item.level, item.notice], ['urge', 'urge']);
  ({ item } = await escalated('officer2', '2024-10-13', t.id));
  assert.deepEqual([item.level, item.notice], ['urge', null]);
  ({ item, unit } = await escalated('officer2', '2024-10-14', t.id));
  assert.deepEqual([item.level, item.notice], ['circular', 'circular']);
  assert.ok(unit.circular >= 1);

  // Contacted late on the 10th: before that day it still stands overdue.
  expectStatus(await post('officer2', `/api/v1/tickets/${t.id}/events`, { type: 'contact', at: '2024-10-10T10:00:00+08:00' }), 200);
  ({ item } = await escalated('officer2', '2024-10-09', t.id));
  assert.equal(item.clock, 'contact', 'as it stood on the 9th');
  ({ item } = await escalated('officer2', '2024-10-10', t.id));
  assert.equal(item, null, 'contacted, and the resolve clock has a day left');
  // The last seconds of the resolve deadline: a reminder is due.
  ({ item } = await escalated('officer2', '2024-10-11', t.id));
  assert.deepEqual([item.clock, item.level, item.notice], ['resolve', 'at_risk', 'remind']);
  ({ item } = await escalated('officer2', '2024-10-12', t.id));
  assert.deepEqual([item.clock, item.level, item.urge_on], ['resolve', 'urge', '2024-10-12']);
  // Resolved and closed: nothing left to press.
  for (const [type, at, extra] of [['resolve', '2024-10-12T09:00:00+08:00', { result: '已协调客运站整改' }],
    ['callback', '2024-10-12T10:00:00+08:00', { satisfaction: 4 }], ['close', '2024-10-12T11:00:00+08:00', { summary: '已答复' }]]) {
    expectStatus(await post('officer2', `/api/v1/tickets/${t.id}/events`, { type, at, ...extra }), 200);
  }
  ({ item } = await escalated('officer2', '2024-10-14', t.id));
  assert.equal(item, null, 'closed');
  ({ item } = await escalated('officer2', '2024-10-11', t.id));
  assert.equal(item.clock, 'resolve', 'but on the 11th it was still open');
});

test('escalations: each unit sees its own; the filters and refusals', async () => {
  const t = await receive('2024-10-08T09:00:00+08:00', 'B02');
  assert.equal((await escalated('officer', '2024-10-08', t.id)).item, null, 'B01 does not see B02');
  assert.ok((await escalated('chief', '2024-10-08', t.id)).item, 'the detachment does');
  assert.equal((await escalated('chief', '2024-10-08', t.id, '&unit=B01')).item, null);
  assert.ok((await escalated('chief', '2024-10-08', t.id, '&unit=B02')).item);
  expectReason(await get('chief', '/api/v1/tickets/escalations?on=2024-13-01'), 422, 'invalid', 'date_invalid', { field: 'on' });
  expectReason(await get('chief', '/api/v1/tickets/escalations?on=2999-01-01'), 422, 'invalid', 'date_in_future');
});

test('at risk now: the contact hour about to run out, in the inbox filter and the day list', async () => {
  const now = Date.now();
  const soon = await receive(local(new Date(now - 50 * 60e3)), 'B02');
  const late = await receive(local(new Date(now - 3 * 3600e3)), 'B02');
  const atRisk = await allItems('officer2', '/api/v1/tickets?at_risk=1');
  assert.ok(atRisk.some((x) => x.id === soon.id && x.at_risk), 'ten minutes left');
  assert.ok(!atRisk.some((x) => x.id === late.id), 'overdue is not at risk');
  const all = await allItems('officer2', '/api/v1/tickets?state=open');
  assert.equal(all.find((x) => x.id === late.id).at_risk, false);
  const { item } = await escalated('officer2', local(new Date(now)).slice(0, 10), soon.id);
  assert.deepEqual([item.clock, item.level, item.notice], ['contact', 'at_risk', 'remind']);
  assert.ok(item.left_s > 0 && item.left_s <= 600 + 60);
  const today = local(new Date(now)).slice(0, 10);
  const overdue = (await escalated('officer2', today, late.id)).item;
  // Overdue on the day its clock ran out; from its urging day on, urged
  // (a run in the first hours after midnight, +08:00, sees the ticket of
  // three hours ago run out yesterday).
  assert.ok(overdue.urge_on > overdue.due.slice(0, 10), `urged after the day it ran out: ${overdue.urge_on}, ${overdue.due}`);
  assert.equal(overdue.level, today >= overdue.urge_on ? 'urge' : 'overdue');
});
