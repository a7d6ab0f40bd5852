// Pieces shared by the maps of the app (the main map, an incident's map): the base map (the
// operator's tiles when the service names some, over the country outlines shipped with the
// app), and zones drawn by type with their popup.
import { kept } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { ZONE_STYLES, severityRadius, statusColour } from './style.js';

let outlines = null;
let tiles = null;
/** Raster formats a browser draws as images (an MBTiles of vector tiles, pbf, is not drawn). */
const RASTER = ['png', 'jpg', 'jpeg', 'webp', undefined];

/**
 * The service's base map (GET /api/v1/map/basemap, TileJSON 3.0.0): its tiles as a layer in the
 * tiles pane, or nothing when it names none (the outlines alone then).
 */
function addTiles(map) {
  // Kept on the device: offline, the last answer still names the tiles the service worker kept.
  tiles = tiles || kept('/api/v1/map/basemap', 'trucewatch.basemap');
  tiles.then((doc) => {
    if (map.disposed || !doc?.tiles?.length || !RASTER.includes(doc.format)) return;
    const b = doc.bounds;
    L.tileLayer(doc.tiles[0], { pane: 'tiles', attribution: doc.attribution, minZoom: 0, maxZoom: 19,
      minNativeZoom: doc.minzoom, maxNativeZoom: doc.maxzoom,
      bounds: b ? [[b[1], b[0]], [b[3], b[2]]] : undefined, className: 'basemap-tiles' }).addTo(map);
  });
}

/** A Leaflet map on el with the base map under it and its controls in the user's language. */
export function baseMap(el, options = {}) {
  const map = L.map(el, { zoomSnap: 0.5, attributionControl: true, zoomControl: false, ...options });
  L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t('map.attribution'));
  map.createPane('base').style.zIndex = 200;
  map.createPane('tiles').style.zIndex = 250;
  addTiles(map);
  const countries = L.geoJSON(null, { pane: 'base', interactive: false,
    style: { color: '#8a8a8a', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 } }).addTo(map);
  outlines = outlines || fetch('basemap/countries-50m.json').then((r) => r.json());
  outlines.then((fc) => countries.addData(fc)).catch(() => {});
  L.control.scale({ metric: true, imperial: false }).addTo(map);
  return map;
}

/** One zone version (an OGC API feature of the zones layer) as a Leaflet layer with its popup. */
export function zoneLayer(f) {
  const type = f.properties.type;
  const style = ZONE_STYLES[type] || ZONE_STYLES.area_of_responsibility;
  const layer = L.geoJSON(f, { style: { ...style, fillColor: style.color, className: `zone-layer zone-layer-${type}` } });
  layer.bindPopup(() => h('div', { class: 'popup' },
    h('strong', {}, f.properties.name || f.properties.code),
    h('div', {}, `${t(`zone.${type}`)} · ${f.properties.code} · v${f.properties.version}`),
    f.properties.securityZoneM ? h('div', {}, t('map.securityZone', { m: f.properties.securityZoneM })) : null,
    f.properties.party ? h('div', {}, `${t('incident.party')}: ${f.properties.party}`) : null));
  return layer;
}

/**
 * Removes a map, first stopping any pan or zoom in progress: Leaflet's animation frames
 * would otherwise run on the removed map and throw.
 */
export function dispose(map) {
  map.disposed = true;
  map.stop();
  map.remove();
}

/**
 * An incident's geometry (GeoJSON) as a Leaflet layer: filled with its status's colour, a
 * point sized by severity and outlined in black from severity 4, the same on every map.
 */
export function incidentLayer(geojson, status, severity) {
  const colour = statusColour(status);
  const className = `incident-marker status-${status}`;
  return L.geoJSON(geojson, {
    pointToLayer: (pt, ll) => L.circleMarker(ll, { radius: severityRadius(severity), color: severity >= 4 ? '#000' : '#fff',
      weight: severity >= 4 ? 2.5 : 1.5, fillColor: colour, fillOpacity: 0.9, className }),
    style: { color: colour, weight: 3, className },
  });
}
