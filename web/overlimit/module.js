// The over-limit module in the browser: the dashboard, the detections and
// their verdicts, the screening queue, the quarantine and the sites
// (web/base/module.js describes the shape).
import strings from './strings.js';
import * as dashboard from './dashboard.js';
import * as detections from './detections.js';
import * as detail from './detail.js';
import * as screening from './screening.js';
import * as quarantine from './quarantine.js';
import * as sites from './sites.js';
import * as status from './status.js';

export { strings };

const GET = (path) => ({ method: 'GET', path });

export const pages = [
  { id: 'dashboard', route: '/dashboard', page: dashboard, needs: GET('/api/v1/stats/overlimit'), nav: { label: 'nav.dashboard', order: 10 } },
  { id: 'detections', route: '/detections', page: detections, needs: GET('/api/v1/detections'), nav: { label: 'nav.detections', order: 20 } },
  { id: 'detection', route: '/detections/{}', page: detail, needs: GET('/api/v1/detections/{}'), current: 'detections' },
  { id: 'screening', route: '/screening', page: screening, needs: GET('/api/v1/screening'), nav: { label: 'nav.screening', order: 30 } },
  { id: 'screen', route: '/screening/{}', page: screening, needs: { method: 'POST', path: '/api/v1/screening/{}' }, current: 'screening' },
  { id: 'quarantine', route: '/quarantine', page: quarantine, needs: GET('/api/v1/quarantine'), nav: { label: 'nav.quarantine', order: 40 } },
  { id: 'site-status', route: '/site-status', page: status, needs: GET('/api/v1/sites'), nav: { label: 'nav.site_status', order: 45 } },
  { id: 'sites', route: '/sites', page: sites, needs: GET('/api/v1/sites'), nav: { label: 'nav.sites', order: 50 } },
];
