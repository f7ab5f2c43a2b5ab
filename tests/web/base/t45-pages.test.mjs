// Base's own pages: the audit log and the password page.
import { describe, it } from 'node:test';
import { visitPages } from '../../lib/browser.mjs';

describe('sunroad in the browser: audit log and password', () => {
  it('shows the audit log and the password page without errors', async () => {
    await visitPages([
      ['#/audit', '[data-testid="audit-table"]', 'audit.png'],
      ['#/password', '[data-testid="password-form"]', 'password-page.png'],
    ]);
  });
});
