// The monitor's report form. It works offline: pressing "Save" keeps the report on the
// device first (outbox.js, IndexedDB) with a clientReportId made here, then tries to send
// it; what cannot be sent now goes out when the device is back online. The position comes
// from the device's GPS with its accuracy (or is typed in when there is no fix).
import { api, ApiError, describeProblem, session } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { entries, flushOutbox, keep, remove } from './outbox.js';
import { categories, categoryLabel, codeList, loadTaxonomy } from './taxonomy.js';
import { protocol } from './mechanisms.js';
import { toast } from './ui.js';
import { label } from './i18n.js';
import { baseMap, dispose } from './mapkit.js';
import { chosenFiles, clearMedia, mediaFieldset, mediaProblems } from './media.js';
import { findingLabel, loadVocabulary, statusLabel } from './vocabulary.js';

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
  await Promise.all([loadTaxonomy(), loadVocabulary().catch(() => null)]);
  const mechanisms = (session.user?.grants || []).filter((g) => g.role === 'monitor').map((g) => g.mechanism);
  const parties = await partiesOf(mechanisms);
  const gpsStatus = h('p', { id: 'gps-status', class: 'muted', role: 'status' });
  const result = h('p', { id: 'report-result', role: 'status', 'aria-live': 'polite' });
  const outbox = h('section', { id: 'outbox', 'aria-labelledby': 'outbox-title' });
  const sent = h('section', { id: 'sent', 'aria-labelledby': 'sent-title' });
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
      h('p', { id: 'map-hint', class: 'muted' }, t('report.tapMap')),
      h('div', { id: 'report-map', class: 'report-map', role: 'application', 'aria-label': t('report.mapLabel'),
        'aria-describedby': 'map-hint' }),
      h('div', { class: 'row' },
        h('span', {}, h('label', { for: 'lat' }, t('report.lat')),
          h('input', { id: 'lat', name: 'lat', inputmode: 'decimal', required: true, autocomplete: 'off' })),
        h('span', {}, h('label', { for: 'lon' }, t('report.lon')),
          h('input', { id: 'lon', name: 'lon', inputmode: 'decimal', required: true, autocomplete: 'off' })),
        h('span', {}, h('label', { for: 'accuracy' }, t('report.accuracyM')),
          h('input', { id: 'accuracy', name: 'accuracy', type: 'number', min: 0, step: 1, inputmode: 'numeric' })))),
    h('details', { id: 'distant' },
      h('summary', {}, t('report.distant')),
      h('p', { class: 'muted' }, t('report.distantHint')),
      h('div', { class: 'row' },
        h('span', {}, h('label', { for: 'bearing' }, t('report.bearing')),
          h('input', { id: 'bearing', name: 'bearing', type: 'number', min: 0, max: 359, step: 1, inputmode: 'numeric' })),
        h('span', {}, h('label', { for: 'distance' }, t('report.distance')),
          h('input', { id: 'distance', name: 'distance', type: 'number', min: 1, max: 100000, step: 1, inputmode: 'numeric' }))),
      h('p', { id: 'event-position', class: 'muted', role: 'status' })),
    h('label', { for: 'count' }, t('report.count')),
    h('input', { id: 'count', name: 'count', type: 'number', min: 1, step: 1, inputmode: 'numeric' }),
    h('fieldset', { id: 'parties' }, h('legend', {}, t('report.parties')),
      parties.length ? parties.map((p) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'party', value: p.code }), ` ${label(p.name, p.code)}`))
        : h('p', { class: 'muted' }, t('report.noParties'))),
    h('details', { id: 'source' },
      h('summary', {}, t('report.sourceSection')),
      h('div', { class: 'stack' },
        h('label', { for: 'sourceType' }, t('report.source')),
        h('select', { id: 'sourceType', name: 'sourceType' }, codeList('sourceTypes').map((c) =>
          h('option', { value: c.code, selected: c.code === 'DIRECT_OBSERVATION' }, label(c.labels, c.code)))),
        h('label', { for: 'reliability' }, t('report.reliability')),
        h('select', { id: 'reliability', name: 'reliability' }, h('option', { value: '' }, '—'),
          codeList('sourceReliability').map((c) => h('option', { value: c.code }, `${c.code} — ${label(c.labels, c.code)}`))),
        h('label', { for: 'credibility' }, t('report.credibility')),
        h('select', { id: 'credibility', name: 'credibility' }, h('option', { value: '' }, '—'),
          codeList('informationCredibility').map((c) => h('option', { value: c.code }, `${c.code} — ${label(c.labels, c.code)}`))),
        h('p', { class: 'muted' }, t('report.confidentialHint')),
        h('label', { for: 'sourceIdentity' }, t('report.sourceIdentity')),
        h('input', { id: 'sourceIdentity', name: 'sourceIdentity', autocomplete: 'off', maxlength: 500 }),
        h('label', { for: 'sourceNotes' }, t('report.sourceNotes')),
        h('textarea', { id: 'sourceNotes', name: 'sourceNotes', rows: 2, maxlength: 4000 }))),
    h('details', {},
      h('summary', {}, t('report.casualties')),
      h('div', { class: 'row' }, ['civiliansKilled', 'civiliansInjured', 'combatantsKilled', 'combatantsInjured'].map((k) =>
        h('span', {}, h('label', { for: k }, t(`casualties.${k}`)),
          h('input', { id: k, name: k, type: 'number', min: 0, step: 1, inputmode: 'numeric' }))))),
    h('label', { for: 'description' }, t('report.description')),
    h('textarea', { id: 'description', name: 'description', rows: 4, maxlength: 4000 }),
    mediaFieldset(),
    h('button', { type: 'submit', id: 'save' }, t('report.save')),
    h('button', { type: 'button', id: 'cancel-correction', class: 'secondary', hidden: true }, t('correct.cancel')),
    result);
  root.append(h('div', { class: 'report-view' }, form, h('div', {}, outbox, sent)));

  const preview = form.querySelector('#event-position');
  const showEvent = () => {
    const e = eventPosition(form);
    preview.textContent = e ? t('report.eventAt', { lat: e.lat.toFixed(5), lon: e.lon.toFixed(5), m: e.accuracy }) : '';
  };
  ['lat', 'lon', 'accuracy', 'bearing', 'distance'].forEach((n) => form[n].addEventListener('input', showEvent));

  // The position by tapping the map: a marker, the coordinates filled in (the accuracy of a
  // tap is the monitor's to judge, so a GPS accuracy no longer applies and is cleared).
  const map = baseMap(form.querySelector('#report-map'), { worldCopyJump: true });
  map.setView([20, 0], 2);
  const mine = L.layerGroup().addTo(map);
  let marker = null;
  const placeMarker = () => {
    const lat = number(form.lat.value.replace(',', '.'));
    const lon = number(form.lon.value.replace(',', '.'));
    if (lat === null || lon === null || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) return;
    // A drawn marker, not Leaflet's image one: it needs no file the service worker might not hold.
    if (!marker) marker = L.circleMarker([lat, lon], { radius: 9, color: '#b00020', weight: 3, fillOpacity: 0.3, className: 'report-here' }).addTo(map);
    marker.setLatLng([lat, lon]);
  };
  map.on('click', (e) => {
    const ll = e.latlng.wrap();
    form.lat.value = ll.lat.toFixed(6);
    form.lon.value = ll.lng.toFixed(6);
    form.accuracy.value = '';
    gpsStatus.textContent = t('report.tapped');
    placeMarker();
    showEvent();
    recheck();
  });
  ['lat', 'lon'].forEach((n) => form[n].addEventListener('input', placeMarker));
  // A typed position is shown on the map once the field is left.
  ['lat', 'lon'].forEach((n) => form[n].addEventListener('change', () => {
    placeMarker();
    if (marker) map.setView(marker.getLatLng(), Math.max(map.getZoom(), 13));
  }));

  // A field marked invalid loses its mark as soon as it is fixed, and the message says what is left.
  function recheck() {
    const marked = [...form.querySelectorAll('[aria-invalid="true"]')];
    if (!marked.length) return;
    const problems = [...validate(form), ...mediaProblems(form)];
    marked.filter((el) => !problems.some(([f]) => f === el.name)).forEach((el) => el.removeAttribute('aria-invalid'));
    result.textContent = problems.filter(([f]) => form[f]?.getAttribute('aria-invalid') === 'true').map(([, m]) => m).join(' ');
  }
  form.addEventListener('input', recheck);
  form.addEventListener('change', recheck);

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
      showEvent();
      placeMarker();
      recheck();
      map.setView([best.coords.latitude, best.coords.longitude], Math.max(map.getZoom(), 13));
      gpsStatus.textContent = t('report.gpsFix', { m: Math.ceil(best.coords.accuracy), at: when(new Date(best.timestamp).toISOString()) });
      if (best.coords.accuracy <= 10 || Date.now() - started > 60000) { navigator.geolocation.clearWatch(watch); watch = null; }
    }, (err) => {
      gpsStatus.textContent = t(err.code === 1 ? 'report.gpsDenied' : 'report.gpsFailed');
    }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // A correction sends the report only: its files stay as they are on the service.
    const problems = [...validate(form), ...(correcting ? [] : mediaProblems(form))];
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    if (problems.length) {
      problems.forEach(([field]) => form[field]?.setAttribute('aria-invalid', 'true'));
      result.textContent = problems.map(([, m]) => m).join(' ');
      form[problems[0][0]]?.focus();
      return;
    }
    const feature = toFeature(form, mechanisms);
    if (correcting) { await sendCorrection(feature); return; }
    await keep(feature, chosenFiles(form));
    result.textContent = t('report.saved');
    const r = await flushOutbox();
    if (r.sent > 0) toast(t('report.sentN', { n: r.sent }), 'ok');
    result.textContent = (await entries()).some((e) => e.clientReportId === feature.properties.clientReportId)
      ? t('report.savedOffline') : t('report.sent');
    result.dataset.clientReportId = feature.properties.clientReportId;
    form.reset();
    clearMedia(form);
    preview.textContent = '';
    form.observedAt.value = localNow();
    gpsStatus.textContent = '';
    if (marker) { marker.remove(); marker = null; }
    renderOutbox();
  });

  // A correction of a sent report: PUT with If-Match naming the revision it was made from
  // (docs/api.md). It needs the connection: it is not kept in the outbox.
  let correcting = null; // { id, etag }
  const cancel = form.querySelector('#cancel-correction');
  const endCorrection = () => {
    correcting = null;
    form.querySelector('#media').hidden = false;
    clearMedia(form);
    form.querySelector('h1').textContent = t('report.title');
    form.querySelector('#save').textContent = t('report.save');
    cancel.hidden = true;
    form.reset();
    form.observedAt.value = localNow();
    if (marker) { marker.remove(); marker = null; }
  };
  cancel.addEventListener('click', () => { endCorrection(); result.textContent = ''; });

  async function startCorrection(id) {
    let res;
    try {
      res = await api(`/api/v1/reports/${encodeURIComponent(id)}`, { raw: true });
    } catch (e) {
      result.textContent = e instanceof ApiError ? e.describe() : t('correct.needConnection');
      return;
    }
    const etag = res.headers.get('ETag');
    fill(form, await res.json());
    correcting = { id, etag };
    form.querySelector('#media').hidden = true;
    form.querySelector('h1').textContent = t('correct.title');
    form.querySelector('#save').textContent = t('correct.save');
    cancel.hidden = false;
    result.textContent = '';
    placeMarker();
    showEvent();
    form.category.focus();
  }

  async function sendCorrection(feature) {
    let res;
    try {
      res = await fetch(`/api/v1/reports/${encodeURIComponent(correcting.id)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/geo+json', Accept: 'application/geo+json, application/problem+json',
          Authorization: `Bearer ${session.token}`, 'If-Match': correcting.etag },
        body: JSON.stringify(feature),
        cache: 'no-store',
      });
    } catch {
      result.textContent = t('correct.needConnection');
      return;
    }
    if (res.ok) {
      endCorrection();
      result.textContent = t('correct.done');
      renderSent();
      return;
    }
    const problem = await res.json().catch(() => ({ status: res.status }));
    if (res.status === 401) { window.dispatchEvent(new CustomEvent('trucewatch:signed-out')); return; }
    const id = correcting.id;
    const code = String(problem.type || '').replace(/^.*\//, ''); // "/problems/stale-revision" → "stale-revision"
    result.replaceChildren(h('span', { class: 'error', dataset: { status: res.status, code } },
      `${t('correct.refused')} ${describeProblem(problem) || problem.detail || problem.title || res.status}`));
    // Past triage there is no revision to correct from: what changed goes in a new report.
    if (res.status === 409 && code !== 'report-past-triage') {
      result.append(' ', h('button', { type: 'button', id: 'reload-revision', class: 'secondary', onclick: () => startCorrection(id) },
        t('correct.reload')));
    }
  }

  async function renderOutbox() {
    const all = await entries();
    outbox.replaceChildren(h('h2', { id: 'outbox-title' }, t('outbox.title', { n: all.length })),
      all.length ? h('ul', { class: 'outbox-list' }, all.map((e) => h('li', { dataset: { clientReportId: e.clientReportId, state: e.state } },
        e.locked ? `${when(e.savedAt)} · ` : `${categoryLabel(e.feature.properties.category)} · ${when(e.feature.properties.observedAt)} · `,
        h('strong', {}, t(`outbox.${e.state}`)),
        e.lastError === 'sign-in' ? h('span', {}, ` · ${t('outbox.signIn')}`) : null,
        e.user && e.user !== session.user?.username ? h('span', {}, ` · ${t('outbox.otherUser', { user: e.user })}`) : null,
        e.problem ? h('pre', { class: 'problem' }, describeProblem(e.problem)) : null,
        (e.files || []).filter((f) => f.state !== 'sent').map((f) => h('div', { class: 'outbox-file', dataset: { name: f.name, state: f.state } },
          `${f.name} · ${t(`outbox.file.${f.state}`)}`, f.problem ? h('pre', { class: 'problem' }, describeProblem(f.problem)) : null)),
        e.state === 'refused' || e.state === 'filesRefused' ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
          if (confirm(t('outbox.confirmDiscard'))) { await remove(e.clientReportId); renderOutbox(); }
        } }, t('outbox.discard')) : null)))
        : h('p', { class: 'muted' }, t('outbox.empty')),
      h('button', { type: 'button', id: 'send-now', class: 'secondary', onclick: async () => {
        await flushOutbox();
        renderOutbox();
      } }, t('outbox.sendNow')));
  }

  // The monitor's own reports of the last 30 days as the service holds them, newest first:
  // the proof that a report arrived, where it fell (zones by name) and what became of it
  // (the incident's reference, status and finding), each read on its own so that it comes
  // with what the service adds to a single report (docs/api.md); and on the map.
  async function renderSent() {
    const since = new Date(Date.now() - 30 * 86400000).toISOString();
    const features = [];
    try {
      let next = `/api/v1/reports?limit=100&datetime=${since}/..`;
      for (let page = 0; next && page < 5; page++) {
        const fc = await api(next);
        features.push(...(fc.features || []));
        next = (fc.links || []).find((l) => l.rel === 'next')?.href;
      }
    } catch {
      sent.replaceChildren(h('h2', { id: 'sent-title' }, t('sent.title')), h('p', { class: 'muted' }, t('sent.unavailable')));
      return;
    }
    const newest = features.filter((f) => f.properties.submittedBy === session.user?.username)
      .sort((a, b) => (a.properties.observedAt < b.properties.observedAt ? 1 : -1)).slice(0, 30);
    const mineNow = (await Promise.all(newest.map((f) => api(`/api/v1/reports/${f.id}`).catch(() => f))));
    // The files the service holds for each: the proof that a photo arrived.
    const files = await Promise.all(newest.map((f) => api(`/api/v1/reports/${f.id}/attachments`).catch(() => null)));
    // The monitor may have signed out while these were read: the map is gone (moving it would throw).
    if (map.disposed) return;
    mine.clearLayers();
    mineNow.forEach((f) => L.geoJSON(f, { pointToLayer: (pt, ll) => L.circleMarker(ll, { radius: 6, color: '#fff', weight: 1.5,
      fillColor: '#1f5fa8', fillOpacity: 0.9, className: 'own-report' }) })
      .bindPopup(() => h('div', { class: 'popup' }, `${categoryLabel(f.properties.category)} · ${when(f.properties.observedAt)}`)).addTo(mine));
    if (mineNow.length && !marker && !form.lat.value) map.fitBounds(L.geoJSON({ type: 'FeatureCollection', features: mineNow }).getBounds(), { maxZoom: 12, padding: [20, 20] });
    sent.replaceChildren(h('h2', { id: 'sent-title' }, t('sent.title')),
      mineNow.length ? h('ul', { class: 'sent-list' }, mineNow.map((f, i) => sentItem(f, files[i]))) : h('p', { class: 'muted' }, t('sent.none')));
  }

  function sentItem(f, files) {
    const p = f.properties;
    const zones = (p.zones || []).filter((z) => z.relation !== 'outside');
    const incident = p.incident;
    return h('li', { dataset: { clientReportId: p.clientReportId, reportId: f.id } },
      h('strong', {}, categoryLabel(p.category)), ` · ${when(p.observedAt)}`,
      p.revision > 1 ? ` · ${t('sent.revision', { n: p.revision })}` : null,
      h('div', { class: 'muted sent-zones' }, zones.length
        ? zones.map((z) => `${t(`relation.${z.relation}`)}: ${label(z.name, z.zone)}`).join(' · ') : t('sent.noZones')),
      h('div', { class: 'sent-incident' }, incident
        ? [`${t('sent.incident')} ${incident.reference || '…'}: `, h('span', { class: 'incident-status', dataset: { status: incident.status } },
          statusLabel(incident.status)), incident.finding ? ` · ${t('sent.finding')} ${findingLabel(incident.finding)}` : null]
        : t('sent.noIncident')),
      files?.length ? h('div', { class: 'muted sent-files' }, `${t('sent.files')} ${files.map((a) => a.name).join(', ')}`) : null,
      h('button', { type: 'button', class: 'secondary correct', onclick: () => startCorrection(f.id) }, t('correct.start')));
  }

  const refresh = () => renderOutbox();
  const onSent = () => renderSent();
  window.addEventListener('trucewatch:sent', onSent);
  window.addEventListener('trucewatch:outbox', refresh);
  renderOutbox();
  renderSent();
  return () => {
    window.removeEventListener('trucewatch:outbox', refresh);
    window.removeEventListener('trucewatch:sent', onSent);
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    dispose(map);
  };
}

function number(v) {
  return v === '' || v === undefined ? null : Number(v);
}

/** Puts a sent report's values back in the form, for a correction. */
function fill(form, f) {
  const p = f.properties;
  form.reset();
  form.category.value = p.category;
  const d = new Date(p.observedAt);
  form.observedAt.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const [lon, lat] = p.observerLocation || (f.geometry?.type === 'Point' ? f.geometry.coordinates : [null, null]);
  form.lat.value = lat ?? '';
  form.lon.value = lon ?? '';
  if (p.bearingDeg !== undefined) {
    form.bearing.value = p.bearingDeg;
    form.distance.value = p.estimatedDistanceM ?? '';
    form.querySelector('#distant').open = true;
  } else if (p.locationAccuracyM !== undefined) form.accuracy.value = p.locationAccuracyM;
  if (p.count !== undefined) form.count.value = p.count;
  form.description.value = p.description ?? '';
  for (const [k, v] of Object.entries(p.casualties || {})) if (form[k]) form[k].value = v;
  form.querySelectorAll('input[name=party]').forEach((x) => { x.checked = (p.allegedParties || []).includes(x.value); });
  const s = p.source || {};
  form.sourceType.value = s.type || 'DIRECT_OBSERVATION';
  form.reliability.value = s.reliability || '';
  form.credibility.value = s.credibility ?? '';
  form.sourceIdentity.value = s.identity ?? '';
  form.sourceNotes.value = s.notes ?? '';
}

function validate(form) {
  const out = [];
  if (!form.category.value) out.push(['category', t('report.needCategory')]);
  if (!form.observedAt.value) out.push(['observedAt', t('report.needTime')]);
  const lat = number(form.lat.value.replace(',', '.'));
  const lon = number(form.lon.value.replace(',', '.'));
  if (lat === null || !(lat >= -90 && lat <= 90)) out.push(['lat', t('report.needLat')]);
  if (lon === null || !(lon >= -180 && lon <= 180)) out.push(['lon', t('report.needLon')]);
  const bearing = number(form.bearing.value);
  const distance = number(form.distance.value);
  if ((bearing === null) !== (distance === null)) out.push([bearing === null ? 'bearing' : 'distance', t('report.needBoth')]);
  if (bearing !== null && !(bearing >= 0 && bearing < 360)) out.push(['bearing', t('report.needBearing')]);
  if (distance !== null && !(distance > 0 && distance <= 100000)) out.push(['distance', t('report.needDistance')]);
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
  const alleged = [...form.querySelectorAll('input[name=party]:checked')].map((x) => x.value);
  if (alleged.length) p.allegedParties = alleged;
  const source = { type: form.sourceType.value || 'DIRECT_OBSERVATION' };
  if (form.reliability.value) source.reliability = form.reliability.value;
  if (form.credibility.value) source.credibility = Number(form.credibility.value);
  if (form.sourceIdentity.value.trim()) source.identity = form.sourceIdentity.value.trim();
  if (form.sourceNotes.value.trim()) source.notes = form.sourceNotes.value.trim();
  p.source = source;
  const here = [Number(form.lon.value.replace(',', '.')), Number(form.lat.value.replace(',', '.'))];
  const event = eventPosition(form);
  if (event) {
    // Heard or seen from afar: the monitor's position is the observer's; the event lies on the bearing.
    p.observerLocation = here;
    p.bearingDeg = Number(form.bearing.value);
    p.estimatedDistanceM = Number(form.distance.value);
    p.locationAccuracyM = event.accuracy;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [event.lon, event.lat] }, properties: p };
  }
  return { type: 'Feature', geometry: { type: 'Point', coordinates: here }, properties: p };
}

/**
 * Where an event heard or seen from afar lies: the point at the bearing and distance from
 * the monitor, on the sphere of the earth's mean radius (within 0.5 % of the ellipsoid, far
 * less than a distance estimated by ear). Its accuracy is the monitor's own plus a quarter
 * of the distance: such distances are rough.
 */
export function eventPosition(form) {
  const lat = number(form.lat.value.replace(',', '.'));
  const lon = number(form.lon.value.replace(',', '.'));
  const bearing = number(form.bearing.value);
  const distance = number(form.distance.value);
  if ([lat, lon, bearing, distance].some((v) => v === null || Number.isNaN(v)) || distance <= 0) return null;
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const d = distance / R;
  const th = bearing * rad;
  const p1 = lat * rad;
  const l1 = lon * rad;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th));
  const l2 = l1 + Math.atan2(Math.sin(th) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  const own = number(form.accuracy.value) || 0;
  return { lat: Number((p2 / rad).toFixed(6)), lon: Number((((l2 / rad) + 540) % 360 - 180).toFixed(6)),
    accuracy: Math.ceil(own + distance / 4) };
}

/** The parties of the monitor's mechanisms, kept on the device for offline use. */
async function partiesOf(mechanisms) {
  const key = 'trucewatch.parties';
  const kept = JSON.parse(localStorage.getItem(key) || '{}');
  const out = [];
  for (const m of mechanisms) {
    const p = await protocol(m);
    if (p?.parties) kept[m] = p.parties;
    (kept[m] || []).forEach((x) => { if (!out.some((y) => y.code === x.code)) out.push(x); });
  }
  localStorage.setItem(key, JSON.stringify(kept));
  return out;
}
