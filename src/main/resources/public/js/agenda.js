// A level's meeting: the agenda (the meeting pack: per item its reference, place, small map,
// finding, the parties' positions and the chair's proposed action; printed one item a page,
// references instead of links; as PDF from the server) and, after the meeting, the outcome
// screen where the chair records every item's decision and the positions stated, in one step.
import { api, session } from './api.js';
import { h, facts } from './dom.js';
import { label, language, t, when } from './i18n.js';
import { partyName, protocol } from './mechanisms.js';
import { categoryLabel, loadTaxonomy } from './taxonomy.js';
import { failed, toast } from './ui.js';
import { findingLabel, loadVocabulary, positionLabel, positions, statusLabel } from './vocabulary.js';

const ESCALATE = 'escalate';

export async function show(root, [code, level, mode]) {
  await Promise.all([loadTaxonomy(), loadVocabulary()]);
  const mechanisms = [...new Set((session.user?.grants || [])
    .filter((g) => ['chair', 'party_delegate', 'gis_analyst'].includes(g.role) && g.mechanism).map((g) => g.mechanism))];
  code = code || mechanisms[0];
  if (!code) {
    root.append(h('p', { class: 'muted' }, t('agenda.none')));
    return null;
  }
  const p = await protocol(code);
  const levels = p?.levels || [];
  // A chair whose grant names a level meets at that level: a local chair's agenda opens on
  // the local level, not the national one; others start at the highest level.
  const own = (session.user?.grants || []).find((g) => g.mechanism === code && g.level
    && levels.some((l) => l.code === g.level))?.level;
  level = level || own || levels[levels.length - 1]?.code;
  const base = `#/agenda/${encodeURIComponent(code)}/${encodeURIComponent(level)}`;
  const maps = lazyMaps();
  const pick = h('form', { class: 'filters no-print' },
    h('label', { for: 'agenda-mechanism' }, t('agenda.mechanism')),
    h('select', { id: 'agenda-mechanism' }, await Promise.all(mechanisms.map(async (m) =>
      h('option', { value: m, selected: m === code }, label((await protocol(m))?.name, m))))),
    h('label', { for: 'agenda-level' }, t('agenda.level')),
    h('select', { id: 'agenda-level' }, levels.map((l) => h('option', { value: l.code, selected: l.code === level }, label(l.name, l.code)))),
    h('button', { type: 'button', id: 'print', onclick: () => maps.all().then(() => window.print()) }, t('agenda.print')),
    h('button', { type: 'button', id: 'agenda-pdf', onclick: (ev) => pdf(ev.currentTarget, code, level) }, t('agenda.pdf')));
  pick.addEventListener('change', (ev) => {
    const m = pick.querySelector('#agenda-mechanism').value;
    const l = ev.target.id === 'agenda-mechanism' ? '' : pick.querySelector('#agenda-level').value;
    location.hash = `#/agenda/${encodeURIComponent(m)}${l ? `/${encodeURIComponent(l)}` : ''}`;
  });
  root.append(pick);
  let items;
  try {
    items = await api(`/api/v1/mechanisms/${encodeURIComponent(code)}/agenda?level=${encodeURIComponent(level)}`);
  } catch (e) {
    failed(e);
    return null;
  }
  const levelName = label(levels.find((l) => l.code === level)?.name, level);
  const decided = items.some((i) => (i.decisions || []).length);
  if (mode === 'outcome') {
    root.append(await outcomeScreen({ code, level, levelName, p, items, base }));
    return null;
  }
  const urls = maps.urls;
  root.append(h('article', { class: 'agenda' },
    h('h1', {}, t('agenda.title', { mechanism: label(p?.name, code), level: levelName })),
    h('p', { class: 'muted' }, `${p?.agreement || ''} · ${t('agenda.generated', { at: when(new Date().toISOString()) })}`),
    decided ? h('p', { class: 'no-print' }, h('a', { href: `${base}/outcome`, id: 'agenda-outcome' }, t('agenda.recordOutcome'))) : null,
    items.length ? h('ul', { id: 'agenda-items', class: 'agenda-items' },
      await Promise.all(items.map((i) => agendaItem(code, i, maps))))
      : h('p', { id: 'agenda-empty' }, t('agenda.empty'))));
  return () => { maps.stop(); urls.forEach((u) => URL.revokeObjectURL(u)); };
}

/**
 * The items' small maps, each asked of the server when it comes near the screen (an agenda of
 * hundreds of items would otherwise ask for hundreds at once), and all of them before printing.
 */
function lazyMaps() {
  const waiting = new Map(); // img -> its loader, until loaded
  const urls = [];
  const load = (img) => {
    const go = waiting.get(img);
    waiting.delete(img);
    observer?.unobserve(img);
    return go ? go() : Promise.resolve();
  };
  const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => entries
    .filter((e) => e.isIntersecting).forEach((e) => load(e.target)), { rootMargin: '600px' }) : null;
  return {
    urls,
    add(img, loader) {
      waiting.set(img, loader);
      if (observer) observer.observe(img);
      else load(img);
    },
    all: () => Promise.all([...waiting.keys()].map(load)),
    stop: () => observer?.disconnect(),
  };
}

/** One item: headed by its reference (what the parties cite on paper), then its facts, map and positions. */
async function agendaItem(code, i, maps) {
  const ref = i.reference || t('agenda.unnumbered');
  const map = h('img', { class: 'agenda-map', alt: t('agenda.mapOf', { reference: ref }), width: 480, height: 300 });
  maps.add(map, () => api(i.map, { raw: true, accept: 'image/png, application/problem+json' }).then((res) => res.blob())
    .then((blob) => new Promise((resolve) => {
      const url = URL.createObjectURL(blob);
      maps.urls.push(url);
      map.addEventListener('load', resolve, { once: true });
      map.addEventListener('error', resolve, { once: true });
      map.src = url;
    }))
    .catch(() => map.replaceWith(h('p', { class: 'muted' }, t('agenda.noMap')))));
  const finding = i.finding ? `${findingLabel(i.finding.finding)}${i.finding.party
    ? ` — ${await partyName(code, i.finding.party)}` : ''}${i.finding.summary ? ` — ${i.finding.summary}` : ''}` : t('agenda.noFinding');
  return h('li', { class: 'agenda-item', dataset: { incident: i.id, reference: i.reference || '' } },
    h('h2', { id: `item-${i.id}` }, ref, ' — ', categoryLabel(i.category)),
    h('p', { class: 'no-print' }, h('a', { href: `#/incidents/${i.id}` }, t('agenda.openIncident', { reference: ref }))),
    h('div', { class: 'agenda-item-body' },
      facts([
        [t('agenda.place'), i.place ? placeName(i.place) : ''],
        [t('incident.observedAt'), when(i.observedAt)],
        [t('incident.status'), statusLabel(i.status)],
        [t('incident.severity'), String(i.severity)],
        [t('agenda.zones'), (i.zones || []).map(placeName).join(', ')],
        [t('incident.violations'), (i.violations || []).map((v) => v.article).join(', ')],
        [t('incident.finding'), finding],
      ]),
      map),
    await positionsTable(code, i),
    h('h3', {}, t('agenda.proposedAction')),
    h('p', { dir: 'auto', class: 'proposal', id: `proposal-text-${i.id}` }, i.proposedAction?.text || t('agenda.noProposal')),
    (i.decisions || []).length ? proposalForm(i) : null);
}

async function positionsTable(code, i) {
  return h('table', { class: 'positions-table' },
    h('caption', {}, t('agenda.positions')),
    h('thead', {}, h('tr', {}, ['agenda.party', 'agenda.position', 'agenda.statement', 'agenda.recordedAt']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, await Promise.all((i.positions || []).map(async (x) => h('tr', { dataset: { party: x.party } },
      h('th', { scope: 'row' }, await partyName(code, x.party)),
      h('td', {}, positionLabel(x.position)),
      h('td', { dir: 'auto' }, x.statement || ''),
      h('td', {}, x.recordedAt ? when(x.recordedAt) : ''))))));
}

/** The chair sets the proposed action; focus stays on the button pressed. */
function proposalForm(i) {
  const id = `proposal-${i.id}`;
  const text = h('textarea', { id, rows: 2, dir: 'auto', maxlength: 4000 }, i.proposedAction?.text || '');
  const save = h('button', { type: 'submit', id: `proposal-save-${i.id}` }, t('agenda.saveProposal'));
  const form = h('form', { class: 'proposal-form no-print' },
    h('label', { for: id }, t('agenda.proposedActionOf', { reference: i.reference || t('agenda.unnumbered') })), text, save);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api(`/api/v1/incidents/${i.id}/proposed-action`, { method: 'PUT', body: { text: text.value } });
      document.getElementById(`proposal-text-${i.id}`).textContent = text.value.trim();
      toast(t('agenda.proposalSaved'), 'ok');
    } catch (e) {
      failed(e);
    }
    save.focus();
  });
  return form;
}

function placeName(z) {
  return label(z.name, z.zone);
}

/** The meeting pack as the server renders it (PDF, in the user's language), opened in a new tab. */
async function pdf(button, code, level) {
  try {
    const res = await api(`/api/v1/mechanisms/${encodeURIComponent(code)}/agenda.pdf?level=${encodeURIComponent(level)}`
      + `&lang=${language()}`, { raw: true, accept: 'application/pdf, application/problem+json' });
    const url = URL.createObjectURL(await res.blob());
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    failed(e);
  }
  button.focus();
}

/**
 * After the meeting: every item the chair may decide, its decision (the moves the server offers
 * for it) and the positions stated; one submit records them all or none (docs/mechanisms.md).
 */
async function outcomeScreen({ code, level, levelName, p, items, base }) {
  const open = items.filter((i) => (i.decisions || []).length);
  const status = h('p', { id: 'outcome-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'outcome-submit' }, t('meeting.submit'));
  const fieldsets = await Promise.all(open.map(async (i) => {
    const ref = i.reference || t('agenda.unnumbered');
    const parties = await Promise.all((i.positions || []).map(async (x) => {
      const name = await partyName(code, x.party);
      return h('div', { class: 'outcome-position', dataset: { party: x.party } },
        h('label', { for: `outcome-position-${i.id}-${x.party}` }, t('meeting.positionOf', { party: name })),
        h('select', { id: `outcome-position-${i.id}-${x.party}`, name: 'position' },
          h('option', { value: '' }, t('meeting.unchanged', { position: positionLabel(x.position) })),
          positions().map((pos) => h('option', { value: pos.code }, label(pos.labels, pos.code)))),
        h('label', { for: `outcome-statement-${i.id}-${x.party}` }, t('meeting.statementOf', { party: name })),
        h('input', { id: `outcome-statement-${i.id}-${x.party}`, name: 'statement', dir: 'auto', maxlength: 4000 }));
    }));
    return h('fieldset', { class: 'outcome-item', dataset: { incident: i.id } },
      h('legend', {}, `${ref} — ${categoryLabel(i.category)} (${statusLabel(i.status)})`),
      i.proposedAction ? h('p', { dir: 'auto' }, `${t('agenda.proposedAction')}: ${i.proposedAction.text}`) : null,
      h('label', { for: `outcome-decision-${i.id}` }, t('meeting.decision')),
      h('select', { id: `outcome-decision-${i.id}`, name: 'decision', 'aria-describedby': `outcome-error-${i.id}` },
        h('option', { value: '' }, t('meeting.noDecision')),
        i.decisions.map((d) => h('option', { value: d }, d === ESCALATE ? t('meeting.escalate') : statusLabel(d)))),
      h('p', { class: 'field-error', id: `outcome-error-${i.id}` }),
      parties);
  }));
  const form = h('form', { id: 'outcome-form', class: 'outcome' }, fieldsets, submit, status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    const sent = open.map((i) => ({ i, item: command(form, i) })).filter((x) => x.item);
    if (!sent.length) {
      status.textContent = t('meeting.nothing');
      submit.focus();
      return;
    }
    try {
      const done = await api(`/api/v1/mechanisms/${encodeURIComponent(code)}/agenda/outcome?level=${encodeURIComponent(level)}`,
        { method: 'POST', body: { items: sent.map((x) => x.item) } });
      status.textContent = t('meeting.recorded', { n: done.length });
      toast(status.textContent, 'ok');
      form.querySelectorAll('select, input').forEach((e) => { e.disabled = true; });
      submit.disabled = false;
      submit.textContent = t('meeting.back');
      submit.type = 'button';
      submit.onclick = () => { location.hash = base; };
    } catch (e) {
      status.textContent = `${t('meeting.refused')} ${e.problem?.detail || ''}`;
      for (const err of e.problem?.errors || []) {
        const m = /^\/items\/(\d+)(\/.*)?$/.exec(err.pointer || '');
        const x = m && sent[Number(m[1])];
        if (!x) continue;
        const target = form.querySelector(`#outcome-error-${x.i.id}`);
        target.textContent = [target.textContent, `${m[2] || ''} ${err.detail || ''}`.trim()].filter(Boolean).join(' · ');
        form.querySelector(`#outcome-decision-${x.i.id}`).setAttribute('aria-invalid', 'true');
      }
      if (!(e.problem?.errors || []).length) failed(e);
    }
    submit.focus();
  });
  return h('article', { class: 'outcome-screen' },
    h('h1', {}, t('meeting.title', { mechanism: label(p?.name, code), level: levelName })),
    h('p', { class: 'muted' }, t('meeting.intro')),
    h('p', { class: 'no-print' }, h('a', { href: base }, t('meeting.toAgenda'))),
    open.length ? form : h('p', { id: 'outcome-empty' }, t('meeting.empty')));
}

/** An item's part of the outcome, or null when the chair left it as it was. */
function command(form, i) {
  const decision = form.querySelector(`#outcome-decision-${i.id}`).value;
  const stated = (i.positions || []).map((x) => ({
    party: x.party,
    position: form.querySelector(`#outcome-position-${i.id}-${x.party}`).value,
    statement: form.querySelector(`#outcome-statement-${i.id}-${x.party}`).value.trim() || null,
  })).filter((x) => x.position);
  if (!decision && !stated.length) return null;
  return { incident: i.id, decision: decision || null, positions: stated };
}
