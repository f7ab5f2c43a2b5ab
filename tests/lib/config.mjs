// The server a suite talks to, from the JSON file named by
// SUNROAD_TEST_CONFIG (tests/api/run.sh and tests/web/run.sh write it):
//
//   {"url", "users": {"admin": {"login","password","unit"}, ...},
//    and whatever else the suite's run.sh knows: "db", "sunroad", "top",
//    "sites_csv", "report", "keys", "session_idle_s", ...}
//
// By hand, without a file: SUNROAD_URL, SUNROAD_LOGIN and SUNROAD_PASSWORD
// (an admin) make {"url", "users": {"admin": ...}}.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function load() {
  const file = process.env.SUNROAD_TEST_CONFIG;
  if (file) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const { SUNROAD_URL: url, SUNROAD_LOGIN: login, SUNROAD_PASSWORD: password } = process.env;
  if (!url || !login || !password) {
    throw new Error('set SUNROAD_TEST_CONFIG, or SUNROAD_URL, SUNROAD_LOGIN and SUNROAD_PASSWORD (tests/*/run.sh do)');
  }
  return { url, users: { admin: { login, password } } };
}

export const cfg = load();
cfg.top ??= path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = cfg.url.replace(/\/$/, '');
