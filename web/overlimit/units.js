// The units' names for the pages that show a site's unit (the dashboard,
// the site status, the sites, the screening queue's brigade filter):
// GET /api/v1/units once per page, and a function from a unit's code to
// its name.
import { get, items } from '../base/api.js';
import { t } from '../base/i18n.js';

// The units the caller may list; none when it may not (the names then
// fall back to the codes).
export function units() {
  return get('/api/v1/units').then(items).catch(() => []);
}

// code → the unit's name; the code itself for a unit not in the list, a
// dash for none.
export function unitNamer(list) {
  const names = new Map(list.map((u) => [u.code, u.name]));
  return (code) => names.get(code) || code || t('common.none');
}
