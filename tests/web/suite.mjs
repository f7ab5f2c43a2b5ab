// The browser suite: tests/web/<module>/tNN-*.test.mjs in number order, in
// one process (tests/lib/suite.mjs), driving one Chromium page
// (tests/lib/browser.mjs). Run by tests/web/run.sh (which starts a server
// on a fresh database), or by hand against a server with an admin:
//   SUNROAD_URL=http://127.0.0.1:8080 SUNROAD_LOGIN=admin SUNROAD_PASSWORD=... \
//     node --test tests/web/suite.mjs
// SUNROAD_LOGIN must be an admin (every page is visited). If the server asks
// for a new password, SUNROAD_NEW_PASSWORD is set (or one is made up and
// printed).
import path from 'node:path';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openBrowser, closeBrowser } from '../lib/browser.mjs';
import { runSuite } from '../lib/suite.mjs';

before(openBrowser);
after(closeBrowser);
await runSuite(path.dirname(fileURLToPath(import.meta.url)));
