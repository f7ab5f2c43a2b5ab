// What the taxi tests share: a small registry imported once through the
// command line (`sunroad taxi import` on the server's database), with
// numbers whose check characters are computed here by their algorithms
// (GB 11643 for ID numbers, GB 32100 and GB 11714 for credit codes), and
// days around today, so that the current reputation cycle is known.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { cfg } from '../../lib/config.mjs';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const idNumber = (d17) => d17 + '10X98765432'[[...d17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0) % 11];

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function orgCheck(body8) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const c = 11 - ([...body8].reduce((s, ch, i) => s + parseInt(ch, 36) * w[i], 0) % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
export function creditCode(region, org8) {
  const s = `91${region}${org8}${orgCheck(org8)}`;
  return s + ALPHABET[(31 - ([...s].reduce((t, ch, i) => t + ALPHABET.indexOf(ch) * CODE_WEIGHTS[i], 0) % 31)) % 31];
}

// YYYY-MM-DD of today + n days, local (UTC+08:00) as the server counts.
export function dayFrom(n) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + n * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

const tag = String(Date.now() % 10000).padStart(4, '0');
export const TAG = tag;

let made = null;

// The registry: two companies, three vehicles, three drivers (the first
// with two training records), imported once into db by the binary
// sunroad (the suite's own by default); → {companies, drivers, plates}.
export async function registry({ sunroad = cfg.sunroad, db = cfg.db } = {}) {
  if (made) return made;
  const companies = [
    { code: creditCode('150602', `7${tag}001`), name: `测试顺达出租汽车有限公司${tag}` },
    { code: creditCode('150603', `7${tag}002`), name: `测试安通出租汽车有限公司${tag}` },
  ];
  const plates = [`蒙KT${tag}`, `蒙KD${tag}1`, `蒙KD${tag}2`];
  const first = dayFrom(-400);
  const drivers = [
    { id: idNumber(`15060219800101${tag.slice(0, 3)}`), name: '测试张建军', phone: '13912345678', plate: plates[0], company: 0 },
    { id: idNumber(`15060219900512${tag.slice(1, 4)}`), name: '测试李志强', phone: '04778123456', plate: plates[1], company: 1 },
    { id: idNumber(`15062719751230${tag.slice(0, 3)}`), name: '测试王海龙', phone: '13812345678', plate: plates[2], company: 0 },
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunroad-taxi-'));
  const write = (name, lines) => fs.writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  write('companies.csv', ['credit_code,name', ...companies.map((c) => `${c.code},${c.name}`)]);
  write('vehicles.csv', ['plate,permit_no,company', ...plates.map((p, i) => `${p},15060020${tag}${i},${companies[i === 1 ? 1 : 0].code}`)]);
  write('drivers.csv', ['certificate_no,name,id_number,valid_from,valid_to,company,phone,plate,first_qualified',
    ...drivers.map((d) => `${d.id},${d.name},${d.id},${first},${dayFrom(1800)},${companies[d.company].code},${d.phone},${d.plate},${first}`)]);
  write('training.csv', ['certificate_no,day,hours,topic', `${drivers[0].id},${dayFrom(-30)},4,职业道德与文明服务`, `${drivers[0].id},${dayFrom(-200)},2,安全行车与应急处置`]);
  for (const kind of ['companies', 'vehicles', 'drivers', 'training']) {
    execFileSync(sunroad, ['taxi', 'import', '--db', db, kind, path.join(dir, `${kind}.csv`)], { cwd: cfg.top, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  made = { companies, drivers, plates, first };
  return made;
}
