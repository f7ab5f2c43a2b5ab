// The cases module in the browser: penalty cases (行政处罚案件). The list
// with each case's next step and days left, a case's page with its
// timeline, deadlines, documents and the acts the procedure allows now,
// and a case opened on the spot (a detection's page opens one from the
// detection: web/overlimit/detail.js, with openForm() of ./open.js).
import strings from './strings.js';
import * as list from './list.js';
import * as casePage from './case.js';
import * as open from './open.js';
import * as review from './review.js';
import * as repeat from './repeat.js';

export { strings };

// The pages' own style sheet, linked once when the module loads.
if (!document.querySelector('link[data-cases]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/cases/cases.css';
  link.dataset.cases = '1';
  document.head.append(link);
}

// '/cases/new' before '/cases/{}', which would take it too.
export const pages = [
  { id: 'cases', route: '/cases', page: list, needs: { method: 'GET', path: '/api/v1/cases' }, nav: { label: 'nav.cases', order: 32 } },
  { id: 'case-new', route: '/cases/new', page: open, needs: { method: 'POST', path: '/api/v1/cases' }, current: 'cases' },
  { id: 'case', route: '/cases/{}', page: casePage, needs: { method: 'GET', path: '/api/v1/cases/{}' }, current: 'cases' },
  { id: 'repeat-offenders', route: '/repeat-offenders', page: repeat, needs: { method: 'GET', path: '/api/v1/repeat-offenders' }, nav: { label: 'nav.repeat', order: 33 } },
  { id: 'reviews', route: '/reviews', page: review, needs: { method: 'GET', path: '/api/v1/reviews' }, nav: { label: 'nav.reviews', order: 34 } },
  { id: 'review', route: '/reviews/{}', page: review, needs: { method: 'GET', path: '/api/v1/reviews/{}' }, current: 'reviews' },
];
