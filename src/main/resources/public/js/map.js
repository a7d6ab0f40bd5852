// The map: country outlines from Natural Earth shipped with the app (no tile server), the
// zones in force at the chosen time by type, and the incidents observed in the chosen
// window, coloured by status and sized by severity. Both come from the OGC API – Features
// layers with the user's token, so the service's access rules and redaction apply.
import { api, ApiError, NetworkError } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { categoryLabel } from './taxonomy.js';
import { STATUS_COLOURS, ZONE_STYLES, ZONE_TYPES, severityRadius } from './style.js';

let basemap = null;
const WINDOWS = [1, 7, 30, 90, 365, 3650];
const DAY = 86400000;

export async function show(root) {
  const now = Date.now();
  const slider = h('input', { id: 'time-slider', type: 'range', min: -365, max: 0, step: 1, value: 0,
    'aria-describedby': 'time-label' });
  const windowSelect = h('select', { id: 'time-window' },
    WINDOWS.map((d) => h('option', { value: d, selected: d === 365 }, t('map.window', { days: d }))));
  const timeLabel = h('output', { id: 'time-label', for: 'time-slider' });
  const countLabel = h('p', { id: 'map-count', class: 'muted', role: 'status' });
  const list = h('ol', { id: 'map-incidents', class: 'incident-list' });
  const mapEl = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('map.title') });
  const legend = h('div', { class: 'legend', 'aria-label': t('map.legend') },
    h('h2', {}, t('map.legend')),
    h('ul', {}, Object.entries(STATUS_COLOURS).map(([s, c]) =>
      h('li', {}, h('span', { class: 'swatch dot', dataset: { colour: c } }), t(`status.${s}`)))),
    h('p', { class: 'muted' }, t('map.severityHint')),
    h('ul', {}, ZONE_TYPES.map((z) =>
      h('li', {}, h('span', { class: `swatch zone-${z}` }), t(`zone.${z}`)))));
  root.append(h('section', { class: 'map-view' },
    h('h1', { class: 'visually-hidden' }, t('map.title')),
    h('div', { class: 'map-controls' },
      h('label', { for: 'time-slider' }, t('map.until')), slider, timeLabel,
      h('label', { for: 'time-window' }, t('map.windowLabel')), windowSelect),
    h('div', { class: 'map-body' }, mapEl,
      h('aside', { class: 'map-side' }, countLabel, list, legend))));
  legend.querySelectorAll('.swatch.dot').forEach((s) => { s.style.background = s.dataset.colour; });

  const map = L.map(mapEl, { worldCopyJump: true, zoomSnap: 0.5, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t('map.attribution'));
  map.setView([20, 0], 2);
  map.createPane('base').style.zIndex = 200;
  const countries = L.geoJSON(null, { pane: 'base', interactive: false,
    style: { color: '#8a8a8a', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 } }).addTo(map);
  basemap = basemap || fetch('basemap/countries-50m.json').then((r) => r.json());
  basemap.then((fc) => countries.addData(fc)).catch(() => {});

  const zoneGroups = Object.fromEntries(ZONE_TYPES.map((z) => [z, L.featureGroup().addTo(map)]));
  const incidents = L.featureGroup().addTo(map);
  L.control.layers(null, Object.fromEntries([
    [t('map.incidents'), incidents], ...ZONE_TYPES.map((z) => [t(`zone.${z}`), zoneGroups[z]])]),
  { collapsed: true }).addTo(map);
  L.control.scale({ metric: true, imperial: false }).addTo(map);

  let fitted = false;
  let seq = 0;
  async function load() {
    const mine = ++seq;
    const until = new Date(now + Number(slider.value) * DAY);
    const from = new Date(until.getTime() - Number(windowSelect.value) * DAY);
    timeLabel.textContent = `${when(from.toISOString())} – ${when(until.toISOString())}`;
    try {
      const [zones, found] = await Promise.all([
        api(`/ogc/collections/zones/items?limit=2000&datetime=${until.toISOString()}`),
        api(`/ogc/collections/incidents/items?limit=2000&datetime=${from.toISOString()}/${until.toISOString()}`),
      ]);
      if (mine !== seq) return;
      drawZones(zones);
      drawIncidents(found);
      if (!fitted) {
        const all = L.featureGroup([...Object.values(zoneGroups), incidents]);
        const b = all.getBounds();
        if (b.isValid()) map.fitBounds(b, { padding: [20, 20], maxZoom: 12 });
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
      const type = f.properties.type;
      const style = ZONE_STYLES[type] || ZONE_STYLES.area_of_responsibility;
      const layer = L.geoJSON(f, { style: { ...style, fillColor: style.color, className: `zone-layer zone-layer-${type}` } });
      layer.bindPopup(() => h('div', { class: 'popup' },
        h('strong', {}, f.properties.name || f.properties.code),
        h('div', {}, `${t(`zone.${type}`)} · ${f.properties.code} · v${f.properties.version}`),
        f.properties.securityZoneM ? h('div', {}, t('map.securityZone', { m: f.properties.securityZoneM })) : null,
        f.properties.party ? h('div', {}, `${t('incident.party')}: ${f.properties.party}`) : null));
      (zoneGroups[type] || zoneGroups.area_of_responsibility).addLayer(layer);
    }
  }

  function drawIncidents(fc) {
    incidents.clearLayers();
    list.replaceChildren();
    const features = fc.features || [];
    countLabel.textContent = t('map.count', { n: features.length, total: fc.numberMatched ?? features.length });
    for (const f of features) {
      const p = f.properties;
      const colour = STATUS_COLOURS[p.status] || '#333';
      const popup = () => h('div', { class: 'popup', dataset: { incident: f.id } },
        h('strong', {}, categoryLabel(p.category)),
        h('div', {}, `${t(`status.${p.status}`)} · ${t('incident.severity')} ${p.severity}`),
        h('div', {}, when(p.observedAt)),
        h('a', { href: `#/incidents/${f.id}` }, t('map.open')));
      const layer = L.geoJSON(f, {
        pointToLayer: (pt, ll) => L.circleMarker(ll, { radius: severityRadius(p.severity), color: p.severity >= 4 ? '#000' : '#fff',
          weight: p.severity >= 4 ? 2.5 : 1.5, fillColor: colour, fillOpacity: 0.9, className: `incident-marker status-${p.status}` }),
        style: { color: colour, weight: 3, className: `incident-marker status-${p.status}` },
      });
      layer.bindPopup(popup);
      incidents.addLayer(layer);
      list.append(h('li', { dataset: { incident: f.id, status: p.status } },
        h('span', { class: 'swatch dot', style: null, dataset: { colour } }),
        h('a', { href: `#/incidents/${f.id}` }, `${categoryLabel(p.category)} — ${t(`status.${p.status}`)}`),
        h('span', { class: 'muted' }, ` ${when(p.observedAt)} · ${t('incident.severity')} ${p.severity}`)));
    }
    list.querySelectorAll('.swatch.dot').forEach((s) => { s.style.background = s.dataset.colour; });
  }

  let timer;
  const later = () => { clearTimeout(timer); timer = setTimeout(load, 250); };
  slider.addEventListener('input', later);
  windowSelect.addEventListener('change', load);
  const onChange = () => later();
  window.addEventListener('trucewatch:queue-change', onChange);
  await load();
  setTimeout(() => map.invalidateSize(), 0);
  return () => { window.removeEventListener('trucewatch:queue-change', onChange); map.remove(); };
}
