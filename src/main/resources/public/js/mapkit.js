// Pieces shared by the maps of the app (the main map, an incident's map): the offline base
// map of country outlines, and zones drawn by type with their popup.
import { h } from './dom.js';
import { t } from './i18n.js';
import { ZONE_STYLES, severityRadius, statusColour } from './style.js';

let outlines = null;

/** A Leaflet map on el with the country outlines (shipped with the app) as its base. */
export function baseMap(el, options = {}) {
  const map = L.map(el, { zoomSnap: 0.5, attributionControl: true, ...options });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t('map.attribution'));
  map.createPane('base').style.zIndex = 200;
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
