// The taxi module in the browser: the city's taxi registry (巡游出租汽车)
// and drivers' service reputation. The registry (companies; drivers with
// search), a company with its drivers' standing, and a driver's profile
// with the reputation gauge, the deductions, the training and the cases.
// A record's page takes its id in the query (#/taxi/driver?id=12).
import strings from './strings.js';
import * as registry from './registry.js';
import * as company from './company.js';
import * as driver from './driver.js';
import { linkStyle } from './common.js';

export { strings };

linkStyle();

export const pages = [
  { id: 'taxi', route: '/taxi', page: { render: registry.renderCompanies }, needs: { method: 'GET', path: '/api/v1/taxi/companies' }, nav: { label: 'nav.taxi', order: 38 } },
  { id: 'taxi-drivers', route: '/taxi/drivers', page: { render: registry.renderDrivers }, needs: { method: 'GET', path: '/api/v1/taxi/drivers' }, current: 'taxi' },
  { id: 'taxi-company', route: '/taxi/company', page: company, needs: { method: 'GET', path: '/api/v1/taxi/companies/{}' }, current: 'taxi' },
  { id: 'taxi-driver', route: '/taxi/driver', page: driver, needs: { method: 'GET', path: '/api/v1/taxi/drivers/{}' }, current: 'taxi' },
];
