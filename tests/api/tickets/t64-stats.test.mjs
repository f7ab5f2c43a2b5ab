// GET /api/v1/tickets/stats: the figures of a period, exactly. A unit of
// its own (so that no other test's tickets are in scope) gets tickets
// received in March 2024 and carried through acts dated in the past, each
// clock met, missed or left open on purpose, one reopened, one merged, one
// received at 23:30 on the period's last day and one ten minutes into the
// next; the unit's officer then reads the figures: counts by channel,
// kind, category and unit, each clock's on-time rate (done by the
// deadline, of those done or past it), those late and still open, the
// satisfaction of the callbacks, the reopened and the merged. A day's
// deadline is met until the end of that day, UTC+8 (the first second of
// the next day still counts, 30 seconds later does not). The period's
// errors in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUser, post, getOk, get, show, expectReason, setPassword } from '../../lib/http.mjs';

const tag = String(Date.now() % 100000).padStart(5, '0');
const UNIT = `TS${tag}`;
const OFFICER = `t64-officer-${tag}`;
const PASSWORD = `Stats-t64-${tag}-pw`;
const PERIOD = 'from=2024-03-01&to=2024-03-31';
const at = (day, time) => `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;

async function receive(fields) {
  const r = await post('admin', '/api/v1/tickets', {
    kind: 'complaint', category: 'other_transport', text: '统计测试工单', caller: { name: '统计', phone: `139${tag}001` }, ...fields,
  });
  assert.equal(r.status, 201, show(r));
  return r.json;
}

async function act(ticket, type, when, fields = {}) {
  const r = await post('admin', `/api/v1/tickets/${ticket.id}/events`, { type, at: when, ...fields });
  assert.equal(r.status, 200, `${ticket.number} ${type}: ${show(r)}`);
  return r.json;
}

// Received on day at time, assigned to the unit ten minutes later.
async function assigned(day, time, fields) {
  const t = await receive({ received_at: at(day, time), ...fields });
  const [h, m] = time.split(':').map(Number);
  const later = `${String(h + Math.floor((m + 10) / 60)).padStart(2, '0')}:${String((m + 10) % 60).padStart(2, '0')}:00`;
  await act(t, 'assign', at(day, later), { unit: UNIT });
  return t;
}

let stats;

test('tickets/stats: a unit of its own with tickets of March 2024 carried through their clocks', async () => {
  const u = await post('admin', '/api/v1/units', { code: UNIT, name: `统计中队${tag}`, kind: 'brigade', parent: 'HQ' });
  assert.equal(u.status, 201, show(u));
  await addUser({ login: OFFICER, name: '统计办事员', role: 'officer', unit: UNIT, password: PASSWORD });
  setPassword(OFFICER, PASSWORD);

  // Received Monday 2024-03-04 09:00: contact by 10:00, resolve by the
  // end of 03-07 (3 working days), close by the end of 03-13 (7).
  const day = '2024-03-04';
  // A: every clock met, the resolve in the last minute of its day.
  const a = await assigned(day, '09:00', { channel: '12345' });
  assert.equal(a.deadlines.resolve, '2024-03-07');
  await act(a, 'contact', at(day, '09:30:00'));
  await act(a, 'resolve', at('2024-03-07', '23:59:00'), { result: '已处理' });
  await act(a, 'callback', at('2024-03-08', '10:00:00'), { satisfaction: 5 });
  await act(a, 'close', at('2024-03-13', '20:00:00'), { summary: '已答复' });
  // B: every clock missed (the resolve 30 seconds into the next day).
  const b = await assigned(day, '09:00', { channel: '12328', category: 'taxi_refuse' });
  assert.equal(b.deadlines.close, '2024-03-13', 'the 137 clock is earlier than the taxi rule');
  await act(b, 'contact', at(day, '10:30:00'));
  await act(b, 'resolve', at('2024-03-08', '00:00:30'), { result: '已处理' });
  await act(b, 'callback', at('2024-03-11', '10:00:00'), { satisfaction: 1 });
  await act(b, 'close', at('2024-03-14', '09:00:00'), { summary: '已答复' });
  // C: contact and resolve met, called back, never closed.
  const c = await assigned(day, '09:00', { channel: '12345', kind: 'inquiry' });
  await act(c, 'contact', at(day, '09:20:00'));
  await act(c, 'resolve', at('2024-03-05', '15:00:00'), { result: '已解答' });
  await act(c, 'callback', at('2024-03-06', '10:00:00'), { satisfaction: 4 });
  // D: assigned and left: every clock late and open.
  const d = await assigned(day, '09:00', { channel: 'web', category: 'enforcement_conduct' });
  // R: met, then an unsatisfied caller reopens it: a new clock from the
  // reopening, all of it past and undone.
  const r = await assigned(day, '09:00', { channel: '12345', kind: 'report' });
  await act(r, 'contact', at(day, '09:40:00'));
  await act(r, 'resolve', at('2024-03-06', '11:00:00'), { result: '已处理' });
  await act(r, 'callback', at('2024-03-07', '10:00:00'), { satisfaction: 2 });
  await act(r, 'reopen', at('2024-03-07', '11:00:00'), { reason: '来电人不满意' });
  // E: the same caller again, merged into D: counted as merged only.
  const e = await assigned(day, '09:00', { channel: '12345', kind: 'inquiry', category: 'taxi_dump' });
  const merged = await act(e, 'merge', at(day, '11:00:00'), { into: d.id });
  assert.equal(merged.state, 'merged');
  // G: received at 23:30 on the period's last day (a Sunday): contact met
  // after midnight; the resolve, due 2024-04-03 (清明 follows), done on
  // the holiday; never called back.
  const g = await assigned('2024-03-31', '23:30', { channel: '12328', category: 'taxi_refuse' });
  assert.equal(g.deadlines.resolve, '2024-04-03');
  await act(g, 'contact', at('2024-04-01', '00:20:00'));
  await act(g, 'resolve', at('2024-04-04', '10:00:00'), { result: '已处理' });
  // H: ten minutes into April: not of the period.
  await assigned('2024-04-01', '00:10', { channel: 'petition', kind: 'suggestion' });

  const r1 = await get(OFFICER, `/api/v1/tickets/stats?${PERIOD}`);
  assert.equal(r1.status, 200, show(r1));
  stats = r1.json;
});

test('tickets/stats: the counts of the period, merged ones apart', () => {
  assert.equal(stats.from, '2024-03-01');
  assert.equal(stats.to, '2024-03-31');
  assert.equal(stats.total, 6);
  assert.equal(stats.merged, 1);
  assert.equal(stats.reopened, 1);
  assert.equal(stats.closed, 2);
  const counts = (list, key) => list.map((x) => [x[key], x.count]);
  assert.deepEqual(counts(stats.by_channel, 'channel'), [['12345', 3], ['12328', 2], ['web', 1]]);
  assert.deepEqual(counts(stats.by_kind, 'kind'), [['complaint', 4], ['inquiry', 1], ['report', 1]]);
  assert.deepEqual(counts(stats.top_categories, 'category'), [['other_transport', 3], ['taxi_refuse', 2], ['enforcement_conduct', 1]]);
  assert.equal(stats.top_categories[1].name, '拒载');
  assert.equal(stats.by_channel[0].name, '12345政务服务便民热线');
});

test('tickets/stats: each clock\'s on-time rate and those late and open', () => {
  // contact: A, C, G on time; B late; D and R (reopened) open past it.
  assert.deepEqual(stats.clocks.contact, { on_time: 3, due: 6, late: 3, late_open: 2, on_time_pct: 50 });
  // resolve: A (23:59 of its day), C on time; B (00:00:30), G late; D, R open.
  assert.deepEqual(stats.clocks.resolve, { on_time: 2, due: 6, late: 4, late_open: 2, on_time_pct: 33.3 });
  // close: A only; B late; C, D, R, G open.
  assert.deepEqual(stats.clocks.close, { on_time: 1, due: 6, late: 5, late_open: 4, on_time_pct: 16.7 });
});

test('tickets/stats: the callbacks\' satisfaction', () => {
  assert.deepEqual(stats.satisfaction, {
    callbacks: 4, average: 3, distribution: { 1: 1, 2: 1, 3: 0, 4: 1, 5: 1 }, satisfied: 2, satisfied_pct: 50,
  });
});

test('tickets/stats: per unit, and the whole city sees at least as much', async () => {
  assert.equal(stats.by_unit.length, 1);
  const u = stats.by_unit[0];
  assert.equal(u.unit, UNIT);
  assert.equal(u.total, 6);
  assert.equal(u.closed, 2);
  assert.equal(u.clocks.resolve.on_time_pct, 33.3);
  assert.equal(u.satisfaction_avg, 3);
  assert.equal(u.satisfied_pct, 50);
  const all = await getOk('admin', `/api/v1/tickets/stats?${PERIOD}`);
  const mine = all.by_unit.find((x) => x.unit === UNIT);
  assert.deepEqual(mine, u, 'the unit\'s row is the same for HQ');
  assert.ok(all.total >= 6 && all.merged >= 1);
  // A brigade's officer elsewhere does not see the unit's tickets.
  const other = await getOk('officer', `/api/v1/tickets/stats?${PERIOD}`);
  assert.ok(!other.by_unit.some((x) => x.unit === UNIT));
  // April has H only, of this unit.
  const april = await getOk(OFFICER, '/api/v1/tickets/stats?from=2024-04-01&to=2024-04-30');
  assert.equal(april.total, 1);
  assert.deepEqual(april.by_kind.map((x) => x.kind), ['suggestion']);
  // A period without tickets: rates and averages are null, not 0.
  const empty = await getOk(OFFICER, '/api/v1/tickets/stats?from=2020-01-01&to=2020-01-31');
  assert.equal(empty.total, 0);
  assert.equal(empty.clocks.contact.on_time_pct, null);
  assert.equal(empty.satisfaction.average, null);
  assert.deepEqual(empty.by_unit, []);
});

test('tickets/stats: the period defaults to this year; a bad one is refused in words', async () => {
  const year = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4);
  const dflt = await getOk(OFFICER, '/api/v1/tickets/stats');
  assert.equal(dflt.from, `${year}-01-01`);
  expectReason(await get(OFFICER, '/api/v1/tickets/stats?from=2024-3-1'), 422, 'invalid', 'date_invalid', { field: 'from' });
  expectReason(await get(OFFICER, '/api/v1/tickets/stats?from=2024-03-02&to=2024-03-01'), 422, 'invalid', 'range_reversed');
  expectReason(await get(OFFICER, '/api/v1/tickets/stats?from=2000-01-01&to=2024-03-01'), 422, 'invalid', 'range_too_long', { max_years: 10 });
});
