// The service worker keeps the app's own files so that the report form opens without a
// network. Files: network first (an online user always gets the current release), the
// kept copy when the network fails. The API is never cached here: reports wait in the
// page's outbox (js/outbox.js), not in the worker. The base map's tiles (/basemap/tiles/, from
// the operator's MBTiles file) are kept in a cache of their own, cache first: a tile seen once
// is there offline, and a base map changes far less often than the app.
const CACHE = 'trucewatch-app-v6';
const TILES = 'trucewatch-tiles-v1';
const SHELL = [
  './', 'index.html', 'manifest.webmanifest', 'icons/icon.svg', 'css/app.css',
  'js/app.js', 'js/api.js', 'js/dom.js', 'js/i18n.js', 'js/sse.js', 'js/notices.js', 'js/outbox.js', 'js/vault.js', 'js/taxonomy.js', 'js/vocabulary.js', 'js/ui.js',
  'js/mechanisms.js', 'js/style.js', 'js/mapkit.js', 'js/mapcluster.js', 'js/map.js', 'js/queues.js', 'js/incident.js', 'js/agenda.js', 'js/report.js', 'js/media.js', 'js/admin.js',
  'js/statistics.js', 'js/statquery.js', 'js/statcharts.js', 'js/statreports.js', 'js/statlist.js',
  'i18n/en.json', 'i18n/fr.json', 'i18n/es.json', 'i18n/ar.json',
  'lib/leaflet/leaflet.js', 'lib/leaflet/leaflet.css', 'lib/leaflet/images/layers.png', 'lib/leaflet/images/layers-2x.png', 'basemap/countries-50m.json',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('trucewatch-app-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/basemap/tiles/')) {
    event.respondWith(caches.open(TILES).then((c) => c.match(event.request).then((hit) => hit || fetch(event.request)
      .then((res) => {
        if (res.ok) c.put(event.request, res.clone());
        return res;
      }))));
    return;
  }
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) return;
  event.respondWith(fetch(event.request).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(event.request, copy));
    }
    return res;
  }).catch(() => caches.match(event.request, { ignoreSearch: true })
    .then((hit) => hit || (event.request.mode === 'navigate' ? caches.match('index.html') : Response.error()))));
});
