// Penalty cases through the procedure, path by path, on the official
// calendar: the standard procedure from a screened detection, with a
// hearing, the summary procedure, a referral, a waiver, a late payment with
// its late fine, an extension; and every refusal the issue names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, get, getOk, expectStatus, expectReason, expectError, allItems, addUser } from '../../lib/http.mjs';
import { B01, record, feed, detectionId } from '../overlimit/data.mjs';
import { officers, confirmedDetection, openCase, act, actOk, caseOf, onSiteCase, PERSON } from './cases.mjs';

test('cases: a screened detection becomes a case, numbered, with its decision deadline', async () => {
  const detection = await confirmedDetection();
  const d = await getOk('admin', `/api/v1/detections/${detection}`);
  const c = await openCase({ detection, on: '2024-02-01' });
  assert.match(c.number, /^鄂交执罚〔2024〕\d{4}号$/);
  assert.equal(c.state, 'opened');
  assert.equal(c.detection, detection);
  assert.equal(c.violation, 'overlimit_mass');
  assert.equal(c.fine_fen, d.fine_fen, 'the fine proposed is the verdict\'s');
  assert.equal(c.opened_on, '2024-02-01');
  // 90 days after Thu 1 February: Wed 1 May is Labour Day (1-5 May off): Mon 6 May.
  assert.equal(c.deadlines.decision, '2024-05-06');
  for (const k of ['statement', 'hearing_request', 'service', 'payment']) assert.equal(c.deadlines[k], null, `${k}: not yet`);
  assert.equal(c.vehicle.plate, d.plate);
  assert.equal(c.officers.length, 2);
  assert.equal(c.party.id_number, PERSON.id_number, 'whole for the case\'s own officer');
  // A second case from the same detection is refused; the next number follows.
  expectReason(await post('officer', '/api/v1/cases', { detection, officers: c.officers.map((o) => o.badge), on: '2024-02-01' }), 409, 'conflict', 'detection_has_case');
  const next = await onSiteCase(100);
  const seq = (n) => Number(n.match(/〕(\d+)号/)[1]);
  assert.ok(seq(next.number) > seq(c.number), `${next.number} after ${c.number}`);
  // Audited.
  const audit = (await allItems('admin', `/api/v1/audit?object=case:${c.id}`));
  assert.ok(audit.some((a) => a.action === 'case.open'), 'case.open audited');
});

test('cases: the standard procedure without a hearing, to closing and 抄告', async () => {
  const c = await openCase({ detection: await confirmedDetection(), on: '2024-02-01' });
  const fine = c.fine_fen / 100;
  let k = await actOk(c.id, 'notify', '2024-02-01');
  assert.equal(k.state, 'notified');
  assert.equal(k.hearing_offered, false, `${fine} yuan offers no hearing`);
  // Three working days after Thu 1 Feb: Fri 2, Sun 4 (a make-up working day), Mon 5.
  assert.equal(k.deadlines.statement, '2024-02-05');
  assert.equal(k.deadlines.hearing_request, null);
  expectReason(await act(c.id, 'decide', '2024-02-05', { fine_yuan: fine }), 409, 'conflict', 'decision_in_statement_period', { rule: 'statement', day: '2024-02-05' });
  expectReason(await act(c.id, 'decide', '2024-02-06', { fine_yuan: fine + 1 }), 409, 'conflict', 'decision_heavier_than_notice', { rule: 'no_heavier' });
  k = await actOk(c.id, 'decide', '2024-02-06', { fine_yuan: fine });
  assert.equal(k.state, 'decided');
  assert.ok(k.deadlines.service, 'service deadline set');
  k = await actOk(c.id, 'serve', '2024-02-07');
  // 15 days after 7 Feb: Thu 22 Feb, a working day.
  assert.equal(k.deadlines.payment, '2024-02-22');
  expectReason(await act(c.id, 'close', '2024-02-08'), 409, 'conflict', 'close_unfinished');
  k = await actOk(c.id, 'pay', '2024-02-22', { amount_yuan: fine });
  assert.equal(k.state, 'paid');
  assert.equal(k.late_fine_fen, 0);
  k = await actOk(c.id, 'close', '2024-02-23');
  assert.equal(k.state, 'closed');
  assert.ok(k.deadlines.report_home, '抄告 within seven working days');
  k = await actOk(c.id, 'report', '2024-02-26');
  assert.deepEqual(k.events.map((e) => e.type), ['notify', 'decide', 'serve', 'pay', 'close', 'report']);
  expectReason(await act(c.id, 'notify', '2024-02-27'), 409, 'conflict', 'case_closed');
  const audit = await allItems('admin', `/api/v1/audit?object=case:${c.id}`);
  for (const a of ['case.notify', 'case.decide', 'case.serve', 'case.pay', 'case.close', 'case.report']) assert.ok(audit.some((x) => x.action === a), `${a} audited`);
  assert.ok((await allItems('officer', '/api/v1/cases?state=closed')).some((x) => x.id === c.id), 'listed as closed');
});

test('cases: a fine from 10 000 yuan offers a hearing, chaired by someone else, then the legal review', async () => {
  const o = await officers();
  const c = await onSiteCase(20000);
  let k = await actOk(c.id, 'notify', '2024-03-01');
  assert.equal(k.hearing_offered, true);
  // Fri 1 March: three working days to 6 March, five to 8 March.
  assert.equal(k.deadlines.statement, '2024-03-06');
  assert.equal(k.deadlines.hearing_request, '2024-03-08');
  expectReason(await act(c.id, 'decide', '2024-03-08', { fine_yuan: 20000 }), 409, 'conflict', 'decision_without_review', { rule: 'legal_review' });
  await actOk(c.id, 'hearing_request', '2024-03-04');
  expectReason(await act(c.id, 'decide', '2024-03-20', { fine_yuan: 20000 }), 409, 'conflict', 'decision_before_hearing');
  expectReason(await act(c.id, 'hearing', '2024-03-20', { chair: o.b01[0] }), 409, 'conflict', 'hearing_chair_investigated', { rule: 'hearing_chair' });
  // Seven working days after Mon 4 March: Wed 13 March at the earliest.
  expectReason(await act(c.id, 'hearing', '2024-03-12', { chair: o.b01[2] }), 409, 'conflict', 'hearing_notice_short', { day: '2024-03-13' });
  k = await actOk(c.id, 'hearing', '2024-03-13', { chair: o.b01[2] });
  assert.equal(k.state, 'heard');
  // The review is the legal reviewer's.
  expectReason(await act(c.id, 'review', '2024-03-14'), 403, 'forbidden', 'event_role');
  await actOk(c.id, 'review', '2024-03-14', {}, 'legal');
  k = await actOk(c.id, 'decide', '2024-03-15', { fine_yuan: 15000 });
  assert.equal(k.fine_fen, 1500000, 'lighter than notified is allowed');
});

test('cases: the summary procedure, decided, served and paid on the spot', async () => {
  const c = await onSiteCase(200, { procedure: 'summary' });
  expectReason(await act(c.id, 'notify', '2024-03-01', { fine_yuan: 200.01 }), 409, 'conflict', 'summary_fine_too_high', { rule: 'summary', yuan: '200.00' });
  await actOk(c.id, 'notify', '2024-03-01', { fine_yuan: 200 });
  await actOk(c.id, 'decide', '2024-03-01', { fine_yuan: 200 });
  await actOk(c.id, 'serve', '2024-03-01');
  await actOk(c.id, 'pay', '2024-03-01', { amount_yuan: 200 });
  assert.equal((await actOk(c.id, 'close', '2024-03-01')).state, 'closed');
});

test('cases: a referral to the police fines nothing; a first offence waived', async () => {
  const r = await onSiteCase(3000);
  expectError(await act(r.id, 'refer', '2024-03-02'), 422, 'invalid');
  let k = await actOk(r.id, 'refer', '2024-03-02', { reason: '联合执法,公安交管部门已处罚' });
  assert.equal(k.state, 'referred');
  assert.equal(k.fine_fen, 0);
  assert.equal((await actOk(r.id, 'close', '2024-03-03')).state, 'closed');
  // The waiver only where the catalogue allows it: not for over-limit mass.
  const notWaivable = await onSiteCase(3000);
  expectReason(await act(notWaivable.id, 'waive', '2024-03-04', { reason: '初次' }), 409, 'conflict', 'waiver_not_allowed', { violation: 'overlimit_mass' });
  const w = await onSiteCase(200, { violation: 'taxi_receipt' });
  await actOk(w.id, 'notify', '2024-03-01');
  k = await actOk(w.id, 'waive', '2024-03-04', { reason: '初次违法且危害后果轻微并及时改正' });
  assert.equal(k.state, 'waived');
  expectReason(await act(w.id, 'decide', '2024-03-07', { fine_yuan: 200 }), 409, 'conflict', 'decided_already');
  assert.equal((await actOk(w.id, 'close', '2024-03-05')).state, 'closed');
});

test('cases: a late payment owes 3 % of the fine a day, never more than the fine', async () => {
  const c = await onSiteCase(1000);
  await actOk(c.id, 'notify', '2024-03-01');
  await actOk(c.id, 'decide', '2024-03-07', { fine_yuan: 1000 });
  let k = await actOk(c.id, 'serve', '2024-03-08');
  // 15 days after Fri 8 March is Sat 23 March: the period ends Mon 25 March.
  assert.equal(k.deadlines.payment, '2024-03-25');
  expectReason(await act(c.id, 'demand', '2024-03-25'), 409, 'conflict', 'demand_before_due', { day: '2024-03-25' });
  // Two days late: 60 yuan more.
  expectReason(await act(c.id, 'pay', '2024-03-27', { amount_yuan: 1000 }), 409, 'conflict', 'payment_amount', { day: '2024-03-27', yuan: '1060.00' });
  k = await actOk(c.id, 'pay', '2024-03-27', { amount_yuan: 1060 });
  assert.equal(k.late_fine_fen, 6000);
  assert.equal(k.paid_fen, 106000);
  // Unpaid for a year: the late fine stops at the fine.
  const u = await onSiteCase(1000);
  await actOk(u.id, 'notify', '2024-03-01');
  await actOk(u.id, 'decide', '2024-03-07', { fine_yuan: 1000 });
  await actOk(u.id, 'serve', '2024-03-08');
  await actOk(u.id, 'demand', '2024-04-01');
  k = await caseOf(u.id);
  assert.equal(k.late_fine_fen, 100000, 'capped at the fine');
  expectReason(await act(u.id, 'pay', '2024-06-01', { amount_yuan: 1000 }), 409, 'conflict', 'payment_amount', { yuan: '2000.00' });
  await actOk(u.id, 'enforce', '2024-06-01');
  assert.equal((await actOk(u.id, 'close', '2024-06-02')).state, 'closed');
});

test('cases: the decision within 90 days of opening, or after an extension a chief approves', async () => {
  const c = await onSiteCase(1000);
  await actOk(c.id, 'notify', '2024-03-01');
  assert.equal((await caseOf(c.id)).deadlines.decision, '2024-05-30');
  expectReason(await act(c.id, 'decide', '2024-05-31', { fine_yuan: 1000 }), 409, 'conflict', 'decision_late', { rule: 'decision', day: '2024-05-30' });
  expectReason(await act(c.id, 'extend', '2024-05-20', { days: 30, reason: '案情复杂' }), 403, 'forbidden', 'event_role');
  const k = await actOk(c.id, 'extend', '2024-05-20', { days: 30, reason: '案情复杂,需补充调查' }, 'chief');
  // 120 days after 1 March: Sat 29 June, moved to Mon 1 July.
  assert.equal(k.deadlines.decision, '2024-07-01');
  assert.equal(k.extension_days, 30);
  await actOk(c.id, 'decide', '2024-06-03', { fine_yuan: 1000 });
});

test('cases: refused openings and acts say what is wrong', async () => {
  const o = await officers();
  const detection = await confirmedDetection();
  expectReason(await post('officer', '/api/v1/cases', { detection, officers: [o.b01[0]], on: '2024-02-01' }), 422, 'invalid', 'officers_too_few', { min: 2 });
  expectReason(await post('officer', '/api/v1/cases', { detection, officers: [o.b01[0], o.b01[0]], on: '2024-02-01' }), 422, 'invalid', 'officer_unknown');
  expectReason(await post('officer', '/api/v1/cases', { detection, officers: [o.b01[0], 'NOBODY'], on: '2024-02-01' }), 422, 'invalid', 'officer_unknown', { badge: 'NOBODY' });
  // Not screened yet; no plate read (not admissible).
  const [pending] = await (await import('../overlimit/data.mjs')).overlimitDetections(B01, 1);
  expectReason(await post('officer', '/api/v1/cases', { detection: pending, officers: [o.b01[0], o.b01[1]], on: '2024-02-01' }), 409, 'conflict', 'detection_not_confirmed');
  const unread = { ...record(B01.site, { day: '2024-01-21' }), plate: '' };
  expectStatus(await feed(B01.key, unread), 200);
  const unreadId = await detectionId(B01.site, unread.seq, '2024-01-21');
  expectReason(await post('officer', '/api/v1/cases', { detection: unreadId, officers: [o.b01[0], o.b01[1]], on: '2024-02-01' }), 409, 'conflict', 'detection_inadmissible');
  // Two years after the act the law no longer punishes it.
  expectReason(await post('officer', '/api/v1/cases', { detection, officers: [o.b01[0], o.b01[1]], on: '2026-01-21' }), 409, 'conflict', 'limitation_expired', { years: 2 });
  expectReason(await post('officer', '/api/v1/cases', { detection, officers: [o.b01[0], o.b01[1]], on: '2099-01-01' }), 422, 'invalid', 'date_in_future');
  // Acts: unknown, in the future, before the previous one; another unit's case.
  const c = await openCase({ detection, on: '2024-02-01' });
  expectReason(await act(c.id, 'dance', '2024-02-01'), 422, 'invalid', 'event_unknown');
  expectReason(await act(c.id, 'notify', '2099-01-01'), 409, 'conflict', 'event_in_future');
  expectReason(await act(c.id, 'notify', '2024-01-31'), 409, 'conflict', 'event_before_previous');
  expectReason(await act(c.id, 'decide', '2024-02-02', { fine_yuan: 1 }), 409, 'conflict', 'decision_before_notice', { rule: 'notice' });
  expectReason(await get('officer2', `/api/v1/cases/${c.id}`), 404, 'not_found', 'case_unknown');
  expectReason(await act(c.id, 'notify', '2024-02-01', {}, 'officer2'), 404, 'not_found', 'case_unknown');
  // The catalogue: a violation it has, an amount within its range; the
  // party's ID number by its check digit; the plate by its form.
  const site = { occurred_at: '2024-03-01', place: '火车站', facts: '拒载', officers: [o.b01[0], o.b01[1]], on: '2024-03-01' };
  expectReason(await post('officer', '/api/v1/cases', { ...site, violation: 'jaywalking' }), 422, 'invalid', 'violation_unknown', { got: 'jaywalking' });
  expectReason(await post('officer', '/api/v1/cases', { ...site, violation: 'taxi_refuse', fine_yuan: 600 }), 422, 'invalid', 'fine_out_of_range');
  const taxi = expectStatus(await post('officer', '/api/v1/cases', { ...site, violation: 'taxi_refuse' }), 201).json;
  assert.equal(taxi.proposed_fine_fen, 20000, 'the discretion standard\'s default: 200 yuan');
  expectReason(await post('officer', '/api/v1/cases', { ...site, violation: 'taxi_refuse', party: { ...PERSON, id_number: '110105194912310021' } }), 422, 'invalid', 'id_check_digit');
  expectError(await post('officer', '/api/v1/cases', { ...site, violation: 'taxi_refuse', vehicle: { plate: 'ABC' } }), 422, 'invalid');
  expectReason(await post('officer', '/api/v1/cases', { ...site, violation: 'refuse_inspection', procedure: 'summary' }), 422, 'invalid', 'summary_not_allowed');
  // A case without its party cannot be notified.
  const bare = await openCase({ detection: await confirmedDetection(), on: '2024-02-01', party: null });
  expectReason(await act(bare.id, 'notify', '2024-02-01'), 409, 'conflict', 'party_missing');
});

test('cases: the list masks the party; an inspector sees the case page masked too', async () => {
  const c = await onSiteCase(1000);
  const listed = (await allItems('chief', '/api/v1/cases?state=open')).find((x) => x.id === c.id);
  assert.ok(listed, 'listed among the open cases');
  assert.equal(listed.party.id_number, '110105********002X');
  assert.equal(listed.party.phone, '139****5678');
  assert.equal(listed.next_due, '2024-05-30');
  const seen = await getOk('inspector', `/api/v1/cases/${c.id}`);
  assert.equal(seen.party.id_number, '110105********002X');
  const page = await getOk('chief', '/api/v1/cases?limit=2&sort=-number');
  assert.ok(page.total >= 2);
  // The next page by cursor is the next one, in the sort's order.
  const first = await getOk('chief', '/api/v1/cases?limit=2&sort=next_due&page=1');
  const byCursor = await getOk('chief', `/api/v1/cases?limit=2&sort=next_due&after=${encodeURIComponent(first.next)}`);
  const byNumber = await getOk('chief', '/api/v1/cases?limit=2&sort=next_due&page=2');
  assert.deepEqual(byCursor.items.map((x) => x.id), byNumber.items.map((x) => x.id));
  // The driver's certificate number is a resident ID: masked but for the handlers.
  const driver = { name: '周九', licence: '11010519491231002X' };
  const d = await onSiteCase(1000, { vehicle: { plate: '蒙K55556', color: 'yellow', driver } });
  assert.equal((await getOk('officer', `/api/v1/cases/${d.id}`)).vehicle.driver.licence, driver.licence, 'whole for its officer');
  assert.equal((await getOk('inspector', `/api/v1/cases/${d.id}`)).vehicle.driver.licence, '110105********002X');
  const row = (await allItems('chief', '/api/v1/cases?state=open')).find((x) => x.id === d.id);
  assert.equal(row.vehicle.driver.licence, '110105********002X', 'masked in the list');
});

test('cases: an officer\'s case waits for a chief\'s approval (立案审批); footage is referenced by number', async () => {
  const c = await onSiteCase(1000, { footage: ['B01-DSJ-20240301-0001'] });
  assert.equal(c.approved_by, '', 'an officer opens, a chief approves');
  assert.deepEqual(c.footage, ['B01-DSJ-20240301-0001']);
  assert.ok(c.allowed.includes('approve'), `approve is offered: ${c.allowed}`);
  expectReason(await act(c.id, 'approve', '2024-03-01'), 403, 'forbidden', 'event_role');
  let k = await actOk(c.id, 'approve', '2024-03-01', {}, 'chief');
  assert.equal(k.approved_by, 't-chief');
  assert.ok(!k.allowed.includes('approve'));
  expectReason(await act(c.id, 'approve', '2024-03-02', {}, 'chief'), 409, 'conflict', 'approved_already', { rule: 'opening' });
  // An act's recordings are stored with it.
  k = await actOk(c.id, 'notify', '2024-03-01', { footage: ['B01-DSJ-20240301-0002', 'B01-DSJ-20240301-0003'] });
  assert.deepEqual(k.events.find((e) => e.type === 'notify').body.footage, ['B01-DSJ-20240301-0002', 'B01-DSJ-20240301-0003']);
  expectReason(await act(c.id, 'statement', '2024-03-02', { footage: 'B01' }), 422, 'invalid', 'footage_invalid');
  expectReason(await act(c.id, 'statement', '2024-03-02', { footage: [''] }), 422, 'invalid', 'footage_invalid');
  expectReason(await post('officer', '/api/v1/cases', { violation: 'taxi_refuse', occurred_at: '2024-03-01', place: 'x', facts: 'y', officers: c.officers.map((o) => o.badge), on: '2024-03-01', footage: Array(9).fill('a') }), 422, 'invalid', 'footage_invalid');
  const audit = await allItems('admin', `/api/v1/audit?object=case:${c.id}`);
  assert.ok(audit.some((a) => a.action === 'case.approve' && a.actor === 't-chief'), 'the approval audited');
  // A chief's own case is approved by opening it.
  assert.equal((await onSiteCase(1000, {}, 'chief')).approved_by, 't-chief');
});

test('cases: an officer whose certificate is not valid on the opening day cannot handle the case', async () => {
  const o = await officers();
  const badge = `EX${Date.now() % 100000}`;
  await addUser({ login: `case-ex${badge.toLowerCase()}`, name: '证件过期人员', role: 'officer', unit: 'B01', badge, password: `Expired-${badge}-pass`, cert_valid_from: '2020-01-01', cert_valid_to: '2023-12-31' });
  const body = { violation: 'taxi_refuse', occurred_at: '2023-12-20T10:00:00+08:00', place: '火车站', facts: '拒载', officers: [badge, o.b01[0]], party: PERSON };
  expectReason(await post('officer', '/api/v1/cases', { ...body, on: '2024-01-02' }), 422, 'invalid', 'officer_uncertified', { badge, day: '2024-01-02', rule: 'officers' });
  const c = expectStatus(await post('officer', '/api/v1/cases', { ...body, on: '2023-12-29' }), 201).json;
  assert.equal(c.officers.find((x) => x.badge === badge).cert_valid_to, '2023-12-31', 'kept as it was on the opening day');
  assert.equal(c.officers.find((x) => x.badge === o.b01[0]).cert_valid_to, null, 'not on record');
});
