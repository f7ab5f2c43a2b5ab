// #/sites: the site registry with each site's verification certificate
// (calibration) and liveness (GET /api/v1/sites). Whoever may call
// POST /api/v1/sites/{code}/key (the server says who) can issue a new
// device key there; the key is shown once.
import { get, post, items } from '../base/api.js';
import { t, tv } from '../base/i18n.js';
import { h, secretBox, errorNotice } from '../base/dom.js';
import { sortTable } from '../base/sorttable.js';
import * as fmt from '../base/format.js';
import { calibration, liveness } from './badges.js';
import { allowed } from '../base/session.js';
import { units, unitNamer } from './units.js';

const NEW_KEY = { method: 'POST', path: '/api/v1/sites/{}/key' };

// The sites table; unitName(code) names a site's unit (units.js);
// actions(site) adds a last column when given.
function sitesTable(sites, { unitName, actions } = {}) {
  const columns = [
    { key: 'code', label: t('site.code'), cell: (s) => s.code },
    { key: 'name', label: t('site.name'), cell: (s) => s.name },
    { key: 'kind', label: t('site.kind'), cell: (s) => tv('site.kind', s.kind) },
    { key: 'road', label: t('site.road'), cell: (s) => s.road },
    { key: 'km', label: t('site.km'), class: 'num', cell: (s) => s.km, value: (s) => Number(s.km) || 0 },
    { key: 'unit', label: t('site.unit'), cell: (s) => unitName(s.unit) },
    { key: 'accuracy_class', label: t('site.accuracy_class'), class: 'num', cell: (s) => s.accuracy_class },
    { key: 'cert_no', label: t('site.cert_no'), cell: (s) => s.cert_no },
    // On two lines, so that the table fits an office screen with its actions.
    { key: 'cert_valid', label: t('site.cert_valid'), cell: (s) => h('span', null, `${fmt.date(s.cert_valid_from)} ~`, h('br'), fmt.date(s.cert_valid_to)), value: (s) => s.cert_valid_to || '' },
    { key: 'calibration', label: t('site.calibration'), cell: calibration, value: (s) => calibration(s).textContent },
    { key: 'last_seen', label: t('site.last_seen'), cell: (s) => fmt.instant(s.last_seen_at), value: (s) => s.last_seen_at || '' },
    { key: 'liveness', label: t('site.liveness'), cell: liveness, value: (s) => liveness(s).textContent },
    actions && { key: 'actions', label: t('sites.actions'), cell: actions, sortable: false },
  ].filter(Boolean);
  return sortTable(columns, sites, {
    testid: 'sites-table',
    sortKey: 'code',
    desc: false,
    cards: true,
    rowProps: (s) => ({ dataset: { site: s.code }, class: s.cert_expired || s.silent ? 'row-alert' : null }),
  });
}

export async function render(view) {
  view.append(h('h1', null, t('sites.title')));
  const message = h('div', { class: 'form-message', 'data-testid': 'sites-message' });
  view.append(message);
  const [sites, unitList] = await Promise.all([get('/api/v1/sites').then(items), units()]);

  // A new device key for one site, after a confirmation.
  const keyButton = (site) => h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `new-key-${site.code}`, onclick: async () => {
    if (!window.confirm(t('sites.key_confirm', { code: site.code }))) return;
    message.replaceChildren();
    try {
      const res = await post(`/api/v1/sites/${encodeURIComponent(site.code)}/key`, {});
      message.append(secretBox(t('sites.key_shown_once', { code: res.site || site.code }), res.key, 'site-key'));
      message.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      message.append(errorNotice(err));
    }
  } }, t('sites.new_key'));

  view.append(h('section', { class: 'card' },
    h('p', { class: 'page-total', 'data-testid': 'list-total', dataset: { total: sites.length } }, t('page.total', { n: sites.length })),
    sitesTable(sites, { unitName: unitNamer(unitList), actions: allowed(NEW_KEY) ? keyButton : undefined })));
}
