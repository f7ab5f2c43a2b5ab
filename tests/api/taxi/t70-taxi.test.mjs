// The taxi registry and drivers' service reputation (docs/api.md, Taxi):
// the lists (sorted, counted, paged; numbers masked), a company, a
// driver's profile (whole numbers only for the roles that handle cases),
// the deductions an officer records (with their refusals and the audit
// log), a decided taxi case costing its driver points, and the bottom:
// 0 points, grade B, retraining, never below 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, getOk, post, expectReason, expectStatus, allItems } from '../../lib/http.mjs';
import { openCase, actOk } from '../cases/cases.mjs';
import { registry, dayFrom } from './taxi.mjs';

const driverId = async (certificate) => {
  const r = await getOk('officer', `/api/v1/taxi/drivers?q=${encodeURIComponent(certificate)}`);
  assert.equal(r.items.length, 1, `one driver has ${certificate}`);
  return r.items[0].id;
};
const masked = (s, head, tail) => s.slice(0, head) + '*'.repeat(s.length - head - tail) + s.slice(s.length - tail);

test('taxi: the companies, sorted, counted and paged, codes masked, with their drivers\' standing', async () => {
  const reg = await registry();
  const all = await allItems('inspector', '/api/v1/taxi/companies?sort=name', 1);
  const mine = all.filter((c) => reg.companies.some((x) => x.name === c.name));
  assert.equal(mine.length, 2);
  const names = all.map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'sorted by name, paged by cursor');
  const first = await getOk('officer', '/api/v1/taxi/companies?limit=1&page=1');
  assert.equal(first.total, all.length);
  const big = mine.find((c) => c.name === reg.companies[0].name);
  assert.equal(big.credit_code, masked(reg.companies[0].code, 8, 2), 'a code in a list: the first 8 and last 2');
  assert.equal(big.drivers, 2);
  assert.equal(big.vehicles, 2);
  assert.equal(Object.values(big.standing).reduce((a, b) => a + b, 0), 2, 'every driver in one grade');
  assert.equal(big.complaints, 0, 'complaints: 0 until the tickets module counts them');
  const company = await getOk('legal', `/api/v1/taxi/companies/${big.id}`);
  assert.equal(company.credit_code, reg.companies[0].code, 'whole on its page: public register data');
  assert.equal(company.full_points, 20);
  assert.deepEqual(company.grades.map((g) => g.grade), ['AAA', 'AA', 'A', 'B']);
  expectReason(await get('officer', '/api/v1/taxi/companies/999999999'), 404, 'not_found', 'taxi_company_unknown');
  expectReason(await get('officer', '/api/v1/taxi/companies?sort=nope'), 422, 'invalid', 'sort_unknown');
});

test('taxi: vehicles by plate, drivers by name, certificate or plate, numbers masked in lists', async () => {
  const reg = await registry();
  const v = await getOk('chief', `/api/v1/taxi/vehicles?plate=${encodeURIComponent(reg.plates[0])}`);
  assert.equal(v.total, 1);
  assert.equal(v.items[0].plate, reg.plates[0]);
  assert.equal(v.items[0].company.name, reg.companies[0].name);
  assert.equal(v.items[0].drivers, 1);
  const byCompany = await getOk('chief', `/api/v1/taxi/vehicles?company=${v.items[0].company.id}`);
  assert.equal(byCompany.total, 2);
  const d = reg.drivers[0];
  for (const q of [d.name, d.id, reg.plates[0], d.id.slice(0, 10).toLowerCase()]) {
    const r = await getOk('inspector', `/api/v1/taxi/drivers?q=${encodeURIComponent(q)}`);
    assert.ok(r.items.some((x) => x.name === d.name), `found by ${q}`);
  }
  const r = await getOk('officer', `/api/v1/taxi/drivers?q=${encodeURIComponent(d.name)}`);
  const item = r.items[0];
  assert.equal(item.id_number, masked(d.id, 6, 4), 'an ID number in a list: the first 6 and last 4');
  assert.equal(item.certificate_no, masked(d.id, 6, 4), 'so is a certificate number that is one');
  assert.equal(item.phone, masked(d.phone, 3, 4));
  assert.deepEqual(item.reputation, { score: 20, grade: 'AAA' });
  assert.equal(item.certificate_state, 'valid');
  const company = await getOk('officer', `/api/v1/taxi/drivers?company=${item.company.id}&sort=-name`);
  assert.equal(company.total, 2);
  assert.equal(company.sort, '-name');
  expectReason(await get('officer', '/api/v1/taxi/drivers?company=x'), 422, 'invalid', 'id_invalid', { field: 'company' });
});

test('taxi: a driver\'s profile, whole for the case roles and masked for inspectors', async () => {
  const reg = await registry();
  const d = reg.drivers[0];
  const id = await driverId(d.id);
  for (const role of ['officer', 'legal', 'chief', 'admin']) {
    const p = await getOk(role, `/api/v1/taxi/drivers/${id}`);
    assert.equal(p.id_number, d.id, `${role} sees the ID number whole`);
    assert.equal(p.phone, d.phone);
    assert.equal(p.masked, false);
  }
  const p = await getOk('inspector', `/api/v1/taxi/drivers/${id}`);
  assert.equal(p.masked, true);
  assert.equal(p.id_number, masked(d.id, 6, 4));
  assert.equal(p.phone, masked(d.phone, 3, 4));
  assert.equal(p.company.name, reg.companies[0].name);
  assert.deepEqual(p.vehicles.map((v) => v.plate), [reg.plates[0]]);
  assert.deepEqual(p.training.map((t) => t.day), [dayFrom(-30), dayFrom(-200)], 'training, newest first');
  assert.equal(p.first_qualified, reg.first);
  const rep = p.reputation;
  assert.equal(rep.full_points, 20);
  assert.equal(rep.score, 20);
  assert.equal(rep.grade.grade, 'AAA');
  assert.ok(rep.cycle.from <= dayFrom(0) && dayFrom(0) <= rep.cycle.to, 'the cycle holds today');
  assert.equal(rep.cycle.from, dayFrom(-35), 'it began on the anniversary of the first qualification');
  assert.equal(rep.cycles.length, 2, 'this cycle and the first');
  assert.match(rep.citation, /信誉考核/);
  expectReason(await get('officer', '/api/v1/taxi/drivers/999999999'), 404, 'not_found', 'taxi_driver_unknown');
});

test('taxi: an officer deducts points with a reason; the refusals; the audit log', async () => {
  const reg = await registry();
  const id = await driverId(reg.drivers[1].id);
  const path = `/api/v1/taxi/drivers/${id}/deductions`;
  expectReason(await post('officer', path, { points: 4, reason: 'x' }), 422, 'invalid', 'deduction_points_invalid', { field: 'points', allowed: '1,3,5,10,20' });
  expectReason(await post('officer', path, { points: 3 }), 422, 'invalid', 'deduction_reason_missing', { field: 'reason' });
  expectReason(await post('officer', path, { points: 3, reason: '   ' }), 422, 'invalid', 'deduction_reason_missing');
  expectReason(await post('officer', path, { points: 3, reason: 'x', day: dayFrom(1) }), 422, 'invalid', 'date_in_future', { field: 'day' });
  expectReason(await post('officer', path, { points: 3, reason: 'x', day: '2024-02-30' }), 422, 'invalid', 'date_invalid', { field: 'day' });
  expectReason(await post('officer', path, { points: 3, reason: 'x', day: dayFrom(-500) }), 422, 'invalid', 'deduction_before_qualified');
  expectReason(await post('officer', path, { violation: 'overlimit_mass', reason: 'x' }), 422, 'invalid', 'deduction_violation_unknown', { got: 'overlimit_mass' });
  expectReason(await post('officer', '/api/v1/taxi/drivers/999999999/deductions', { points: 3, reason: 'x' }), 404, 'not_found', 'taxi_driver_unknown');
  expectReason(await post('officer', path, []), 422, 'invalid', 'body_not_object');
  for (const role of ['legal', 'inspector']) expectStatus(await post(role, path, { points: 3, reason: 'x' }), 403);
  const before = await getOk('officer', `/api/v1/taxi/drivers/${id}`);
  assert.equal(before.reputation.score, 20, 'the refusals took nothing');

  const r = expectStatus(await post('officer', path, { points: 3, reason: '执法检查发现车容车貌不整洁', day: dayFrom(-1) }), 201).json;
  assert.equal(r.reputation.score, 17);
  assert.equal(r.reputation.grade.grade, 'AA');
  // A violation of the rulebook gives its points (taxi_courtesy: 1).
  const v = expectStatus(await post('chief', path, { violation: 'taxi_courtesy', reason: '未使用文明用语' }), 201).json;
  assert.equal(v.reputation.score, 16);
  const p = await getOk('officer', `/api/v1/taxi/drivers/${id}`);
  const [newest, older] = p.reputation.deductions;
  assert.equal(newest.source, 'manual');
  assert.equal(newest.violation, 'taxi_courtesy');
  assert.equal(newest.points, 1);
  assert.equal(newest.in_cycle, true);
  assert.match(newest.citation, /信誉考核/);
  assert.equal(older.reason, '执法检查发现车容车貌不整洁');
  assert.equal(older.by, 't-officer');
  const list = await getOk('officer', `/api/v1/taxi/drivers?q=${encodeURIComponent(reg.drivers[1].name)}`);
  assert.deepEqual(list.items[0].reputation, { score: 16, grade: 'AA' }, 'the list shows the standing');
  const audit = (await getOk('admin', `/api/v1/audit?action=taxi.deduct&object=${encodeURIComponent(`taxi_driver:${id}`)}`)).items;
  assert.equal(audit.length, 2, 'each deduction audited');
  const after = JSON.parse(audit.find((a) => a.actor === 't-officer').after);
  assert.deepEqual(after, { deduction: r.id, driver: id, day: dayFrom(-1), points: 3, violation: '', reason: '执法检查发现车容车貌不整洁' });
});

test('taxi: a decided taxi case costs its driver the rulebook\'s points; a case not decided costs nothing', async () => {
  const reg = await registry();
  const d = reg.drivers[2];
  const id = await driverId(d.id);
  const day = dayFrom(-1);
  const body = (violation) => ({
    violation, occurred_at: `${day}T09:00:00+08:00`, on: day, place: '鄂尔多斯站站前广场', facts: '巡游出租汽车驾驶员拒载乘客',
    party: { kind: 'person', name: d.name, id_number: d.id, phone: d.phone }, vehicle: { plate: d.plate, color: 'blue', driver: { name: d.name, licence: d.id } },
    fine_yuan: 200, procedure: 'summary',
  });
  const decided = await openCase(body('taxi_refuse'));
  await actOk(decided.id, 'notify', day, { fine_yuan: 200 });
  await actOk(decided.id, 'decide', day, { fine_yuan: 200 });
  const open = await openCase(body('taxi_bargain'));
  const p = await getOk('officer', `/api/v1/taxi/drivers/${id}`);
  assert.deepEqual(p.cases.map((c) => c.id).sort(), [decided.id, open.id].sort(), 'both cases linked');
  assert.equal(p.cases.find((c) => c.id === open.id).decided_on, null);
  const ded = p.reputation.deductions.filter((x) => x.source === 'case');
  assert.equal(ded.length, 1, 'only the decided one deducts');
  assert.equal(ded[0].case_id, decided.id);
  assert.equal(ded[0].case_number, decided.number);
  assert.equal(ded[0].violation, 'taxi_refuse');
  assert.equal(ded[0].day, day, 'on the decision day');
  assert.equal(p.reputation.score, 20 - ded[0].points);
});

test('taxi: 20 points reached is 0 and grade B with retraining; never below 0', async () => {
  const reg = await registry();
  const id = await driverId(reg.drivers[0].id);
  const path = `/api/v1/taxi/drivers/${id}/deductions`;
  let r = expectStatus(await post('admin', path, { points: 20, reason: '伪造票据' }), 201).json;
  assert.equal(r.reputation.score, 0);
  assert.equal(r.reputation.grade.grade, 'B');
  assert.equal(r.reputation.grade.measure, 'retraining');
  r = expectStatus(await post('admin', path, { points: 5, reason: '再次违规' }), 201).json;
  assert.equal(r.reputation.score, 0, 'never below 0');
  assert.equal(r.reputation.deducted, 25);
  const company = await getOk('officer', `/api/v1/taxi/companies/${(await getOk('officer', `/api/v1/taxi/drivers/${id}`)).company.id}`);
  assert.ok(company.standing.B >= 1, 'the company\'s standing counts the driver at B');
});
