// The meeting: a chair sets the proposed action of an item on the local agenda, the agenda prints
// (Chromium's own PDF) with the item's reference, positions and map on a page of its own, and after
// the meeting the chair records the outcome on one screen with the keyboard; axe-core finds no
// violation of any impact on either screen. Then, for the periodic reports, the chair marks the
// item notable on its incident page with the keyboard, and a party's delegate reads the summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, browser, call, context, reportInAnori, result, screenshot, signIn, token, workToFinding } from '../support.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const run = Math.random().toString(36).slice(2, 8);
const STATEMENT = `No unit of ours was there ${run}`;
let b;
let incident;

before(async () => {
  b = await browser();
  // An incident in the Anorí team's area (a box checked to lie inside it), at a minute of its own,
  // worked to a recorded finding through the API: it is on the local agenda.
  const monitor = await token('monitor.co', 'demo-monitor-co');
  const sent = await reportInAnori(monitor);
  assert.equal(sent.status, 201, JSON.stringify(sent.json));
  const chair = await token('chair.co', 'demo-chair-co');
  const items = await call(chair, '/api/v1/queues/colombia-mmv.local.mmv-local-anori/items?limit=1000');
  const id = items.json.find((i) => i.reports.some((r) => r.reportId === sent.json.id))?.id;
  assert.ok(id, 'the report was routed to the Anorí team');
  const vocabulary = (await call(chair, '/api/v1/vocabulary')).json;
  for (const moved of await workToFinding(chair, id, vocabulary, `patrol visit ${run}`)) {
    assert.equal(moved.status, 200, JSON.stringify(moved.json));
  }
  const disputes = vocabulary.positions[1].code;
  const stated = await call(chair, `/api/v1/incidents/${id}/positions`, { method: 'POST',
    body: { party: 'FARC-EP', position: disputes, statement: STATEMENT } });
  assert.equal(stated.status, 200, JSON.stringify(stated.json));
  // The reference comes a moment after the incident (docs/mechanisms.md): wait for it, with a deadline.
  const deadline = Date.now() + 10000;
  while (!incident?.reference && Date.now() < deadline) {
    incident = (await call(chair, `/api/v1/incidents/${id}`)).json;
    if (!incident.reference) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(incident.reference, 'the incident got its reference');
});

after(async () => { await b?.close(); });

async function violations(page, within = null) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (include) => (await window.axe.run(include ? { include } : document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  })).violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
  within);
}

test('the chair proposes an action, prints the meeting pack with positions and records the outcome', async () => {
  // axe is injected as an inline script, which the app's CSP forbids: this context alone bypasses it.
  const ctx = await context(b, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, 'chair.co', 'demo-chair-co');
  await page.goto('/app/#/agenda/colombia-mmv/local');
  const item = page.locator(`#agenda-items li[data-incident="${incident.id}"]`);
  await item.waitFor();
  assert.match(await item.locator('h2').innerText(), new RegExp(`^${incident.reference} — `));
  assert.match(await item.locator('.positions-table').innerText(), new RegExp(STATEMENT));

  // The proposed action, from the keyboard: focus stays on the button pressed.
  const proposal = `Joint patrol with both parties ${run}`;
  await item.locator('textarea').fill(proposal);
  const save = item.locator(`#proposal-save-${incident.id}`);
  await save.focus();
  await page.keyboard.press('Enter');
  await page.locator(`#proposal-text-${incident.id}`, { hasText: proposal }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), `proposal-save-${incident.id}`);

  // Every map drawn before axe and the printer look at the page: a map is asked for when it comes
  // near the screen, so each is brought there in turn.
  for (const img of await page.locator('img.agenda-map').all()) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('img.agenda-map')].every((i) => i.complete && i.naturalWidth > 0));
  assert.deepEqual(await violations(page), []);
  await screenshot(page, 'meeting-pack', { at: `#agenda-items li[data-incident="${incident.id}"]` });

  // Printed: no link text and no app around it, one item a page, the reference and the positions on it.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await item.locator('a').isVisible(), false);
  const breaks = await page.evaluate(() => [...document.querySelectorAll('.agenda-item')].slice(1)
    .map((li) => getComputedStyle(li).breakBefore));
  assert.ok(breaks.every((v) => v === 'page'), JSON.stringify(breaks));
  const pdf = await page.pdf({ format: 'A4' });
  const dir = join(PROJECT, 'target/e2e');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meeting-pack-print.pdf'), pdf);
  assert.ok(pdf.length > 10000);
  await page.emulateMedia({ media: 'screen' });

  // After the meeting: the outcome screen, worked with the keyboard.
  await page.goto('/app/#/agenda/colombia-mmv/local/outcome');
  const decision = page.locator(`#outcome-decision-${incident.id}`);
  await decision.waitFor();
  assert.deepEqual(await violations(page), []);
  const offered = await decision.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes('escalate'), JSON.stringify(offered));
  const vocabulary = (await call(await token('chair.co', 'demo-chair-co'), '/api/v1/vocabulary')).json;
  // Closing: the last status of the workflow the screen offers (reviewed, then closed, in one step).
  const closed = vocabulary.statuses.filter((s) => !s.open && offered.includes(s.code)).map((s) => s.code).pop();
  await decision.selectOption(closed);
  const accepts = vocabulary.positions[0].code;
  await page.locator(`#outcome-position-${incident.id}-GOV-CO`).selectOption(accepts);
  await page.locator(`#outcome-statement-${incident.id}-GOV-CO`).fill(`Accepted in the meeting ${run}`);
  const submit = page.locator('#outcome-submit');
  await submit.focus();
  await page.keyboard.press('Enter');
  await page.locator('#outcome-status', { hasText: /Recorded/ }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcome-submit');
  assert.deepEqual(await violations(page), []);
  await screenshot(page, 'meeting-outcome');

  // In Arabic the pack reads right to left, and still passes axe at every impact.
  await page.goto('/app/#/agenda/colombia-mmv/local');
  await page.locator('#agenda-items, #agenda-empty').first().waitFor();
  await page.locator('#lang').selectOption('ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.locator('.agenda h1').waitFor();
  await page.locator('#agenda-items, #agenda-empty').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('img.agenda-map')].every((i) => i.complete));
  assert.deepEqual(await violations(page), []);
  await page.locator('#lang').selectOption('en');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
  result('meeting', { incidentId: incident.id, reference: incident.reference, decision: closed, proposal });
});

test('the chair marks the incident notable for the periodic reports from the keyboard; a delegate reads the summary', async () => {
  const ctx = await context(b, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, 'chair.co', 'demo-chair-co');
  await page.goto(`/app/#/incidents/${incident.id}`);
  const form = page.locator('#notable-form');
  await form.waitFor();
  // axe-core, every impact, on the form and the mark it shows.
  const notableParts = [['#notable-form'], ['#notable']];
  assert.deepEqual(await violations(page, notableParts), []);

  // Marked from the keyboard: the summary, the public's choice with Space, saved with Enter; focus stays on the button.
  const summary = `Armed presence beside the Anorí school, seen by two patrols ${run}`;
  await page.locator('#notable-text').fill(summary);
  await page.locator('#notable-publishable').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'notable-save');
  await page.keyboard.press('Enter');
  await page.locator('#notable-summary', { hasText: summary }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'notable-save');
  assert.equal(await page.locator('#notable-publishable').isChecked(), true);
  await page.locator('#timeline li[data-kind="notable_publishable"]').waitFor();
  assert.deepEqual(await violations(page, notableParts), []);
  await screenshot(page, 'incident-notable', { at: '#notable-form' });

  // Withdrawn with the keyboard: the mark goes, focus goes to the form's button, not the top of the page.
  await page.locator('#notable-withdraw').focus();
  await page.keyboard.press('Enter');
  await page.locator('#notable').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'notable-save');
  assert.equal(await page.locator('#notable-withdraw').count(), 0);

  // Marked again, not for the public this time: the mark the reports will read.
  const kept = `Armed presence beside the school ${run}`;
  await page.locator('#notable-text').fill(kept);
  await page.locator('#notable-save').focus();
  await page.keyboard.press('Enter');
  await page.locator('#notable-summary', { hasText: kept }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'notable-save');
  assert.equal(await page.locator('#notable-publishable').isChecked(), false);
  assert.deepEqual(await violations(page, notableParts), []);
  assert.deepEqual(ctx.errors, []);
  await ctx.close();

  // The delegate of a party reads that it is notable, and the summary (their report names it), not who marked it.
  const dctx = await context(b, { viewport: { width: 1280, height: 900 } });
  const dpage = await dctx.newPage();
  await signIn(dpage, 'farc.delegate', 'demo-farc-delegate');
  await dpage.goto(`/app/#/incidents/${incident.id}`);
  await dpage.locator('#notable-summary', { hasText: kept }).waitFor();
  assert.equal(await dpage.locator('#notable-form').count(), 0);
  assert.doesNotMatch(await dpage.locator('article.incident').innerText(), /chair\.co/);
  assert.deepEqual(dctx.errors, []);
  await dctx.close();
  result('notable', { incidentId: incident.id, first: summary, kept });
});
