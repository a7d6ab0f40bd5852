// The monitor's report form. It works offline: pressing "Save" keeps the report on the
// device first (outbox.js, IndexedDB) with a clientReportId made here, then tries to send
// it; what cannot be sent now goes out when the device is back online. The position comes
// from the device's GPS with its accuracy (or is typed in when there is no fix).
import { session } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { entries, flushOutbox, keep, remove } from './outbox.js';
import { categories, categoryLabel, loadTaxonomy } from './taxonomy.js';
import { toast } from './ui.js';
import { label } from './i18n.js';

/** A random (version 4) UUID; crypto.randomUUID exists only in secure contexts. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function localNow() {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export async function show(root) {
  await loadTaxonomy();
  const mechanisms = (session.user?.grants || []).filter((g) => g.role === 'monitor').map((g) => g.mechanism);
  const gpsStatus = h('p', { id: 'gps-status', class: 'muted', role: 'status' });
  const result = h('p', { id: 'report-result', role: 'status', 'aria-live': 'polite' });
  const outbox = h('section', { id: 'outbox', 'aria-labelledby': 'outbox-title' });
  const form = h('form', { id: 'report-form', class: 'card stack', novalidate: true },
    h('h1', {}, t('report.title')),
    mechanisms.length > 1 ? [h('label', { for: 'mechanism' }, t('report.mechanism')),
      h('select', { id: 'mechanism', name: 'mechanism' }, mechanisms.map((m) => h('option', { value: m }, m)))] : null,
    h('label', { for: 'category' }, t('report.category')),
    h('select', { id: 'category', name: 'category', required: true }, h('option', { value: '' }, t('report.choose')),
      categories().map((c) => h('option', { value: c.code }, label(c.labels, c.code)))),
    h('label', { for: 'observedAt' }, t('report.observedAt')),
    h('input', { id: 'observedAt', name: 'observedAt', type: 'datetime-local', required: true, value: localNow() }),
    h('fieldset', {},
      h('legend', {}, t('report.location')),
      h('button', { type: 'button', id: 'gps', class: 'secondary' }, t('report.useGps')),
      gpsStatus,
      h('div', { class: 'row' },
        h('span', {}, h('label', { for: 'lat' }, t('report.lat')),
          h('input', { id: 'lat', name: 'lat', inputmode: 'decimal', required: true, autocomplete: 'off' })),
        h('span', {}, h('label', { for: 'lon' }, t('report.lon')),
          h('input', { id: 'lon', name: 'lon', inputmode: 'decimal', required: true, autocomplete: 'off' })),
        h('span', {}, h('label', { for: 'accuracy' }, t('report.accuracyM')),
          h('input', { id: 'accuracy', name: 'accuracy', type: 'number', min: 0, step: 1, inputmode: 'numeric' })))),
    h('label', { for: 'count' }, t('report.count')),
    h('input', { id: 'count', name: 'count', type: 'number', min: 1, step: 1, inputmode: 'numeric' }),
    h('details', {},
      h('summary', {}, t('report.casualties')),
      h('div', { class: 'row' }, ['civiliansKilled', 'civiliansInjured', 'combatantsKilled', 'combatantsInjured'].map((k) =>
        h('span', {}, h('label', { for: k }, t(`casualties.${k}`)),
          h('input', { id: k, name: k, type: 'number', min: 0, step: 1, inputmode: 'numeric' }))))),
    h('label', { for: 'description' }, t('report.description')),
    h('textarea', { id: 'description', name: 'description', rows: 4, maxlength: 4000 }),
    h('button', { type: 'submit', id: 'save' }, t('report.save')),
    result);
  root.append(h('div', { class: 'report-view' }, form, outbox));

  let watch = null;
  form.querySelector('#gps').addEventListener('click', () => {
    if (!('geolocation' in navigator)) { gpsStatus.textContent = t('report.gpsNone'); return; }
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    gpsStatus.textContent = t('report.gpsWaiting');
    // The fix improves over the first seconds: keep the most accurate one, stop at 10 m or after 60 s.
    let best = null;
    const started = Date.now();
    watch = navigator.geolocation.watchPosition((pos) => {
      if (!best || pos.coords.accuracy < best.coords.accuracy) best = pos;
      form.lat.value = best.coords.latitude.toFixed(6);
      form.lon.value = best.coords.longitude.toFixed(6);
      form.accuracy.value = Math.ceil(best.coords.accuracy);
      gpsStatus.textContent = t('report.gpsFix', { m: Math.ceil(best.coords.accuracy), at: when(new Date(best.timestamp).toISOString()) });
      if (best.coords.accuracy <= 10 || Date.now() - started > 60000) { navigator.geolocation.clearWatch(watch); watch = null; }
    }, (err) => {
      gpsStatus.textContent = t(err.code === 1 ? 'report.gpsDenied' : 'report.gpsFailed');
    }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const problems = validate(form);
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    if (problems.length) {
      problems.forEach(([field]) => form[field]?.setAttribute('aria-invalid', 'true'));
      result.textContent = problems.map(([, m]) => m).join(' ');
      form[problems[0][0]]?.focus();
      return;
    }
    const feature = toFeature(form, mechanisms);
    await keep(feature);
    result.textContent = t('report.saved');
    const r = await flushOutbox();
    if (r.sent > 0) toast(t('report.sentN', { n: r.sent }), 'ok');
    result.textContent = (await entries()).some((e) => e.clientReportId === feature.properties.clientReportId)
      ? t('report.savedOffline') : t('report.sent');
    result.dataset.clientReportId = feature.properties.clientReportId;
    form.reset();
    form.observedAt.value = localNow();
    gpsStatus.textContent = '';
    renderOutbox();
  });

  async function renderOutbox() {
    const all = await entries();
    outbox.replaceChildren(h('h2', { id: 'outbox-title' }, t('outbox.title', { n: all.length })),
      all.length ? h('ul', { class: 'outbox-list' }, all.map((e) => h('li', { dataset: { clientReportId: e.clientReportId, state: e.state } },
        `${categoryLabel(e.feature.properties.category)} · ${when(e.feature.properties.observedAt)} · `,
        h('strong', {}, t(`outbox.${e.state}`)),
        e.lastError === 'sign-in' ? h('span', {}, ` · ${t('outbox.signIn')}`) : null,
        e.user && e.user !== session.user?.username ? h('span', {}, ` · ${t('outbox.otherUser', { user: e.user })}`) : null,
        e.problem ? h('pre', { class: 'problem' }, (e.problem.errors || []).map((x) => `${x.pointer || x.parameter}: ${x.detail}`)
          .join('\n') || e.problem.detail || e.problem.title) : null,
        e.state === 'refused' ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
          if (confirm(t('outbox.confirmDiscard'))) { await remove(e.clientReportId); renderOutbox(); }
        } }, t('outbox.discard')) : null)))
        : h('p', { class: 'muted' }, t('outbox.empty')),
      h('button', { type: 'button', id: 'send-now', class: 'secondary', onclick: async () => {
        await flushOutbox();
        renderOutbox();
      } }, t('outbox.sendNow')));
  }

  const refresh = () => renderOutbox();
  window.addEventListener('trucewatch:outbox', refresh);
  renderOutbox();
  return () => {
    window.removeEventListener('trucewatch:outbox', refresh);
    if (watch !== null) navigator.geolocation.clearWatch(watch);
  };
}

function number(v) {
  return v === '' || v === undefined ? null : Number(v);
}

function validate(form) {
  const out = [];
  if (!form.category.value) out.push(['category', t('report.needCategory')]);
  if (!form.observedAt.value) out.push(['observedAt', t('report.needTime')]);
  const lat = number(form.lat.value.replace(',', '.'));
  const lon = number(form.lon.value.replace(',', '.'));
  if (lat === null || !(lat >= -90 && lat <= 90)) out.push(['lat', t('report.needLat')]);
  if (lon === null || !(lon >= -180 && lon <= 180)) out.push(['lon', t('report.needLon')]);
  return out;
}

function toFeature(form, mechanisms) {
  const p = {
    clientReportId: uuid(),
    observedAt: new Date(form.observedAt.value).toISOString(),
    category: form.category.value,
  };
  if (form.accuracy.value !== '') p.locationAccuracyM = Number(form.accuracy.value);
  if (form.count.value !== '') p.count = Number(form.count.value);
  if (form.description.value.trim()) p.description = form.description.value.trim();
  const c = {};
  for (const k of ['civiliansKilled', 'civiliansInjured', 'combatantsKilled', 'combatantsInjured']) {
    if (form[k].value !== '') c[k] = Number(form[k].value);
  }
  if (Object.keys(c).length) p.casualties = c;
  if (form.mechanism) p.mechanism = form.mechanism.value;
  else if (mechanisms.length === 1) p.mechanism = mechanisms[0];
  return { type: 'Feature',
    geometry: { type: 'Point', coordinates: [Number(form.lon.value.replace(',', '.')), Number(form.lat.value.replace(',', '.'))] },
    properties: p };
}
