// The map: country outlines from Natural Earth shipped with the app (no tile server), the
// zones in force at the chosen time by type, and the incidents observed in the chosen
// window, coloured by status and sized by severity. Both come from the OGC API – Features
// layers with the user's token, so the service's access rules and redaction apply.
import { api, ApiError, NetworkError } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { categoryLabel } from './taxonomy.js';
import { ZONE_TYPES, statusColour } from './style.js';
import { loadVocabulary, status, statusLabel, statuses } from './vocabulary.js';
import { baseMap, dispose, incidentLayer, zoneLayer } from './mapkit.js';

const WINDOWS = [1, 7, 30, 90, 365, 3650];
/** Which incidents the map shows, by status (the service says which statuses are open, on the agenda). */
const SHOW = {
  all: () => true,
  open: (s) => Boolean(status(s)?.open),
  agenda: (s) => Boolean(status(s)?.onAgenda),
};
const DAY = 86400000;

export async function show(root) {
  await loadVocabulary();
  const now = Date.now();
  const slider = h('input', { id: 'time-slider', type: 'range', min: -365, max: 0, step: 1, value: 0,
    'aria-describedby': 'time-label' });
  const windowSelect = h('select', { id: 'time-window' },
    WINDOWS.map((d) => h('option', { value: d, selected: d === 365 }, t('map.window', { days: d }))));
  const timeLabel = h('output', { id: 'time-label', for: 'time-slider' });
  const showSelect = h('select', { id: 'map-show' }, Object.keys(SHOW).map((k) => h('option', { value: k }, t(`map.show.${k}`))));
  const countLabel = h('p', { id: 'map-count', class: 'muted', role: 'status' });
  const list = h('ol', { id: 'map-incidents', class: 'incident-list' });
  const mapEl = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('map.title') });
  const legend = h('div', { class: 'legend', 'aria-label': t('map.legend') },
    h('h2', {}, t('map.legend')),
    h('ul', {}, statuses().map((s) =>
      h('li', {}, h('span', { class: 'swatch dot', dataset: { colour: statusColour(s.code) } }), statusLabel(s.code)))),
    h('p', { class: 'muted' }, t('map.severityHint')),
    h('ul', {}, ZONE_TYPES.map((z) =>
      h('li', {}, h('span', { class: `swatch zone-${z}` }), t(`zone.${z}`)))));
  root.append(h('section', { class: 'map-view' },
    h('h1', { class: 'visually-hidden' }, t('map.title')),
    h('div', { class: 'map-controls' },
      h('label', { for: 'time-slider' }, t('map.until')), slider, timeLabel,
      h('label', { for: 'time-window' }, t('map.windowLabel')), windowSelect,
      h('label', { for: 'map-show' }, t('map.showLabel')), showSelect),
    h('div', { class: 'map-body' }, mapEl,
      h('aside', { class: 'map-side' }, countLabel, list, legend))));
  legend.querySelectorAll('.swatch.dot').forEach((s) => { s.style.background = s.dataset.colour; });

  const map = baseMap(mapEl, { worldCopyJump: true });
  map.setView([20, 0], 2);

  const zoneGroups = Object.fromEntries(ZONE_TYPES.map((z) => [z, L.featureGroup().addTo(map)]));
  const incidents = L.featureGroup().addTo(map);
  L.control.layers(null, Object.fromEntries([
    [t('map.incidents'), incidents], ...ZONE_TYPES.map((z) => [t(`zone.${z}`), zoneGroups[z]])]),
  { collapsed: true }).addTo(map);

  let fitted = false;
  let seq = 0;
  let drawnZones = null;
  async function load() {
    const mine = ++seq;
    const until = new Date(now + Number(slider.value) * DAY);
    const from = new Date(until.getTime() - Number(windowSelect.value) * DAY);
    timeLabel.textContent = `${when(from.toISOString())} – ${when(until.toISOString())}`;
    try {
      // Zones change with the chosen time, not with queue events: a live update refetches incidents only.
      const zonesUrl = `/ogc/collections/zones/items?limit=2000&datetime=${until.toISOString()}`;
      const [zones, found] = await Promise.all([
        zonesUrl === drawnZones ? null : api(zonesUrl),
        api(`/ogc/collections/incidents/items?limit=2000&datetime=${from.toISOString()}/${until.toISOString()}`),
      ]);
      if (mine !== seq) return;
      if (zones) {
        drawZones(zones);
        drawnZones = zonesUrl;
      }
      drawIncidents(found);
      if (!fitted) {
        const all = L.featureGroup([...Object.values(zoneGroups), incidents]);
        const b = all.getBounds();
        if (b.isValid()) map.fitBounds(b, { padding: [20, 20], maxZoom: 12, animate: false });
        fitted = true;
      }
    } catch (e) {
      if (!(e instanceof ApiError) && !(e instanceof NetworkError)) throw e; // a bug, not the network: let it show
      countLabel.textContent = e instanceof ApiError ? e.describe() : t('error.network');
    }
  }

  function drawZones(fc) {
    Object.values(zoneGroups).forEach((g) => g.clearLayers());
    for (const f of fc.features || []) {
      (zoneGroups[f.properties.type] || zoneGroups.area_of_responsibility).addLayer(zoneLayer(f));
    }
  }

  let lastFound = null;
  function drawIncidents(fc) {
    lastFound = fc;
    incidents.clearLayers();
    list.replaceChildren();
    const shown = SHOW[showSelect.value] || SHOW.all;
    const features = (fc.features || []).filter((f) => shown(f.properties.status));
    countLabel.textContent = t('map.count', { n: features.length, total: fc.numberMatched ?? (fc.features || []).length });
    for (const f of features) {
      const p = f.properties;
      const colour = statusColour(p.status);
      const popup = () => h('div', { class: 'popup', dataset: { incident: f.id } },
        h('strong', {}, categoryLabel(p.category)),
        h('div', {}, `${statusLabel(p.status)} · ${t('incident.severity')} ${p.severity}`),
        h('div', {}, when(p.observedAt)),
        h('a', { href: `#/incidents/${f.id}` }, t('map.open')));
      const layer = incidentLayer(f, p.status, p.severity);
      layer.bindPopup(popup);
      incidents.addLayer(layer);
      list.append(h('li', { dataset: { incident: f.id, status: p.status } },
        h('span', { class: 'swatch dot', style: null, dataset: { colour } }),
        h('a', { href: `#/incidents/${f.id}` }, `${categoryLabel(p.category)} — ${statusLabel(p.status)}`),
        h('span', { class: 'muted' }, ` ${when(p.observedAt)} · ${t('incident.severity')} ${p.severity}`)));
    }
    list.querySelectorAll('.swatch.dot').forEach((s) => { s.style.background = s.dataset.colour; });
  }

  let timer;
  const later = () => { clearTimeout(timer); timer = setTimeout(load, 250); };
  slider.addEventListener('input', later);
  windowSelect.addEventListener('change', load);
  showSelect.addEventListener('change', () => { if (lastFound) drawIncidents(lastFound); });
  const onChange = () => later();
  window.addEventListener('trucewatch:queue-change', onChange);
  await load();
  const sized = setTimeout(() => map.invalidateSize(), 0);
  return () => {
    window.removeEventListener('trucewatch:queue-change', onChange);
    clearTimeout(timer);
    clearTimeout(sized);
    seq++; // a load still in flight draws nothing
    dispose(map);
  };
}
