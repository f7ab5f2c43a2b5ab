// One address holds connections open, as slow clients do (a byte on
// connecting, one every 20 s after: the server's timeout counts from the
// last byte), more than the server takes in all; meanwhile another
// address must still be answered. The server keeps a quarter of its
// connections for any one address (src/base/http.c); without that, 4 200
// connections from one address left no room for anyone.
//
// Usage: node bench/soak/hog.mjs URL N [FROM]   (FROM: 127.0.0.2)
// Prints "ok - ..." or "not ok - ..." and a "# ..." line of figures; exit
// status 1 when another address was not answered.
import net from 'node:net';
import http from 'node:http';

const url = new URL(process.argv[2]);
const n = Number(process.argv[3] || 4200);
const from = process.argv[4] || '127.0.0.2';
const port = Number(url.port);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const socks = [];
let connected = 0;
let closedByServer = 0;
let failed = 0;
let stopping = false;
for (let i = 0; i < n; i++) {
  let s;
  try {
    s = net.connect({ host: url.hostname, port, localAddress: from });
  } catch {
    failed++;
    break;
  }
  s.on('error', () => {});
  s.on('connect', () => {
    connected++;
    s.write('G');
  });
  s.on('close', () => {
    if (!stopping) closedByServer++;
  });
  socks.push(s);
  if (i % 200 === 199) await sleep(50);
}
const drip = setInterval(() => socks.forEach((s) => !s.destroyed && s.write('E')), 20000);
await sleep(3000);
const held = socks.filter((s) => !s.destroyed).length;

function probe() {
  return new Promise((resolve) => {
    const t = performance.now();
    const rq = http.request({ host: url.hostname, port, path: '/healthz', agent: false, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t }));
    });
    rq.on('timeout', () => {
      rq.destroy();
      resolve({ status: 'timeout', ms: null });
    });
    rq.on('error', (e) => resolve({ status: e.code, ms: null }));
    rq.end();
  });
}
const probes = [];
for (let i = 0; i < 10; i++) probes.push(await probe());
clearInterval(drip);
stopping = true;
socks.forEach((s) => s.destroy());

const answered = probes.filter((p) => p.status === 200).length;
const slowest = Math.max(...probes.map((p) => p.ms ?? Infinity));
console.log(`# ${from} opened ${socks.length} connections (${connected} connected, ${failed} not made here), the server held ${held} and closed ${closedByServer}; probes from ${url.hostname}: ${probes.map((p) => p.status).join(' ')}`);
const good = answered === probes.length;
console.log(`${good ? 'ok' : 'not ok'} - while ${from} holds ${held} connections open, ${url.hostname} is answered (${answered} of ${probes.length} new connections 200, slowest ${Number.isFinite(slowest) ? slowest.toFixed(0) + ' ms' : 'not answered'})`);
process.exit(good ? 0 : 1);
