// Last of all: no uncaught error and no CSP violation on any page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problems } from '../../lib/browser.mjs';

describe('sunroad in the browser: no problems', () => {
  it('raised no page error and no CSP violation', () => {
    assert.deepEqual(problems, []);
  });
});
