// Drawing what GET /api/v1/map/incidents answers (docs/webapp.md, "The map at volume"): the
// service clusters incidents on a grid in PostGIS; this draws a cluster as a disc whose sectors
// are its counts by status, sized by its count, outlined in black when it holds severity 4 or
// more; a single incident as every map draws one (mapkit.incidentLayer); the heat map's cells as
// squares shaded by count. A click on a cluster zooms in on it. Later statuses of the workflow (escalated, decided) are drawn above
// earlier ones, so that new reports never hide them.
import { h } from './dom.js';
import { t, when } from './i18n.js';
import { categoryLabel } from './taxonomy.js';
import { HEAT_COLOUR, statusColour } from './style.js';
import { statusLabel, statuses } from './vocabulary.js';
import { incidentLayer } from './mapkit.js';

/** A status's rank in the workflow: drawn above every lower rank. */
function rank(code) {
  const i = statuses().findIndex((s) => s.code === code);
  return i < 0 ? 0 : i + 1;
}

/** The highest workflow rank among a cluster's statuses. */
function topRank(counts) {
  return Math.max(0, ...Object.keys(counts || {}).map(rank));
}

/** A conic gradient of the statuses' shares, in workflow order (set through the CSSOM: the CSP allows no inline style). */
function sectors(counts, total) {
  let at = 0;
  const parts = statuses().filter((s) => counts[s.code]).map((s) => {
    const from = at;
    at += (counts[s.code] / total) * 360;
    return `${statusColour(s.code)} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
  });
  return parts.length ? `conic-gradient(${parts.join(', ')})` : statusColour(null);
}

/** A cluster in words (its marker's title): how many, by status, and the highest severity. */
function clusterText(p) {
  const byStatus = statuses().filter((s) => p.statuses[s.code]).map((s) => `${statusLabel(s.code)} ${p.statuses[s.code]}`);
  return `${t('map.cluster', { n: p.count })}: ${byStatus.join(', ')}; ${t('map.maxSeverity')} ${p.maxSeverity}. ${t('map.zoomToSee')}`;
}

function singlePopup(f) {
  const p = f.properties;
  return h('div', { class: 'popup', dataset: { incident: f.id } },
    h('strong', {}, categoryLabel(p.category)),
    h('div', {}, `${statusLabel(p.status)} · ${t('incident.severity')} ${p.severity}`),
    h('div', {}, when(p.observedAt)),
    h('a', { href: `#/incidents/${f.id}` }, t('map.open')));
}

/** A cluster's marker: a disc of its statuses with its count; a click zooms in on it. */
function clusterMarker(f, map) {
  const p = f.properties;
  const size = Math.round(24 + 8 * Math.log10(p.count));
  const disc = h('span', { class: `map-cluster${p.maxSeverity >= 4 ? ' severe' : ''}` }, h('span', {}, String(p.count)));
  disc.style.background = sectors(p.statuses, p.count);
  disc.style.inlineSize = `${size}px`;
  disc.style.blockSize = `${size}px`;
  const [lon, lat] = f.geometry.coordinates;
  const marker = L.marker([lat, lon], {
    icon: L.divIcon({ html: disc, className: 'map-cluster-icon', iconSize: [size, size] }),
    keyboard: false, title: clusterText(p), zIndexOffset: topRank(p.statuses) * 1000 + p.count,
  });
  marker.on('click', () => map.setView([lat, lon], Math.min(map.getMaxZoom(), map.getZoom() + 2)));
  return marker;
}

/**
 * Draws a FeatureCollection of the clusters view into group (cleared first); returns the single
 * incidents' features in drawing order (the side list shows them).
 */
export function drawClusters(group, fc, map) {
  group.clearLayers();
  const singles = [];
  const clusters = [];
  for (const f of fc.features || []) (f.id ? singles : clusters).push(f);
  // SVG draws in document order: earlier workflow statuses first, then the more severe on top.
  singles.sort((a, b) => rank(a.properties.status) - rank(b.properties.status) || a.properties.severity - b.properties.severity);
  for (const f of singles) {
    const layer = incidentLayer(f, f.properties.status, f.properties.severity);
    layer.bindPopup(() => singlePopup(f));
    group.addLayer(layer);
  }
  for (const f of clusters) group.addLayer(clusterMarker(f, map));
  return singles;
}

/** Draws the heat map's cells into group: one colour, more opaque for more incidents. */
export function drawHeat(group, fc, renderer) {
  group.clearLayers();
  const max = Math.max(1, ...(fc.features || []).map((f) => f.properties.count));
  for (const f of fc.features || []) {
    const share = Math.sqrt(f.properties.count / max);
    group.addLayer(L.geoJSON(f, { interactive: false, style: { renderer, stroke: false, fillColor: HEAT_COLOUR,
      fillOpacity: 0.15 + 0.6 * share, className: 'heat-cell' } }));
  }
}
