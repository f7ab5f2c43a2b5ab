// Before any device posts: the registry as generated, no site seen yet
// (the feed's tests compare with it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getOk } from '../../lib/http.mjs';
import { allSites, initial } from './data.mjs';

test('set-up: the chief sees every site of the registry, none has posted yet', async () => {
  const sites = await getOk('chief', '/api/v1/sites');
  assert.deepEqual(sites.items.map((s) => s.code).sort(), allSites);
  initial.sites = sites.items;
  for (const s of initial.sites) assert.equal(s.last_seen_at, null, `${s.code} has never posted`);
});
