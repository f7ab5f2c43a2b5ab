// Small coloured labels shared by several pages: a site's calibration and
// liveness, a detection's verdict and screening state.
import { t } from '../base/i18n.js';
import { h } from '../base/dom.js';

export function badge(kind, text, testid) {
  return h('span', { class: `badge badge-${kind}`, 'data-testid': testid }, text);
}

// SITE.cert_expired / cert_expiring (≤ 30 days) → 已过期 / 即将到期 / 有效.
export function calibration(site) {
  if (site.cert_expired) return badge('bad', t('cert.expired'), 'cert-expired');
  if (site.cert_expiring) return badge('warn', t('cert.expiring'), 'cert-expiring');
  return badge('ok', t('cert.valid'), 'cert-valid');
}

// SITE.silent: no record for longer than silent_after_s.
export function liveness(site) {
  if (!site.last_seen_at) return badge(site.silent ? 'bad' : 'muted', t('live.never'), 'live-never');
  if (site.silent) return badge('bad', t('live.silent'), 'live-silent');
  return badge('ok', t('live.ok'), 'live-ok');
}

// A detection's verdict: 超限 (plus 百吨王 / 外廓超限) or 未超限.
export function verdict(d) {
  if (!d.overlimit) return badge('muted', t('verdict.normal'), 'verdict-normal');
  return h('span', { class: 'badges' },
    badge('bad', t('verdict.overlimit'), 'verdict-overlimit'),
    d.ton100 ? badge('dark', t('verdict.ton100'), 'verdict-ton100') : null,
    d.over_size ? badge('warn', t('verdict.over_size'), 'verdict-over-size') : null);
}

export function screening(state) {
  if (!state) return t('screen.none');
  const kind = { pending: 'warn', confirmed: 'ok', dismissed: 'muted' }[state] || 'muted';
  return badge(kind, t(`screen.${state}`), `screening-${state}`);
}
