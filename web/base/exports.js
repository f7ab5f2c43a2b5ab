// #/exports (我的导出): the caller's background exports, newest first
// (GET /api/v1/exports): the file's name (its filter and day), the
// format, the state, the rows written of the total, when it was asked for
// and finished, and the download link once done. While a job is queued or
// running the list is asked again about once a second.
import { get, items } from './api.js';
import { t, tv } from './i18n.js';
import { h, table, errorNotice } from './dom.js';
import * as fmt from './format.js';
import { jobResult } from './exporter.js';

const STATE_BADGE = { queued: 'badge-muted', running: 'badge-warn', done: 'badge-ok', failed: 'badge-bad', expired: 'badge-muted' };

const rowsText = (job) => (job.total === null || job.state === 'done' ? fmt.int(job.rows) : `${fmt.int(job.rows)} / ${fmt.int(job.total)}`);

function jobsTable(jobs) {
  const columns = [
    { key: 'file_name', label: t('export.file'), cell: (j) => h('span', { 'data-raw': '' }, j.file_name) },
    { key: 'format', label: t('export.format'), cell: (j) => (j.format === 'xlsx' ? 'Excel' : 'CSV') },
    { key: 'state', label: t('export.state'), cell: (j) => h('span', { class: `badge ${STATE_BADGE[j.state] || 'badge-muted'}`, 'data-testid': 'export-state', dataset: { state: j.state } }, tv('export.state', j.state)) },
    { key: 'rows', label: t('export.rows'), class: 'num', cell: rowsText },
    { key: 'created_at', label: t('export.created_at'), cell: (j) => fmt.instant(j.created_at) },
    { key: 'finished_at', label: t('export.finished_at'), cell: (j) => fmt.instant(j.finished_at) },
    { key: 'file', label: t('export.file_link'), cell: (j) => jobResult(j, 'export-file', false) },
  ];
  return table(columns, jobs, { testid: 'exports-table', cards: true, rowProps: (j) => ({ dataset: { id: j.id, state: j.state } }) });
}

export async function render(view) {
  const list = h('section', { class: 'card', 'data-testid': 'exports-list' });
  view.append(h('h1', null, t('export.title')), h('p', { class: 'hint' }, t('export.hint')), list);
  let timer = null;
  let keepDays = 7;
  async function load() {
    timer = null;
    let answer;
    try {
      answer = await get('/api/v1/exports');
    } catch (err) {
      list.replaceChildren(errorNotice(err));
      return;
    }
    keepDays = answer.keep_days ?? keepDays;
    const jobs = items(answer);
    list.replaceChildren(jobs.length
      ? jobsTable(jobs)
      : h('p', { class: 'empty', 'data-testid': 'exports-empty' }, t('export.none')),
    h('p', { class: 'hint' }, t('export.kept', { days: keepDays })));
    if (jobs.some((j) => j.state === 'queued' || j.state === 'running') && list.isConnected) timer = setTimeout(load, 1000);
  }
  await load();
  return () => { if (timer) clearTimeout(timer); };
}
