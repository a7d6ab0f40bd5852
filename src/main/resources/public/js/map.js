// The map: the base map (mapkit.js), the zones in force at the chosen time by type, and the
// incidents observed in the chosen period as the service clusters them on a grid in PostGIS
// (GET /api/v1/map/incidents, mapcluster.js), or as a heat map of the same grid; filtered by
// category, severity, party, status and mechanism, and exported with the same filter. All of it
// is read with the user's token, so the service's access rules and redaction apply.
import { ApiError, NetworkError, api, session } from './api.js';
import { h } from './dom.js';
import { label, t, when } from './i18n.js';
import { categories, categoryLabel, loadTaxonomy } from './taxonomy.js';
import { ZONE_TYPES, statusColour } from './style.js';
import { loadVocabulary, severityScale, status, statusLabel, statuses } from './vocabulary.js';
import { protocol } from './mechanisms.js';
import { baseMap, dispose, zoneLayer } from './mapkit.js';
import { drawClusters, drawHeat } from './mapcluster.js';

const WINDOWS = [1, 7, 30, 90, 365, 3650];
/** Which statuses the map shows: all, the open ones, those on the agenda (the service says which), or one. */
const SHOW = {
  all: () => true,
  open: (s) => Boolean(status(s)?.open),
  agenda: (s) => Boolean(status(s)?.onAgenda),
};
/** The export API's formats (docs/gis.md, "Exports"), in the order offered. */
const FORMATS = ['gpkg', 'shp.zip', 'kml', 'geojson', 'csv', 'xlsx'];
/** At most this many incidents in view: each is drawn on its own, clusters are not needed. */
const FEW = 100;
const DAY = 86400000;

function select(id, options) {
  return h('select', { id }, options.map(([value, text, selected]) => h('option', { value, selected }, text)));
}

/** The parties of the user's mechanisms, [code, name], for the party filter. */
async function parties() {
  const codes = [...new Set((session.user?.grants || []).map((g) => g.mechanism).filter(Boolean))];
  const found = new Map();
  for (const p of await Promise.all(codes.map(protocol))) {
    for (const party of p?.parties || []) found.set(party.code, label(party.name, party.code));
  }
  return [...found];
}

const zonesUrl = (until) => `/ogc/collections/zones/items?limit=2000&datetime=${until.toISOString()}`;

export async function show(root) {
  const now = Date.now();
  // Everything the first view needs is asked for at once: the zones in force now (the first
  // view's extent) while the reference lists and the parties' names arrive.
  const firstZonesUrl = zonesUrl(new Date(now));
  let firstZones = api(firstZonesUrl).catch((e) => e);
  const [, , partyNames] = await Promise.all([loadVocabulary(), loadTaxonomy(), parties()]);
  const scale = severityScale() || { min: 1, max: 5 };
  const slider = h('input', { id: 'time-slider', type: 'range', min: -365, max: 0, step: 1, value: 0,
    'aria-describedby': 'time-label' });
  const windowSelect = select('time-window', WINDOWS.map((d) => [d, t('map.window', { days: d }), d === 365]));
  const timeLabel = h('output', { id: 'time-label', for: 'time-slider' });
  const showSelect = select('map-show', [...Object.keys(SHOW).map((k) => [k, t(`map.show.${k}`)]),
    ...statuses().map((s) => [`status:${s.code}`, statusLabel(s.code)])]);
  const categorySelect = select('map-category', [['', t('map.anyCategory')],
    ...categories().map((c) => [c.code, categoryLabel(c.code)])]);
  const severities = [];
  for (let s = scale.min + 1; s <= scale.max; s++) severities.push([s, t('map.severityAtLeast', { n: s })]);
  const severitySelect = select('map-severity', [['', t('map.anySeverity')], ...severities]);
  const partySelect = select('map-party', [['', t('map.anyParty')], ...partyNames]);
  const heat = h('input', { id: 'map-heat', type: 'checkbox' });
  const formatSelect = select('map-export-format', FORMATS.map((f) => [f, t(`map.format.${f.replace('.', '_')}`)]));
  const exportButton = h('button', { id: 'map-export', type: 'button' }, t('map.export'));
  const countLabel = h('p', { id: 'map-count', class: 'muted', role: 'status' });
  const list = h('ol', { id: 'map-incidents', class: 'incident-list' });
  const mapEl = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': t('map.title') });
  const legend = h('div', { class: 'legend', 'aria-label': t('map.legend') },
    h('h2', {}, t('map.legend')),
    h('ul', {}, statuses().map((s) =>
      h('li', {}, h('span', { class: 'swatch dot', dataset: { colour: statusColour(s.code) } }), statusLabel(s.code)))),
    h('p', { class: 'muted' }, t('map.severityHint')),
    h('p', { class: 'muted' }, t('map.clusterHint')),
    h('ul', {}, ZONE_TYPES.map((z) =>
      h('li', {}, h('span', { class: `swatch zone-${z}` }), t(`zone.${z}`)))));
  const field = (id, text, control) => [h('label', { for: id }, text), control];
  root.append(h('section', { class: 'map-view' },
    h('h1', { class: 'visually-hidden' }, t('map.title')),
    h('div', { class: 'map-controls' },
      ...field('time-slider', t('map.until'), slider), timeLabel,
      ...field('time-window', t('map.windowLabel'), windowSelect),
      ...field('map-show', t('map.showLabel'), showSelect),
      ...field('map-category', t('map.categoryLabel'), categorySelect),
      ...field('map-severity', t('map.severityLabel'), severitySelect),
      ...field('map-party', t('map.partyLabel'), partySelect),
      h('label', { for: 'map-heat', class: 'inline' }, heat, ` ${t('map.heat')}`),
      ...field('map-export-format', t('map.formatLabel'), formatSelect), exportButton),
    h('div', { class: 'map-body' }, mapEl,
      // Scrolls on its own: focusable, so that a keyboard can scroll it (WCAG 2.1.1).
      h('aside', { class: 'map-side', tabindex: 0, 'aria-label': t('map.incidentsAndLegend') }, countLabel, list, legend))));
  legend.querySelectorAll('.swatch.dot').forEach((s) => { s.style.background = s.dataset.colour; });

  const map = baseMap(mapEl, { worldCopyJump: true });
  map.setView([20, 0], 2);
  const heatRenderer = L.canvas({ padding: 0.5 });

  const zoneGroups = Object.fromEntries(ZONE_TYPES.map((z) => [z, L.featureGroup().addTo(map)]));
  const incidents = L.featureGroup().addTo(map);
  const heatCells = L.featureGroup().addTo(map);
  L.control.layers(null, Object.fromEntries([
    [t('map.incidents'), incidents], [t('map.heat'), heatCells], ...ZONE_TYPES.map((z) => [t(`zone.${z}`), zoneGroups[z]])]),
  { collapsed: true }).addTo(map);

  /** The period and filters as the map API and the export API both take them. */
  function period() {
    const until = new Date(now + Number(slider.value) * DAY);
    const from = new Date(until.getTime() - Number(windowSelect.value) * DAY);
    return { from, until };
  }
  function shownStatuses() {
    const v = showSelect.value;
    if (v.startsWith('status:')) return [v.slice('status:'.length)];
    return v === 'all' ? [] : statuses().map((s) => s.code).filter(SHOW[v] || SHOW.all);
  }
  function severityCodes() {
    const v = Number(severitySelect.value);
    const out = [];
    for (let s = v; v && s <= scale.max; s++) out.push(s);
    return out;
  }
  function filters() {
    const { from, until } = period();
    const p = new URLSearchParams({ datetime: `${from.toISOString()}/${until.toISOString()}` });
    if (categorySelect.value) p.set('category', categorySelect.value);
    if (severitySelect.value) p.set('severity', severityCodes().join(','));
    if (partySelect.value) p.set('party', partySelect.value);
    const st = shownStatuses();
    if (st.length) p.set('status', st.join(','));
    return p;
  }
  const bboxOf = (b) => [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
    .map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(6)).join(',');

  let seq = 0;
  let drawnZones = null;
  /** When the last answer was drawn (the E2E test reads it: the map draws within 2 s). */
  mapEl.dataset.drawn = '0';
  /** The zones in force at the end of the period, fetched again only when that changes (not with queue events). */
  async function zonesAt(until) {
    const url = zonesUrl(until);
    if (url === drawnZones) return;
    let zones;
    if (url === firstZonesUrl && firstZones) {
      zones = await firstZones;
      firstZones = null;
      if (zones instanceof Error) throw zones;
    } else {
      zones = await api(url);
    }
    drawZones(zones);
    drawnZones = url;
  }
  async function load() {
    if (map.disposed) return; // dispose() stops the map, which fires a last moveend
    const mine = ++seq;
    const { until } = period();
    mapEl.dataset.loading = 'true';
    try {
      const q = filters();
      q.set('bbox', bboxOf(map.getBounds().pad(0.25)));
      q.set('zoom', String(map.getZoom()));
      if (heat.checked) q.set('view', 'heat');
      const [, found] = await Promise.all([zonesAt(until), api(`/api/v1/map/incidents?${q}`)]);
      let shown = found;
      if (!heat.checked && found.numberMatched <= FEW && found.features.some((f) => !f.id)) {
        // Few enough to draw one by one: ask again at the finest grid.
        q.set('zoom', '24');
        shown = await api(`/api/v1/map/incidents?${q}`);
      }
      if (mine !== seq) return;
      draw(shown);
      mapEl.dataset.drawn = String(performance.now());
      mapEl.dataset.loading = 'false';
    } catch (e) {
      if (!(e instanceof ApiError) && !(e instanceof NetworkError)) throw e; // a bug, not the network: let it show
      if (mine === seq) mapEl.dataset.loading = 'false';
      countLabel.textContent = e instanceof ApiError ? e.describe() : t('error.network');
    }
  }

  /**
   * The first view: the zones' extent (fetched once, before any incident), else the extent of
   * what the user may see in the period at the coarsest grid; so the incidents are asked for
   * once, for the view the user gets.
   */
  async function firstView() {
    try {
      await zonesAt(period().until);
      let b = L.featureGroup(Object.values(zoneGroups)).getBounds();
      if (!b.isValid()) {
        const q = filters();
        q.set('bbox', '-180,-85,180,85');
        q.set('zoom', '0');
        b = L.geoJSON(await api(`/api/v1/map/incidents?${q}`)).getBounds();
      }
      if (b.isValid()) map.fitBounds(b, { padding: [20, 20], maxZoom: 12, animate: false });
    } catch (e) {
      if (!(e instanceof ApiError) && !(e instanceof NetworkError)) throw e;
    }
  }

  function drawZones(fc) {
    Object.values(zoneGroups).forEach((g) => g.clearLayers());
    for (const f of fc.features || []) {
      (zoneGroups[f.properties.type] || zoneGroups.area_of_responsibility).addLayer(zoneLayer(f));
    }
  }

  function draw(fc) {
    list.replaceChildren();
    countLabel.textContent = t('map.inView', { n: fc.numberMatched });
    if (heat.checked) {
      incidents.clearLayers();
      drawHeat(heatCells, fc, heatRenderer);
      return;
    }
    heatCells.clearLayers();
    const singles = drawClusters(incidents, fc, map);
    // The side list names the incidents drawn one by one, latest workflow status first.
    for (const f of singles.slice().reverse().slice(0, 200)) {
      const p = f.properties;
      list.append(h('li', { dataset: { incident: f.id, status: p.status } },
        h('span', { class: 'swatch dot', dataset: { colour: statusColour(p.status) } }),
        h('a', { href: `#/incidents/${f.id}` }, `${categoryLabel(p.category)} — ${statusLabel(p.status)}`),
        h('span', { class: 'muted' }, ` ${when(p.observedAt)} · ${t('incident.severity')} ${p.severity}`)));
    }
    list.querySelectorAll('.swatch.dot').forEach((s) => { s.style.background = s.dataset.colour; });
  }

  /** "Export this view": the export API with the map's box and filters, downloaded with the user's token. */
  async function exportView() {
    const q = filters();
    q.set('bbox', bboxOf(map.getBounds()));
    // The export API filters severity and the finding's party with CQL2 (docs/gis.md, "Filters").
    const cql = [];
    if (q.has('severity')) cql.push(`severity IN (${q.get('severity')})`);
    if (q.has('party')) cql.push(`findingParty IN (${q.get('party').split(',').map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')})`);
    q.delete('severity');
    q.delete('party');
    if (cql.length) q.set('filter', cql.join(' AND '));
    const format = formatSelect.value;
    const path = `/api/v1/exports/incidents.${format}?${q}`;
    exportButton.dataset.href = path;
    exportButton.disabled = true;
    try {
      const res = await api(path, { raw: true });
      const url = URL.createObjectURL(await res.blob());
      const a = h('a', { href: url, download: `incidents.${format}`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      if (!(e instanceof ApiError) && !(e instanceof NetworkError)) throw e;
      countLabel.textContent = e instanceof ApiError ? e.describe() : t('error.network');
    } finally {
      exportButton.disabled = false;
    }
  }

  let timer;
  const later = () => { clearTimeout(timer); timer = setTimeout(load, 250); };
  const showPeriod = () => {
    const { from, until } = period();
    timeLabel.textContent = `${when(from.toISOString())} – ${when(until.toISOString())}`;
  };
  showPeriod();
  slider.addEventListener('input', () => { showPeriod(); later(); });
  windowSelect.addEventListener('change', showPeriod);
  for (const control of [windowSelect, showSelect, categorySelect, severitySelect, partySelect, heat]) {
    control.addEventListener('change', load);
  }
  exportButton.addEventListener('click', exportView);
  const onChange = () => later();
  window.addEventListener('trucewatch:queue-change', onChange);
  await firstView();
  map.on('moveend', later);
  await load();
  const sized = setTimeout(() => map.invalidateSize(), 0);
  return () => {
    window.removeEventListener('trucewatch:queue-change', onChange);
    clearTimeout(timer);
    clearTimeout(sized);
    seq++; // a load still in flight draws nothing
    map.off('moveend', later);
    dispose(map);
  };
}
