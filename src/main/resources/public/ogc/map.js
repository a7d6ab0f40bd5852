// The small map of the OGC API's HTML pages (org.trucewatch.gis.ogc.OgcHtml): the features of
// the page (ids and geometries only, CRS84, from the element's data-geojson) over the app's
// offline country outlines, with Leaflet from the service's own webjar (no CDN). A feature's
// id is shown as text, never as HTML; a click opens the feature's page.
(function () {
  'use strict';
  const el = document.getElementById('map');
  if (!el || !window.L) {
    return;
  }
  const data = JSON.parse(el.dataset.geojson);
  const map = L.map(el, { zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.createPane('base').style.zIndex = 200;
  const outlines = L.geoJSON(null, { pane: 'base', interactive: false,
    style: { color: '#8a8a8a', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 } }).addTo(map);
  fetch(el.dataset.basemap).then((r) => r.json()).then((fc) => outlines.addData(fc)).catch(() => {});
  const features = L.geoJSON(data, {
    pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 6, color: '#fff', weight: 1.5, fillColor: '#b03a2e', fillOpacity: 0.9 }),
    style: { color: '#b03a2e', weight: 3, fillOpacity: 0.25 },
    onEachFeature: (f, layer) => {
      layer.bindTooltip(() => {
        const label = document.createElement('span');
        label.textContent = String(f.id);
        return label;
      });
      layer.on('click', () => {
        window.location.href = el.dataset.items + '/' + encodeURIComponent(f.id) + '?f=html';
      });
    },
  }).addTo(map);
  L.control.scale({ metric: true, imperial: false }).addTo(map);
  const bounds = features.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { maxZoom: 12, padding: [24, 24] });
  } else {
    map.setView([20, 0], 2);
  }
}());
