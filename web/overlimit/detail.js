// #/detections/ID: one record (GET /api/v1/detections/{id}) and its verdict
// explained: the limit, the measurement error, the judged mass, the excess,
// the fine, the arithmetic line by line and the articles it rests on.
// detectionView() is shared with the screening page.
import { get, items } from '../base/api.js';
import { t, tv, lang } from '../base/i18n.js';
import { h } from '../base/dom.js';
import { allowed } from '../base/session.js';
import * as fmt from '../base/format.js';
import { verdict, screening, badge } from './badges.js';
import { plateCell, fineCell } from './detections.js';

// A definition list from [label, value, testid] rows; null rows are
// skipped. The screening desk's summary uses it too.
export function facts(rows, testid) {
  return h('dl', { class: 'facts', 'data-testid': testid },
    rows.filter(Boolean).map(([label, value, id]) => [h('dt', null, label), h('dd', { 'data-testid': id }, value)]));
}

// '49,000 kg (49.00 t)': the law speaks in kg, people in tonnes.
function mass(kg) {
  if (kg === null || kg === undefined) return t('common.none');
  return `${fmt.int(kg)} kg (${fmt.tonnes(kg)} t)`;
}

// One evidence photo: the image (opens full size), its kind and its hash,
// the name it is kept under. Each view of it is audited by the server.
function photo(p) {
  const label = tv('photo.kind', p.kind || 'none');
  return h('li', { class: 'photo', dataset: { index: p.index } },
    h('a', { href: p.url, target: '_blank', rel: 'noopener' },
      h('img', { src: p.url, alt: label, loading: 'lazy', width: 320, height: 180 })),
    h('span', { class: 'photo-caption' }, label, ' ', h('code', { title: p.sha256 }, `${p.sha256.slice(0, 12)}…`)));
}

// '8,500.00 元'; a dash for none.
export function money(fen) {
  if (fen === null || fen === undefined) return t('common.none');
  return `${fmt.yuan(fen)} ${t('unit.yuan')}`;
}

function size(d) {
  const part = (v) => (v ? fmt.int(v) : t('common.none'));
  return `${part(d.length_mm)} × ${part(d.width_mm)} × ${part(d.height_mm)}`;
}

function recordSection(d) {
  return h('section', { class: 'card' }, h('h2', null, t('detail.record')), facts([
    [t('detail.id'), String(d.id), 'detail-id'],
    [t('detail.site'), `${d.site} ${d.site_name || ''}`, 'detail-site'],
    [t('detail.seq'), String(d.seq)],
    [t('det.passed_at'), fmt.instant(d.passed_at)],
    [t('det.plate'), plateCell(d), 'detail-plate'],
    [t('det.kind'), tv('kind', d.kind)],
    [t('det.axles'), String(d.axles)],
    [t('detail.axle_kg'), (d.axle_kg || []).map(fmt.int).join(' / ') || t('common.none')],
    [t('detail.single_drive'), fmt.yesNo(d.single_drive)],
    [t('detail.single_tire_axles'), String(d.single_tire_axles ?? 0)],
    [t('detail.size'), size(d)],
    [t('detail.speed'), d.speed_kmh ?? t('common.none')],
    [t('detail.lane'), d.lane ?? t('common.none')],
    [t('detail.accuracy_class'), d.accuracy_class ?? t('common.none')],
  ], 'detail-record'));
}

function explainSection(d) {
  const e = d.explain || {};
  const articles = e.articles || [];
  return h('section', { class: 'card explain', 'data-testid': 'explain' },
    h('h2', null, t('detail.explain'), ' ', verdict(d)),
    facts([
      [t('detail.gross'), mass(d.gross_kg), 'explain-gross'],
      [t('detail.error'), `${e.error_pct ?? t('common.none')}%`, 'explain-error'],
      [t('detail.judged'), mass(e.judged_kg ?? d.judged_kg), 'explain-judged'],
      [t('detail.limit'), mass(e.limit_kg ?? d.limit_kg), 'explain-limit'],
      [t('detail.over'), mass(e.over_kg ?? d.over_kg), 'explain-over'],
      e.steps !== undefined && e.steps !== null ? [t('detail.steps'), String(e.steps), 'explain-steps'] : null,
      [t('detail.mass_fine'), money(e.mass_fine_fen), 'explain-mass-fine'],
      [t('detail.size_fine'), money(e.size_fine_fen), 'explain-size-fine'],
      [t('detail.cap'), money(e.cap_fen), 'explain-cap'],
      [t('detail.penalty'), tv('penalty', d.penalty || 'none'), 'explain-penalty'],
      [t('detail.fine'), h('strong', null, money(e.fine_fen ?? d.fine_fen)), 'explain-fine'],
    ], 'explain-facts'),
    h('h3', null, t('detail.arithmetic')),
    h('ol', { class: 'arithmetic', 'data-testid': 'explain-arithmetic' },
      ((lang() === 'en' && e.arithmetic_en) || e.arithmetic || []).map((line) => h('li', null, h('code', null, line)))),
    h('h3', null, t('detail.articles')),
    h('ul', { class: 'articles', 'data-testid': 'explain-articles' },
      articles.map((a) => h('li', { dataset: { article: a.id } },
        h('strong', null, a.title), h('br'), h('span', { class: 'citation' }, a.citation)))));
}

function evidenceSection(d, reasons) {
  const reasonText = (code) => {
    const r = reasons.find((x) => x.code === code);
    return r ? (lang() === 'en' ? r.en : r.zh) : code;
  };
  const dec = d.decision;
  const inadmissible = d.inadmissible_reasons || [];
  return h('section', { class: 'card' },
    h('h2', null, t('detail.admissibility')),
    h('p', { 'data-testid': 'detail-admissible' },
      d.screening === 'dismissed' ? badge('muted', t('detail.admissible_dismissed'), 'admissible-dismissed')
        : d.admissible ? badge('ok', t('detail.admissible_yes')) : badge('bad', t('detail.admissible_no')),
      inadmissible.length ? ` ${inadmissible.map((r) => tv('detail.reason', r)).join(', ')}` : null),
    h('h3', null, t('detail.photos')),
    (d.photos || []).length
      ? h('ul', { class: 'photos', 'data-testid': 'detail-photos' }, d.photos.map(photo))
      : h('p', { class: 'muted', 'data-testid': 'detail-photos' }, t('detail.no_photos')),
    h('h3', null, t('detail.decision'), ' ', screening(d.screening)),
    dec
      ? facts([
        [t('det.screening'), tv('screen', dec.decision === 'confirm' ? 'confirmed' : dec.decision === 'dismiss' ? 'dismissed' : dec.decision)],
        dec.reason ? [t('detail.decision_reason'), reasonText(dec.reason)] : null,
        dec.note ? [t('detail.decision_note'), dec.note] : null,
        [t('detail.decision_by'), dec.by_name ? `${dec.by_name}${dec.by_badge ? `(${t('scr.badge_no', { badge: dec.by_badge })})` : ''}` : dec.by || t('common.none')],
        [t('detail.decision_at'), fmt.instant(dec.at)],
      ], 'detail-decision')
      : h('p', { class: 'muted', 'data-testid': 'detail-decision' }, t('detail.decision_none')));
}

// The whole record, for the detail and the screening pages.
export function detectionView(d, reasons = []) {
  return h('div', { class: 'detail-grid', 'data-testid': 'detection-detail', dataset: { id: d.id } },
    explainSection(d), recordSection(d), evidenceSection(d, reasons));
}

export async function loadReasons() {
  try { return items(await get('/api/v1/screening/reasons')); } catch { return []; }
}

export async function render(view, ctx) {
  const id = ctx.params[0];
  const [d, reasons] = await Promise.all([get(`/api/v1/detections/${encodeURIComponent(id)}`), loadReasons()]);
  const back = ctx.previous && ctx.previous.startsWith('#/detections') ? ctx.previous : '#/detections';
  const opening = h('div', { class: 'open-case-panel', 'data-testid': 'open-case-panel' });
  const openCase = await openCaseButton(d, opening, ctx);
  view.append(
    h('div', { class: 'page-head' },
      h('h1', null, t('detail.title'), ' ', h('span', { class: 'muted' }, d.plate || t('plate.unread'))),
      h('span', { class: 'actions' },
        openCase,
        h('a', { class: 'btn', href: back, 'data-testid': 'detail-back' }, t('detail.back')))),
    h('p', { class: 'summary' }, `${fmt.instant(d.passed_at)} · ${d.site} ${d.site_name || ''} · ${t('det.fine_yuan')}: `, fineCell(d)),
    opening,
    detectionView(d, reasons));
}

// 立案: a detection confirmed by screening and admissible becomes a case;
// the button and its form are the cases module's (web/cases/open.js),
// loaded only for a caller who may open one.
async function openCaseButton(d, panel, ctx) {
  if (d.screening !== 'confirmed' || !d.admissible || !allowed({ method: 'POST', path: '/api/v1/cases' })) return null;
  try {
    return (await import('/cases/open.js')).openCaseButton(ctx, d.id, panel);
  } catch (err) {
    console.error(err);
    return null;
  }
}
