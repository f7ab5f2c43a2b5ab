// The complaint desk through the API, path by path, on the "137" clock:
// receipt with its deadlines, the list of what was overdue on a day, the
// desk's acts in order and each refusal, the return that does not stop the
// clock, the supervisor's ruling and extension, one reopen by an
// unsatisfied caller, duplicates proposed and merged, a case linked; the
// scope of units, the phone masked; every act audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, get, getOk, expectStatus, expectReason, allItems } from '../../lib/http.mjs';
import { officers, PERSON } from '../cases/cases.mjs';

const tag = String(Date.now() % 100000).padStart(5, '0');
let phoneSeq = 0;
const phone = () => `139${tag}${String(++phoneSeq).padStart(3, '0')}`;

// A ticket received as who (the B01 officer by default) → TICKET.
async function receive(extra = {}, who = 'officer') {
  const body = {
    channel: '12345', kind: '投诉', category: '拒载', received_at: '2024-09-30T23:30:00+08:00',
    caller: { name: '王先生', phone: phone() }, subject: { kind: 'taxi_vehicle', plate: `蒙K${tag}` }, text: '出租车在火车站拒载',
    ...extra,
  };
  return expectStatus(await post(who, '/api/v1/tickets', body), 201).json;
}

const act = (id, type, at, extra = {}, who = 'admin') => post(who, `/api/v1/tickets/${id}/events`, { type, at, ...extra });
const actOk = async (id, type, at, extra = {}, who = 'admin') => expectStatus(await act(id, type, at, extra, who), 200).json;

test('tickets: received at 23:30 on the eve of National Day 2024, on the 137 clock', async () => {
  const t = await receive({}, 'admin');
  assert.match(t.number, /^2024-\d{6}$/);
  assert.equal(t.state, 'received');
  assert.equal(t.channel, '12345');
  assert.equal(t.kind, 'complaint', 'the Chinese name taken for the code');
  assert.equal(t.category, 'taxi_refuse');
  assert.equal(t.category_name, '拒载');
  // Contact within the hour, past midnight; 3 working days after the week off.
  assert.equal(t.deadlines.contact, '2024-10-01T00:30:00+08:00');
  assert.equal(t.deadlines.resolve, '2024-10-10');
  // 7 working days end on 16 October; a taxi complaint's 10 days on the 10th: the earlier wins.
  assert.equal(t.deadlines.close, '2024-10-10');
  assert.equal(t.deadlines.close_by_category, true);
  assert.equal(t.deadlines.provisional, false);
  const other = await receive({ category: 'other_transport', received_at: '2024-10-01T10:00:00+08:00' }, 'admin');
  assert.equal(other.deadlines.close, '2024-10-15', 'received on a holiday: the count starts after it');
  assert.equal(other.deadlines.close_by_category, false);
  assert.equal(t.clocks.contact.state, 'overdue');
  assert.equal(t.clocks.contact.urge_on, '2024-10-02');
  assert.ok(t.allowed.includes('assign') && !t.allowed.includes('contact'));
  const audit = await allItems('admin', `/api/v1/audit?object=ticket:${t.id}`);
  assert.ok(audit.some((a) => a.action === 'ticket.receive'));
});

test('tickets: the whole path, and each act refused out of its order', async () => {
  const t = await receive({}, 'admin');
  expectReason(await act(t.id, 'contact', '2024-10-01T00:10:00+08:00'), 409, 'conflict', 'contact_before_assign', { rule: 'assign' });
  expectReason(await act(t.id, 'resolve', '2024-10-01T00:10:00+08:00', { result: 'x' }), 409, 'conflict', 'resolve_before_contact');
  let k = await actOk(t.id, 'assign', '2024-10-01T00:05:00+08:00', { unit: 'B01' });
  assert.equal(k.state, 'assigned');
  assert.equal(k.unit, 'B01');
  expectReason(await act(t.id, 'contact', '2024-10-01T00:01:00+08:00'), 409, 'conflict', 'event_before_previous');
  expectReason(await act(t.id, 'contact', '2099-01-01T00:00:00+08:00'), 409, 'conflict', 'event_in_future');
  k = await actOk(t.id, 'contact', '2024-10-01T00:20:00+08:00', {}, 'officer');
  assert.equal(k.clocks.contact.state, 'done');
  expectReason(await act(t.id, 'callback', '2024-10-02T10:00:00+08:00', { satisfaction: 5 }), 409, 'conflict', 'callback_before_resolve');
  expectReason(await act(t.id, 'resolve', '2024-10-08T10:00:00+08:00'), 422, 'invalid', 'field_required', { field: 'result' });
  k = await actOk(t.id, 'resolve', '2024-10-08T10:00:00+08:00', { result: '核实拒载属实,已约谈驾驶员并立案' }, 'officer');
  assert.equal(k.clocks.resolve.state, 'done');
  expectReason(await act(t.id, 'close', '2024-10-08T11:00:00+08:00', { summary: 'x' }), 409, 'conflict', 'close_before_callback');
  expectReason(await act(t.id, 'callback', '2024-10-09T10:00:00+08:00', { satisfaction: 6 }), 422, 'invalid', 'satisfaction_invalid');
  k = await actOk(t.id, 'callback', '2024-10-09T10:00:00+08:00', { satisfaction: 5 }, 'officer');
  expectReason(await act(t.id, 'reopen', '2024-10-09T11:00:00+08:00', { reason: '不满意' }), 409, 'conflict', 'reopen_satisfied', { rule: 'reopen' });
  k = await actOk(t.id, 'close', '2024-10-09T12:00:00+08:00', { summary: '已答复来电人:拒载属实,依法处理' }, 'officer');
  assert.equal(k.state, 'closed');
  assert.equal(k.satisfaction, 5);
  for (const c of ['contact', 'resolve', 'close']) assert.equal(k.clocks[c].state, 'done', c);
  expectReason(await act(t.id, 'assign', '2024-10-10T12:00:00+08:00', { unit: 'B01' }), 409, 'conflict', 'ticket_closed');
  assert.deepEqual(k.events.map((e) => e.type), ['assign', 'contact', 'resolve', 'callback', 'close']);
  const audit = await allItems('admin', `/api/v1/audit?object=ticket:${t.id}`);
  for (const a of ['ticket.assign', 'ticket.contact', 'ticket.resolve', 'ticket.callback', 'ticket.close']) assert.ok(audit.some((x) => x.action === a), a);
});

test('tickets: a return waits for a ruling and the clock runs on; extensions are a chief\'s', async () => {
  const t = await receive({ received_at: '2025-03-03T09:00:00+08:00', category: 'other_transport' }, 'admin');
  await actOk(t.id, 'assign', '2025-03-03T09:05:00+08:00', { unit: 'B01' });
  expectReason(await act(t.id, 'return', '2025-03-03T15:00:00+08:00', {}, 'officer'), 422, 'invalid', 'field_required', { field: 'reason' });
  let k = await actOk(t.id, 'return', '2025-03-03T15:00:00+08:00', { reason: '不属本大队辖区' }, 'officer');
  assert.equal(k.state, 'returned');
  assert.equal(k.deadlines.resolve, t.deadlines.resolve, 'the clock does not stop');
  expectReason(await act(t.id, 'rule', '2025-03-03T16:00:00+08:00', { decision: 'accept' }, 'officer'), 403, 'forbidden', 'event_role');
  expectReason(await act(t.id, 'rule', '2025-03-03T16:00:00+08:00', { decision: 'maybe' }, 'chief'), 422, 'invalid', 'decision_unknown');
  // Accepted and handed to B02: B01 no longer sees it, B02 does.
  k = await actOk(t.id, 'rule', '2025-03-03T16:00:00+08:00', { decision: 'accept', unit: 'B02' }, 'chief');
  assert.equal(k.state, 'assigned');
  assert.equal(k.unit, 'B02');
  expectReason(await get('officer', `/api/v1/tickets/${t.id}`), 404, 'not_found', 'ticket_unknown');
  assert.equal((await getOk('officer2', `/api/v1/tickets/${t.id}`)).unit, 'B02');
  // Returned again and refused: back to B02 as it was.
  await actOk(t.id, 'return', '2025-03-03T17:00:00+08:00', { reason: '同上' }, 'officer2');
  k = await actOk(t.id, 'rule', '2025-03-04T09:00:00+08:00', { decision: 'reject' }, 'chief');
  assert.equal(k.state, 'assigned');
  assert.equal(k.returns, 2);
  // The extension: the chief's, with its reason, within the rulebook's 30 days.
  expectReason(await act(t.id, 'extend', '2025-03-04T10:00:00+08:00', { clock: 'resolve', days: 5, reason: '需现场核查' }, 'officer2'), 403, 'forbidden', 'event_role');
  k = await actOk(t.id, 'extend', '2025-03-04T10:00:00+08:00', { clock: 'resolve', days: 5, reason: '需现场核查' }, 'chief');
  assert.equal(k.deadlines.resolve, '2025-03-13', '5 working days after Thu 6 March');
  expectReason(await act(t.id, 'extend', '2025-03-04T11:00:00+08:00', { clock: 'resolve', days: 26, reason: '再延' }, 'chief'), 409, 'conflict', 'extension_too_long');
  expectReason(await act(t.id, 'extend', '2025-03-04T11:00:00+08:00', { clock: 'contact', days: 1, reason: 'x' }, 'chief'), 422, 'invalid', 'clock_unknown');
});

test('tickets: an unsatisfied caller reopens once, on a new clock', async () => {
  const t = await receive({ received_at: '2025-03-03T09:00:00+08:00', category: '议价' }, 'admin');
  await actOk(t.id, 'assign', '2025-03-03T09:05:00+08:00', { unit: 'B01' });
  await actOk(t.id, 'contact', '2025-03-03T09:30:00+08:00');
  await actOk(t.id, 'resolve', '2025-03-04T09:30:00+08:00', { result: '已处理' });
  await actOk(t.id, 'callback', '2025-03-05T09:30:00+08:00', { satisfaction: 2 });
  const k = await actOk(t.id, 'reopen', '2025-03-05T10:00:00+08:00', { reason: '来电人对处理结果不满意' });
  assert.equal(k.state, 'assigned');
  assert.equal(k.reopened, 1);
  assert.equal(k.deadlines.contact, '2025-03-05T11:00:00+08:00');
  assert.equal(k.deadlines.resolve, '2025-03-10');
  await actOk(t.id, 'contact', '2025-03-05T10:30:00+08:00');
  await actOk(t.id, 'resolve', '2025-03-06T10:30:00+08:00', { result: '再次核实' });
  await actOk(t.id, 'callback', '2025-03-07T10:30:00+08:00', { satisfaction: 1 });
  expectReason(await act(t.id, 'reopen', '2025-03-07T11:00:00+08:00', { reason: '仍不满意' }), 409, 'conflict', 'reopen_once');
});

test('tickets: duplicates across channels are proposed and merged; the merged one keeps every source', async () => {
  const caller = { name: '李女士', phone: phone() };
  const a = await receive({ caller, received_at: '2025-04-01T09:00:00+08:00', category: 'other_transport' }, 'admin');
  const b = await receive({ caller, channel: '12328', received_at: '2025-03-31T20:00:00+08:00', category: 'other_transport', source_no: '12328-0001' }, 'admin');
  assert.ok(b.duplicates.some((d) => d.id === a.id && d.same === 'caller'), 'the same caller proposed');
  expectReason(await act(b.id, 'merge', '2025-04-01T10:00:00+08:00', { into: b.id }), 409, 'conflict', 'merge_into_itself');
  const merged = await actOk(b.id, 'merge', '2025-04-01T10:00:00+08:00', { into: a.id });
  assert.equal(merged.state, 'merged');
  assert.equal(merged.merged_into, a.id);
  const k = await getOk('admin', `/api/v1/tickets/${a.id}`);
  assert.equal(k.sources.length, 1);
  assert.equal(k.sources[0].channel, '12328');
  assert.equal(k.sources[0].source_no, '12328-0001');
  // The earlier of each deadline: b came in the evening before.
  assert.equal(k.deadlines.contact, '2025-03-31T21:00:00+08:00');
  assert.equal(k.deadlines.resolve, b.deadlines.resolve);
  expectReason(await act(b.id, 'assign', '2025-04-01T11:00:00+08:00', { unit: 'B01' }), 409, 'conflict', 'ticket_merged');
  // The merged one is no longer proposed.
  const c = await receive({ caller, received_at: '2025-04-01T12:00:00+08:00', category: 'other_transport' }, 'admin');
  assert.ok(!c.duplicates.some((d) => d.id === b.id));
  assert.ok(c.duplicates.some((d) => d.id === a.id));
});

test('tickets: the list says what was overdue on a day; scope and masks', async () => {
  const late = await receive({ received_at: '2024-06-03T09:00:00+08:00', category: 'other_transport' }, 'admin');
  await actOk(late.id, 'assign', '2024-06-03T09:30:00+08:00', { unit: 'B01' });
  await actOk(late.id, 'contact', '2024-06-03T09:50:00+08:00');
  // Resolve due Thu 6 June; resolved on the 11th.
  await actOk(late.id, 'resolve', '2024-06-11T09:00:00+08:00', { result: '已处理' });
  const on = async (day) => (await allItems('admin', `/api/v1/tickets?overdue=1&on=${day}`)).some((x) => x.id === late.id);
  assert.equal(await on('2024-06-06'), false, 'due that day: not yet');
  assert.equal(await on('2024-06-07'), true, 'the day after');
  assert.equal(await on('2024-06-10'), true);
  assert.equal(await on('2024-06-11'), false, 'resolved that day');
  const row = (await allItems('officer', '/api/v1/tickets?category=other_transport')).find((x) => x.id === late.id);
  assert.ok(row, 'B01 sees its ticket');
  assert.match(row.caller.phone, /^139\*{4}\d{4}$/, 'masked in the list');
  assert.equal(row.deadlines.resolve, '2024-06-06');
  expectReason(await get('officer2', `/api/v1/tickets/${late.id}`), 404, 'not_found', 'ticket_unknown');
  assert.match((await getOk('inspector', `/api/v1/tickets/${late.id}`)).caller.phone, /\*/, 'masked for an inspector');
  assert.doesNotMatch((await getOk('officer', `/api/v1/tickets/${late.id}`)).caller.phone, /\*/, 'whole for the unit');
  // A ticket a brigade receives itself is its own; an unassigned one is the dispatchers' (HQ).
  const walkIn = await receive({ channel: 'walk_in' }, 'officer');
  assert.equal(walkIn.state, 'assigned');
  assert.equal(walkIn.unit, 'B01');
  const fresh = await receive({}, 'admin');
  expectReason(await get('officer', `/api/v1/tickets/${fresh.id}`), 404, 'not_found', 'ticket_unknown');
  assert.ok((await allItems('chief', '/api/v1/tickets?state=received')).some((x) => x.id === fresh.id));
  expectReason(await get('admin', '/api/v1/tickets?category=nope'), 422, 'invalid', 'code_unknown');
  expectReason(await get('admin', '/api/v1/tickets?on=someday'), 422, 'invalid', 'date_invalid');
});

test('tickets: bad receipts are refused with their reason', async () => {
  const base = { channel: '12345', kind: 'complaint', category: 'taxi_refuse', text: '拒载' };
  expectReason(await post('admin', '/api/v1/tickets', { ...base, channel: '110' }), 422, 'invalid', 'code_unknown', { field: 'channel' });
  expectReason(await post('admin', '/api/v1/tickets', { ...base, category: '乱停车' }), 422, 'invalid', 'code_unknown', { field: 'category' });
  expectReason(await post('admin', '/api/v1/tickets', { ...base, received_at: '2024-09-30 23:30' }), 422, 'invalid', 'datetime_invalid');
  expectReason(await post('admin', '/api/v1/tickets', { ...base, received_at: '2099-01-01T00:00:00+08:00' }), 422, 'invalid', 'date_in_future');
  expectReason(await post('admin', '/api/v1/tickets', { ...base, caller: { phone: '12' } }), 422, 'invalid', 'phone_format');
  expectReason(await post('admin', '/api/v1/tickets', { ...base, subject: { plate: 'ABC' } }), 422, 'invalid', 'plate_length');
  expectReason(await post('admin', '/api/v1/tickets', { ...base, text: '' }), 422, 'invalid', 'field_required', { field: 'text' });
  const codes = await getOk('officer', '/api/v1/tickets/codes');
  assert.ok(codes.categories.some((c) => c.code === 'taxi_refuse' && c.name === '拒载' && c.violation === 'taxi_refuse'));
  assert.equal(codes.channels.length, 5);
});

test('tickets: a case opened from a ticket takes its facts, and the link shows on both', async () => {
  const o = await officers();
  const t = await receive({ received_at: '2024-10-08T09:00:00+08:00', location: { road: '钢铁大街', km: 3.2 } }, 'admin');
  await actOk(t.id, 'assign', '2024-10-08T09:10:00+08:00', { unit: 'B01' });
  const before = (await getOk('admin', '/api/v1/cases?limit=1')).total;
  // A case body the case refuses (one officer) opens nothing and links nothing.
  expectReason(await act(t.id, 'link_case', '2024-10-08T10:00:00+08:00', { open: { officers: [o.b01[0]], party: PERSON, on: '2024-10-08' } }, 'officer'),
    422, 'invalid', 'officers_too_few', { min: 2 });
  assert.equal((await getOk('admin', '/api/v1/cases?limit=1')).total, before, 'the refused case was not kept');
  assert.equal((await getOk('admin', `/api/v1/tickets/${t.id}`)).case, null);
  const k = await actOk(t.id, 'link_case', '2024-10-08T10:00:00+08:00',
    { open: { officers: [o.b01[0], o.b01[1]], party: PERSON, on: '2024-10-08' } }, 'officer');
  assert.ok(Number.isInteger(k.case));
  const c = await getOk('officer', `/api/v1/cases/${k.case}`);
  assert.equal(c.violation, 'taxi_refuse', "the category's violation");
  assert.equal(c.vehicle.plate, `蒙K${tag}`);
  assert.equal(c.facts, t.text);
  assert.equal(c.place, '钢铁大街 K3.200');
  assert.equal(c.occurred_at, '2024-10-08T09:00:00+08:00');
  assert.ok((await allItems('admin', `/api/v1/tickets?case=${k.case}`)).some((x) => x.id === t.id), 'listed for its case');
  assert.equal((await getOk('admin', '/api/v1/cases?limit=1')).total, before + 1);
  expectReason(await act(t.id, 'link_case', '2024-10-08T11:00:00+08:00', { case: k.case }), 409, 'conflict', 'ticket_has_case', { rule: 'link' });
  const other = await receive({}, 'admin');
  expectReason(await act(other.id, 'link_case', '2024-10-01T09:00:00+08:00', { case: 99999999 }), 404, 'not_found', 'case_unknown');
  expectReason(await act(other.id, 'link_case', '2024-10-01T09:00:00+08:00', {}), 422, 'invalid', 'field_required', { field: 'case' });
  // An existing case, by its id.
  assert.equal((await actOk(other.id, 'link_case', '2024-10-01T09:00:00+08:00', { case: k.case })).case, k.case);
  const audit = await allItems('admin', `/api/v1/audit?object=ticket:${t.id}`);
  assert.ok(audit.some((a) => a.action === 'ticket.link_case'));
});

