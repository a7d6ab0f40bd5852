// The map's cost over its data: median of RUNS loads, each in a fresh page of one browser.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../../src/test/e2e/package.json', import.meta.url)));
const { chromium } = require('playwright-core');
const BASE = process.env.BASE_URL;
const N = Number(process.env.N);
const RUNS = Number(process.env.RUNS || 7);

const b = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
const ctx = await b.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
const page = await ctx.newPage();
await page.goto('/app/');
await page.locator('#username').fill('chair.co');
await page.locator('#password').fill('demo-chair-co');
await page.keyboard.press('Enter');
await page.locator('#who', { hasText: 'chair.co' }).waitFor();

const data = [];
const map = [];
let drawn = 0;
for (let run = 0; run < RUNS; run++) {
  // Reference: the request the map makes for its incidents, from the same page and token.
  data.push(await page.evaluate(async () => {
    const until = new Date();
    const from = new Date(until.getTime() - 365 * 86400000);
    const t0 = performance.now();
    const res = await fetch(`/ogc/collections/incidents/items?limit=2000&datetime=${from.toISOString()}/${until.toISOString()}`,
      { headers: { Authorization: `Bearer ${localStorage.getItem('trucewatch.token')}`, Accept: 'application/geo+json' },
        cache: 'no-store' });
    await res.json();
    return performance.now() - t0;
  }));
  await page.goto('/app/#/queues');
  await page.locator('#queue-list').waitFor();
  const t0 = Date.now();
  await page.evaluate(() => { location.hash = '#/map'; });
  await page.waitForFunction((n) => document.querySelectorAll('path.incident-marker').length >= n
    && document.querySelectorAll('#map-incidents li').length >= n, Math.min(N, 2000), { timeout: 120000, polling: 50 });
  map.push(Date.now() - t0);
  drawn = await page.locator('path.incident-marker').count();
}
await b.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const d = median(data);
const m = median(map);
console.log(`| incidents drawn | OGC request alone (reference) | map: navigation to all drawn | ratio |`);
console.log(`|---|---|---|---|`);
console.log(`| ${drawn} | ${d.toFixed(0)} ms | ${m.toFixed(0)} ms | ${(m / d).toFixed(1)}× |`);
console.log(`\nmedian of ${RUNS}; runs: data ${data.map((x) => x.toFixed(0)).join(', ')} ms; map ${map.join(', ')} ms`);
