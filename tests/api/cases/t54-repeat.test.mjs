// 条例 Art.66: in any 365 days, a vehicle or a driver with more than three
// punished over-limit acts, a carrier whose over-limit vehicles exceed
// 10 % of its fleet — from the decided cases, with the measure to take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getOk, get, expectReason } from '../../lib/http.mjs';
import { onSiteCase, actOk } from './cases.mjs';

const tag = String(Date.now() % 100000).padStart(5, '0');
const driver = { name: '李四', licence: `1501${tag}0001` };
const bigCarrier = { name: '大车队运输有限公司', credit_code: '91350100M000100Y43', fleet: 20 };

// A decided over-limit case of plate on day (notified that day, decided
// after the statement period).
async function decided(plate, day, carrier = bigCarrier) {
  const c = await onSiteCase(1000, { occurred_at: `${day}T09:00:00+08:00`, on: day, vehicle: { plate, color: 'yellow', driver, carrier } });
  await actOk(c.id, 'notify', day);
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 10);
  await actOk(c.id, 'decide', d.toISOString().slice(0, 10), { fine_yuan: 1000 });
  return c;
}

test('repeat offenders: the fourth decided act in 365 days flags the vehicle and its driver', async () => {
  const plate = `蒙K${tag.slice(0, 4)}8`;
  for (const day of ['2024-01-10', '2024-04-10', '2024-07-10']) await decided(plate, day);
  let r = await getOk('chief', '/api/v1/repeat-offenders?on=2024-12-31');
  assert.ok(!r.vehicles.some((v) => v.plate === plate), 'three acts: not yet');
  assert.equal(r.from, '2024-01-02', '365 days ending on the last day of a leap year');
  assert.match(r.citation, /第六十六条/);
  await decided(plate, '2024-10-10');
  r = await getOk('chief', '/api/v1/repeat-offenders?on=2024-12-31');
  const v = r.vehicles.find((x) => x.plate === plate);
  assert.ok(v, 'four acts: flagged');
  assert.equal(v.count, 4);
  assert.equal(v.recommendation, 'revoke_vehicle_permit');
  assert.equal(v.cases.length, 4);
  // The driver's number is a resident ID: masked, the first 6 and last 4 shown.
  const shown = driver.licence.slice(0, 6) + '*'.repeat(driver.licence.length - 10) + driver.licence.slice(-4);
  const dr = r.drivers.find((x) => x.licence === shown);
  assert.ok(dr && dr.recommendation === 'stop_driver', 'the driver too');
  assert.ok(!JSON.stringify(r).includes(driver.licence), 'never whole');
  assert.deepEqual(v.case_ids.length, 4, 'each case number with its id');
  assert.equal((await getOk('chief', `/api/v1/cases/${v.case_ids[3]}`)).number, v.cases[3]);
  // A year that ends before the fourth act, or starts after the first: three.
  r = await getOk('chief', '/api/v1/repeat-offenders?on=2024-10-09');
  assert.ok(!r.vehicles.some((x) => x.plate === plate));
  r = await getOk('chief', '/api/v1/repeat-offenders?on=2025-01-09');
  assert.equal(r.from, '2024-01-11');
  assert.ok(!r.vehicles.some((x) => x.plate === plate), 'the window 2024-01-11 to 2025-01-09 holds three');
  r = await getOk('chief', '/api/v1/repeat-offenders?on=2025-01-08');
  assert.ok(r.vehicles.some((x) => x.plate === plate), 'ending 2025-01-08 the window starts 2024-01-10: four again');
  // Twenty vehicles: one of them is 5 %, not over 10 %.
  assert.ok(!r.carriers.some((c) => c.credit_code === bigCarrier.credit_code));
});

test('repeat offenders: a carrier over 10 % of its fleet; a bad day refused', async () => {
  const small = { name: '小车队运输有限公司', credit_code: '91110000802100433B', fleet: 5 };
  await decided(`蒙K${tag.slice(0, 4)}7`, '2024-05-05', small);
  const r = await getOk('chief', '/api/v1/repeat-offenders?on=2024-12-31');
  const c = r.carriers.find((x) => x.credit_code === small.credit_code);
  assert.ok(c, 'one vehicle of five: 20 %');
  assert.equal(c.share_bp, 2000);
  assert.equal(c.recommendation, 'suspend_carrier');
  expectReason(await get('chief', '/api/v1/repeat-offenders?on=someday'), 422, 'invalid', 'date_invalid');
});
