// Quarantined records for the tests of the quarantine's actions: records
// of a device's site posted with a time that cannot be read, which the
// feed quarantines; answers [{id, record}] (the record as it was meant).
import assert from 'node:assert/strict';
import { show, expectStatus, allItems } from '../../lib/http.mjs';
import { record, feed } from './data.mjs';

export async function quarantined(dev, n, { over = false } = {}) {
  const meant = Array.from({ length: n }, () => record(dev.site, { over, day: '2024-03-05' }));
  const sent = meant.map((r) => ({ ...r, passed_at: 'yesterday afternoon' }));
  const res = expectStatus(await feed(dev.key, sent), 200);
  assert.equal(res.json.quarantined, n, show(res));
  const rows = await allItems('admin', '/api/v1/quarantine?state=open');
  return meant.map((rec) => {
    const row = rows.find((q) => q.raw.includes(`"seq":${rec.seq},`));
    assert.ok(row, `record ${rec.seq} is in the quarantine`);
    return { id: row.id, record: rec, row };
  });
}
