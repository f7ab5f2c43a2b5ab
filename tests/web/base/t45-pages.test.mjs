// Base's own pages: the audit log and the password page.
import { describe, it } from 'node:test';
import { shot, go, assertNoErrorShown } from '../../lib/browser.mjs';

describe('sunroad in the browser: audit log and password', () => {
  it('shows the audit log and the password page without errors', async () => {
    const pages = [
      ['#/audit', '[data-testid="audit-table"]', 'audit.png'],
      ['#/password', '[data-testid="password-form"]', 'password-page.png'],
    ];
    for (const [hash, selector, file] of pages) {
      await go(hash, selector);
      await assertNoErrorShown(hash);
      await shot(file);
    }
  });
});
