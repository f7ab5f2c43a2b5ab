// The taxi registry and the complaint desk: a ticket about a registered
// taxi counts on its company and shows on its driver's page, newest first;
// a merged one counts once, in the ticket that answers for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { post, getOk, expectStatus, allItems } from '../../lib/http.mjs';
import { registry } from './taxi.mjs';

test('taxi: the complaint tickets about a driver\'s vehicle, on the driver and the company', async () => {
  const r = await registry();
  const driver = (await allItems('admin', `/api/v1/taxi/drivers?q=${encodeURIComponent(r.plates[0])}`))[0];
  assert.ok(driver, 'the driver of the plate');
  const before = await getOk('admin', `/api/v1/taxi/drivers/${driver.id}`);
  const company = before.company.id;
  const countOf = async () => (await getOk('admin', `/api/v1/taxi/companies/${company}`)).complaints;
  const companyBefore = await countOf();
  const receive = async (at, phone, channel = '12345') => expectStatus(await post('admin', '/api/v1/tickets', {
    channel, kind: 'complaint', category: '拒载', received_at: at, caller: { name: '乘客', phone },
    subject: { kind: 'taxi_vehicle', plate: r.plates[0] }, text: '拒载',
  }), 201).json;
  const first = await receive('2024-05-06T09:00:00+08:00', '13900001111');
  const second = await receive('2024-05-07T09:00:00+08:00', '13900002222');
  const again = await receive('2024-05-07T09:30:00+08:00', '13900002222', '12328');
  expectStatus(await post('admin', `/api/v1/tickets/${again.id}/events`, { type: 'merge', into: second.id, at: '2024-05-07T09:40:00+08:00' }), 200);
  const after = await getOk('admin', `/api/v1/taxi/drivers/${driver.id}`);
  assert.equal(after.complaints.total, before.complaints.total + 2, 'two tickets; the merged one counts in the other');
  assert.deepEqual(after.complaints.items.slice(0, 2).map((x) => x.id), [second.id, first.id], 'newest first');
  assert.equal(after.complaints.items[0].category_name, '拒载');
  assert.equal(await countOf(), companyBefore + 2);
  const listed = (await allItems('admin', '/api/v1/taxi/companies')).find((c) => c.id === company);
  assert.equal(listed.complaints, companyBefore + 2, 'and in the list');
  // The rate per 100 vehicles, to a tenth, on the page and in the list.
  const page = await getOk('admin', `/api/v1/taxi/companies/${company}`);
  assert.ok(page.vehicles > 0);
  assert.equal(page.complaints_per_100_vehicles, Math.round((page.complaints * 1000) / page.vehicles) / 10);
  assert.equal(listed.complaints_per_100_vehicles, page.complaints_per_100_vehicles);
});
