// The export buttons of a list: exporter({kind, filter, direct, total,
// listPath}) → an element to put where the buttons go.
//
//   kind      the background export's kind (POST /api/v1/exports): 'detections'
//   filter    the list's filter, {site: 'R01', ...} (empty values left out)
//   direct    the direct exports' paths, {csv: '/api/v1/detections.csv', xlsx: ...};
//             their links keep the data-testid export-csv and export-xlsx
//   labels    the direct links' words, {csv: 'det.export_csv', xlsx: ...} (keys)
//   total     the rows the filter matches, when the page knows it; else
//   listPath  the list to ask it of (GET listPath?filter&limit=1 → total)
//
// Up to the server's cap (export_direct_max, from GET /api/v1/exports) the
// links download the file directly (fetched first: a refusal is worded
// beside them, see directDownload). Over it a notice
// says the direct file is capped, and 后台导出全部 queues a background
// export (a long export must not hold a request), shows its progress
// (GET /api/v1/exports/{id} about once a second) and then its download
// link. The element's setTotal(n) updates the total when the page learns
// it later (a list's first load).
import { get, post, query, download } from './api.js';
import { t } from './i18n.js';
import { h, clear, errorNotice, notice } from './dom.js';
import * as fmt from './format.js';

// The cap, asked once per page load.
let capPromise = null;
export function directMax() {
  capPromise ??= get('/api/v1/exports').then((a) => a.direct_max, (err) => { capPromise = null; throw err; });
  return capPromise;
}

// The rows an XLSX sheet holds: more go to a CSV.
const XLSX_MAX_ROWS = 1048575;

// A job's progress while it runs: a bar, rows of total.
function progressView(job) {
  const total = job.total ?? 0;
  return h('div', { class: 'export-progress', 'data-testid': 'export-progress', dataset: { state: job.state } },
    h('progress', { max: Math.max(total, 1), value: job.total === null ? null : job.rows, 'aria-label': t('export.progress') }),
    ' ',
    h('span', null, job.state === 'queued' ? t('export.queued')
      : t('export.running', { rows: fmt.int(job.rows), total: job.total === null ? '…' : fmt.int(job.total) })));
}

// What became of a job: its download link, or why it failed.
// (named: the link says the file's name too).
export function jobResult(job, testid = 'export-download', named = true) {
  if (job.state === 'done') {
    return h('a', { class: 'btn btn-primary', href: `/api/v1/exports/${encodeURIComponent(job.id)}/file`, download: job.file_name, 'data-testid': testid },
      t('export.download'), named ? [' ', h('span', { 'data-raw': '' }, job.file_name)] : null);
  }
  if (job.state === 'failed') {
    return errorNotice({ code: 'unknown', reason: job.error_reason || 'unknown', args: {} });
  }
  if (job.state === 'expired') return h('span', { class: 'muted' }, t('export.expired'));
  return progressView(job);
}

// Polls job id about once a second into box until it is done or failed;
// stops when box leaves the page.
async function follow(box, id) {
  for (;;) {
    let job;
    try {
      job = await get(`/api/v1/exports/${encodeURIComponent(id)}`);
    } catch (err) {
      clear(box).append(errorNotice(err));
      return;
    }
    clear(box).append(job.state === 'done'
      ? notice('ok', [t('export.done', { rows: fmt.int(job.rows) }), ' ', jobResult(job)], 'export-done')
      : jobResult(job));
    if (job.state !== 'queued' && job.state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (!box.isConnected) return;
  }
}

// A direct link's click: the file is fetched first, so that a refusal
// (too many exports being written) is said in words beside the link, not
// left to the browser's download bar; then saved under the server's name.
// A click with a modifier key (a new tab, save as) is the browser's.
async function directDownload(ev, link, status) {
  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  if (link.getAttribute('aria-busy') === 'true') return;
  link.setAttribute('aria-busy', 'true');
  clear(status);
  try {
    const { blob, name } = await download(link.href);
    const url = URL.createObjectURL(blob);
    const save = h('a', { href: url, download: name || '' });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (err) {
    status.append(errorNotice(err));
  } finally {
    link.removeAttribute('aria-busy');
  }
}

export function exporter({ kind, filter, direct, labels = {}, total = null, listPath = null }) {
  const q = query(filter);
  const directStatus = h('div', { class: 'export-status', 'data-testid': 'export-direct-status', 'aria-live': 'polite' });
  const links = ['csv', 'xlsx'].map((format) => {
    const link = h('a', {
      class: 'btn',
      href: q ? `${direct[format]}?${q}` : direct[format],
      download: '',
      'data-testid': `export-${format}`,
      onclick: (ev) => directDownload(ev, link, directStatus),
    }, t(labels[format] || `export.direct_${format}`));
    return link;
  });
  const over = h('div', { class: 'exporter-over', 'data-testid': 'export-over' });
  const el = h('span', { class: 'exporter', 'data-testid': 'exporter' }, links, directStatus, over);
  over.hidden = true;

  // Over the cap: the notice, the format and the button.
  async function show(n) {
    let cap;
    try {
      cap = await directMax();
    } catch {
      return; /* the links still work */
    }
    el.dataset.total = n;
    el.dataset.cap = cap;
    if (n === null || n === undefined || n <= cap) {
      over.hidden = true;
      clear(over);
      return;
    }
    const format = h('select', { 'data-testid': 'export-format', 'aria-label': t('export.format') },
      h('option', { value: 'xlsx', selected: n <= XLSX_MAX_ROWS }, 'Excel'),
      h('option', { value: 'csv', selected: n > XLSX_MAX_ROWS }, 'CSV'));
    const status = h('div', { class: 'export-status', 'data-testid': 'export-status' });
    const start = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'export-background', onclick: async () => {
      start.disabled = true;
      clear(status);
      try {
        const job = await post('/api/v1/exports', { kind, format: format.value, query: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== '' && v !== null && v !== undefined)) });
        status.append(jobResult(job));
        await follow(status, job.id);
      } catch (err) {
        status.append(errorNotice(err));
      }
      start.disabled = false;
    } }, t('export.background'));
    clear(over).append(notice('info', [
      h('span', { 'data-testid': 'export-capped' }, t('export.capped', { total: fmt.int(n), cap: fmt.int(cap) })), ' ',
      h('a', { href: '#/exports' }, t('export.mine')),
    ], 'export-notice'),
    h('div', { class: 'actions' }, format, start), status);
    over.hidden = false;
  }

  el.setTotal = (n) => show(n);
  if (total !== null && total !== undefined) show(total);
  else if (listPath) {
    get(listPath, { ...filter, limit: 1 }).then((a) => show(a.total), () => {});
  }
  return el;
}
