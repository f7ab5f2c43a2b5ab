// Last of all: the audit chain is intact after everything the suite did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cfg } from '../../lib/config.mjs';

test('audit: `sunroad audit verify` holds after everything the API did', async () => {
  let out;
  try {
    out = execFileSync(cfg.sunroad, ['audit', 'verify', '--db', cfg.db], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    assert.fail(`audit verify exited ${err.status}: ${err.stdout}${err.stderr}`);
  }
  assert.match(out, /intact/);
});
