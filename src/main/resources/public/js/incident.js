// One incident: what happened, its reports with their zone relations, the duplicates the
// matcher suggested, the parties' positions, the timeline and (for the chair's staff) the
// audit history; and the chair's actions. What a reader may see is decided by the service:
// the page shows the fields the API returns and nothing else.
import { api, session } from './api.js';
import { facts, h } from './dom.js';
import { language, t, when, metres } from './i18n.js';
import { partyName, protocol, queueName } from './mechanisms.js';
import { categoryLabel, codeLabel, loadTaxonomy } from './taxonomy.js';
import { failed, toast } from './ui.js';
import { baseMap, dispose, incidentLayer, zoneLayer } from './mapkit.js';
import { label } from './i18n.js';
import { findingLabel, findings, loadVocabulary, positionLabel, positions as positionTerms, recordsFinding, statusLabel }
  from './vocabulary.js';

export async function show(root, [id]) {
  await Promise.all([loadTaxonomy(), loadVocabulary()]);
  let incident;

  // A report's content, its files and the staff list do not change while the page is open:
  // fetched once per visit, not again on every live update.
  const fetched = new Map();
  const once = (path) => {
    if (!fetched.has(path)) fetched.set(path, api(path).catch((e) => { fetched.delete(path); throw e; }));
    return fetched.get(path);
  };
  let map = null;
  let gone = false;
  // The section goes in, then its map is drawn (Leaflet measures its element) in place of the
  // last one. A reload that lands after the user has left draws nothing.
  // `sent` is the form whose action has just been answered: its fields start afresh; `then` is
  // where focus goes when the action took away the element that had it (a withdrawn mark's button).
  function place(section, keepInput = false, sent = null, then = null) {
    if (gone) return;
    // Neither a live update nor the answer to another action may wipe what the chair is typing
    // (a live update can draw a change before the action's own answer arrives): the new page
    // gets the old fields' values.
    const typed = keepInput ? [...root.querySelectorAll('input[id], textarea[id], select[id]')]
      .filter((el) => !sent?.contains(el)).map((el) => [el.id, el.type === 'checkbox' ? el.checked : el.value]) : [];
    const active = document.activeElement;
    const focused = keepInput ? active?.id : null;
    // Where the caret (or the selection) was in the field being typed in: a redraw in the middle
    // of typing must not move it, or what is typed next lands in the wrong place.
    const caret = focused && typeof active.selectionStart === 'number' && !sent?.contains(active)
      ? [active.selectionStart, active.selectionEnd, active.selectionDirection] : null;
    root.replaceChildren(section);
    for (const [fieldId, value] of typed) {
      const el = section.querySelector(`#${CSS.escape(fieldId)}`);
      if (el?.type === 'checkbox') {
        el.checked = value;
        continue;
      }
      if (!el || value === '') continue;
      if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === value)) continue;
      el.value = value;
    }
    // Focus stays on the acted-on element; when the action took it away (a claim, a move), on
    // the actions' heading, so a keyboard user goes on from there, not from the top of the page.
    if (focused) {
      const again = section.querySelector(`#${CSS.escape(focused)}`);
      (again || (then && section.querySelector(`#${CSS.escape(then)}`)) || section.querySelector('#actions-title'))?.focus();
      if (again && caret && typeof again.setSelectionRange === 'function') again.setSelectionRange(...caret);
    }
    if (map) {
      dispose(map);
      map = null;
    }
    map = section.drawMap();
  }

  async function load(live = false) {
    try {
      incident = await api(`/api/v1/incidents/${encodeURIComponent(id)}`);
    } catch (e) {
      failed(e);
      root.replaceChildren(h('p', { class: 'error' }, t('incident.notFound')));
      return;
    }
    // A merged incident's address leads (307) to the one it was merged into: go there.
    if (incident.id !== id && incident.reference !== id) {
      location.hash = `#/incidents/${incident.id}`;
      return;
    }
    place(await render(incident, act, once), live);
  }

  async function act(path, body, done, sent = null, { method = 'POST', then = null } = {}) {
    try {
      const answer = await api(`/api/v1/incidents/${encodeURIComponent(id)}/${path}`, { method, body });
      toast(t(done), 'ok');
      // A split answers the new incident: show that one (its own view, from the router).
      if (answer.id !== id) {
        location.hash = `#/incidents/${answer.id}`;
        return;
      }
      incident = answer;
      place(await render(incident, act, once), true, sent, then);
    } catch (e) {
      failed(e);
    }
  }

  const onChange = (ev) => { if (ev.detail?.incidentId === id || ev.detail?.reset) load(true); };
  window.addEventListener('trucewatch:queue-change', onChange);
  await load();
  return () => {
    gone = true;
    window.removeEventListener('trucewatch:queue-change', onChange);
    if (map) dispose(map);
    map = null;
  };
}

async function render(i, act, once) {
  // What this reader may do, and whether they see the incident in full, as the API says:
  // the page offers exactly the actions the API will accept and never decides them itself.
  const can = new Set(i.actions || []);
  const full = i.visibility === 'FULL';
  const p = await protocol(i.mechanism);
  const parties = p?.parties || [];
  const section = h('article', { class: 'incident', dataset: { incident: i.id, status: i.status } },
    h('p', {}, h('a', { href: `#/queues/${encodeURIComponent(i.queue)}` }, `${document.documentElement.dir === 'rtl' ? '→' : '←'} ${await queueName(i.queue)}`)),
    h('h1', {}, categoryLabel(i.category), ' ',
      h('span', { id: 'incident-status', class: `badge status-${i.status}` }, statusLabel(i.status))),
    facts([
      [t('incident.reference'), i.reference],
      [t('incident.severity'), String(i.severity)],
      [t('incident.observedAt'), when(i.observedAt) + (i.observedUntil ? ` – ${when(i.observedUntil)}` : '')],
      [t('incident.queue'), await queueName(i.queue)],
      [t('incident.deadline'), i.deadline ? `${when(i.deadline)}${i.overdue ? ` (${t('queues.overdue')})` : ''}` : null],
      [t('incident.claimedBy'), i.claimedBy],
      [t('incident.assignedTo'), i.assignedTo],
      [t('incident.reportsCount'), String(i.aggregate?.reports ?? '')],
      [t('incident.eventCount'), i.aggregate?.count],
      [t('incident.casualties'), casualties(i.aggregate)],
      [t('incident.violations'), (i.violations || []).map((v) => `${v.rule} (${v.article})`).join(', ')],
      [t('incident.finding'), i.finding ? `${findingLabel(i.finding.finding)}${i.finding.party
        ? ` — ${await partyName(i.mechanism, i.finding.party)}` : ''}${i.finding.summary ? `: ${i.finding.summary}` : ''}` : null],
    ]),
    documentButtons(i, p));
  if (i.notable) section.append(notableCard(i.notable));
  if (can.has('assign')) section.append(actions(i, parties, act, once, can));
  else if (can.has('position')) {
    section.append(positionForm(i, parties.filter((x) => session.user.grants.some((g) => g.role === 'party_delegate'
      && g.mechanism === i.mechanism && g.party === x.code)), act));
  }
  const details = await Promise.all((i.reports || []).map((r) =>
    once(`/api/v1/reports/${r.reportId}`).catch(() => null)));
  const mapEl = h('div', { id: 'incident-map', class: 'incident-map', role: 'region', 'aria-label': t('incident.map') });
  section.insertBefore(mapEl, section.children[3] || null);
  section.drawMap = () => incidentMap(mapEl, i, details, once);
  section.append(reports(i, details, full, can, act, once));
  const merged = mergedList(i, can, act);
  if (merged) section.append(merged);
  section.append(positions(i, parties));
  section.append(timeline(i));
  if (full) section.append(await audit(i));
  return section;
}

function casualties(a) {
  if (!a) return null;
  const parts = [['civiliansKilled', a.civiliansKilled], ['civiliansInjured', a.civiliansInjured],
    ['combatantsKilled', a.combatantsKilled], ['combatantsInjured', a.combatantsInjured]]
    .filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${t(`casualties.${k}`)}: ${v}`);
  return parts.length ? parts.join(', ') : null;
}

function actions(i, parties, act, once, can) {
  const box = h('section', { class: 'card actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title', tabindex: -1 }, t('incident.actions')));
  const row = h('div', { class: 'buttons' });
  if (can.has('claim')) {
    row.append(h('button', { id: 'claim', type: 'button', onclick: () => act('claim', {}, 'done.claimed') }, t('action.claim')));
  }
  // Held by another chair: say who, and ask them to release it (a notice to them alone).
  if (can.has('askRelease')) {
    row.append(h('button', { id: 'ask-release', type: 'button', class: 'secondary',
      onclick: () => act('release-request', {}, 'done.askedRelease') }, t('action.askRelease', { user: i.claimedBy || '' })));
  }
  // A move that records the finding has its form below; every other move is a button.
  for (const next of can.has('transition') ? i.nextStatuses.filter((s) => !recordsFinding(s)) : []) {
    row.append(h('button', { type: 'button', id: `to-${next}`, class: 'secondary', dataset: { to: next },
      onclick: () => act('transitions', { to: next }, 'done.moved') }, t(`action.to.${next}`)));
  }
  box.append(row);
  const assign = h('form', { id: 'assign-form', class: 'stack' },
    h('h3', {}, t('action.assign')),
    h('label', { for: 'assignee' }, t('action.assignHint')),
    h('input', { id: 'assignee', name: 'assignee', autocomplete: 'off', required: true, value: i.assignedTo || '',
      list: 'staff' }),
    staffList(i.mechanism, i.queue, once),
    h('button', { type: 'submit' }, t('action.assign')));
  assign.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('assign', { assignee: assign.assignee.value.trim() }, 'done.assigned', assign);
  });
  box.append(assign);
  const toFinding = i.nextStatuses.find(recordsFinding);
  if (can.has('transition') && toFinding) {
    const form = h('form', { id: 'finding-form', class: 'stack' },
      h('h3', {}, t('action.recordFinding')),
      h('label', { for: 'finding' }, t('incident.finding')),
      h('select', { id: 'finding', name: 'finding', required: true },
        findings().map((f) => h('option', { value: f.code }, label(f.labels, f.code)))),
      h('label', { for: 'finding-party' }, t('incident.party')),
      h('select', { id: 'finding-party', name: 'party' }, h('option', { value: '' }, '—'),
        parties.map((x) => h('option', { value: x.code }, label(x.name, x.code)))),
      h('label', { for: 'finding-summary' }, t('incident.summary')),
      h('textarea', { id: 'finding-summary', name: 'summary', rows: 3, dir: 'auto' }),
      h('label', { for: 'finding-analysis' }, t('incident.analysis')),
      h('textarea', { id: 'finding-analysis', name: 'analysis', rows: 5, dir: 'auto', maxlength: 20000 }),
      h('label', { for: 'finding-recommendation' }, t('incident.recommendation')),
      h('textarea', { id: 'finding-recommendation', name: 'recommendation', rows: 3, dir: 'auto', maxlength: 20000 }),
      h('button', { type: 'submit' }, t('action.recordFinding')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act('transitions', { to: toFinding, finding: form.finding.value, party: form.party.value || null,
        summary: form.summary.value || null, analysis: form.analysis.value || null,
        recommendation: form.recommendation.value || null }, 'done.finding', form);
    });
    box.append(form);
  }
  if (can.has('escalate')) {
    const form = h('form', { id: 'escalate-form', class: 'stack' },
      h('h3', {}, t('action.escalate')),
      h('label', { for: 'escalate-text' }, t('action.escalateWhy')),
      h('textarea', { id: 'escalate-text', name: 'text', rows: 2, dir: 'auto' }),
      h('button', { type: 'submit' }, t('action.escalate')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act('escalate', { text: form.text.value || null }, 'done.escalated', form);
    });
    box.append(form);
  }
  const comment = h('form', { id: 'comment-form', class: 'stack' },
    h('h3', {}, t('action.comment')),
    h('label', { for: 'comment-text' }, t('action.commentHint')),
    h('textarea', { id: 'comment-text', name: 'text', rows: 2, required: true, dir: 'auto' }),
    h('button', { type: 'submit' }, t('action.comment')));
  comment.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('comments', { text: comment.text.value }, 'done.commented', comment);
  });
  if (can.has('comment')) box.append(comment);
  if (can.has('position')) box.append(positionForm(i, parties, act));
  if (can.has('notable')) box.append(notableForm(i, act));
  if (can.has('merge')) box.append(mergeForm(act));
  return box;
}

// The chair's mark for the periodic reports, as the service gives it to this reader: the summary
// only where the access policy lets them read it, who marked it only for the chair's staff.
function notableCard(n) {
  return h('section', { id: 'notable', class: 'card', 'aria-labelledby': 'notable-title' },
    h('h2', { id: 'notable-title' }, t('incident.notable')),
    n.summary ? h('p', { id: 'notable-summary', dir: 'auto' }, n.summary) : null,
    h('p', { class: 'muted' }, t(n.publishable ? 'incident.notablePublic' : 'incident.notableNotPublic'), ' · ',
      t('incident.notableMarked', { when: when(n.markedAt) }), n.markedBy ? ` · ${n.markedBy}` : ''));
}

// Mark the incident notable (or change the mark), or withdraw it. Reports read the mark as it
// stood at their cut-off, so a change never alters a report already issued.
function notableForm(i, act) {
  const n = i.notable;
  const form = h('form', { id: 'notable-form', class: 'stack' },
    h('h3', {}, t('incident.notable')),
    n ? null : h('p', { class: 'muted' }, t('incident.notableNone')),
    h('label', { for: 'notable-text' }, t('incident.notableSummary')),
    h('textarea', { id: 'notable-text', name: 'summary', rows: 3, dir: 'auto', required: true, maxlength: 1000 },
      n?.summary || ''),
    h('label', { class: 'check' },
      h('input', { id: 'notable-publishable', name: 'publishable', type: 'checkbox', checked: Boolean(n?.publishable) }),
      ` ${t('incident.notablePublishable')}`),
    h('div', { class: 'buttons' },
      h('button', { id: 'notable-save', type: 'submit' }, t(n ? 'action.saveNotable' : 'action.markNotable')),
      n ? h('button', { id: 'notable-withdraw', type: 'button', class: 'secondary',
        onclick: () => act('notable', undefined, 'done.notableWithdrawn', form, { method: 'DELETE', then: 'notable-save' }) },
      t('action.withdrawNotable')) : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('notable', { summary: form.summary.value, publishable: form.publishable.checked }, 'done.notable', form,
      { method: 'PUT' });
  });
  return form;
}

// Merge another incident (by its reference or id) into this one; the API refuses what it must.
function mergeForm(act) {
  const form = h('form', { id: 'merge-form', class: 'stack' },
    h('h3', {}, t('action.merge')),
    h('label', { for: 'merge-incident' }, t('action.mergeHint')),
    h('input', { id: 'merge-incident', name: 'incident', autocomplete: 'off', required: true, dir: 'auto' }),
    h('button', { type: 'submit' }, t('action.merge')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('merge', { incident: form.incident.value.trim() }, 'done.merged', form);
  });
  return form;
}

// The incidents merged into this one, each with its undo for the chair's staff.
function mergedList(i, can, act) {
  if (!i.merged?.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'merged-title' },
    h('h2', { id: 'merged-title' }, t('incident.merged')),
    h('ul', {}, i.merged.map((m) => h('li', {}, `${m.reference || m.id} (${when(m.mergedAt)}) `,
      can.has('merge') ? h('button', { type: 'button', class: 'secondary unmerge', dataset: { incident: m.id },
        onclick: () => act('unmerge', { incident: m.id }, 'done.unmerged') }, t('action.unmerge')) : null))));
}

function positionForm(i, parties, act) {
  if (!parties.length) return h('span');
  const form = h('form', { id: 'position-form', class: 'stack card' },
    h('h3', {}, t('action.position')),
    h('label', { for: 'position-party' }, t('incident.party')),
    h('select', { id: 'position-party', name: 'party' }, parties.map((x) => h('option', { value: x.code }, label(x.name, x.code)))),
    h('label', { for: 'position-value' }, t('incident.position')),
    // No position is preselected: a delegate who submits without choosing has stated nothing.
    h('select', { id: 'position-value', name: 'position', required: true },
      h('option', { value: '' }, t('incident.choosePosition')),
      positionTerms().map((x) => h('option', { value: x.code }, label(x.labels, x.code)))),
    h('label', { for: 'position-statement' }, t('incident.statement')),
    h('textarea', { id: 'position-statement', name: 'statement', rows: 2, dir: 'auto' }),
    h('button', { type: 'submit' }, t('action.position')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act('positions', { party: form.party.value, position: form.position.value, statement: form.statement.value || null },
      'done.position', form);
  });
  return form;
}

function reports(i, details, full, can, act, once) {
  return h('section', { id: 'reports', 'aria-labelledby': 'reports-title' },
    h('h2', { id: 'reports-title' }, t('incident.reports')),
    (i.reports || []).map((r, n) => {
      const f = details[n];
      const p = f?.properties || {};
      return h('div', { class: `card report link-${r.link}`, dataset: { report: r.reportId, link: r.link } },
        h('h3', {}, `${categoryLabel(r.category)} · ${when(r.observedAt)} `,
          h('span', { class: `badge link-${r.link}` }, t(`link.${r.link}`))),
        facts([
          [t('report.count'), r.count],
          [t('report.submittedBy'), r.submittedBy],
          [t('report.accuracy'), p.locationAccuracyM !== undefined ? metres(p.locationAccuracyM) : null],
          [t('report.distant'), p.bearingDeg !== undefined ? `${p.bearingDeg}° · ${metres(p.estimatedDistanceM)}` : null],
          [t('report.parties'), (p.allegedParties || []).join(', ')],
          [t('report.description'), p.description],
          [t('report.source'), p.source ? [codeLabel('sourceTypes', p.source.type), p.source.reliability, p.source.credibility]
            .filter((x) => x !== undefined && x !== null).join(' · ') : null],
          [t('report.sourceIdentity'), p.source?.identity],
          [t('report.sourceNotes'), p.source?.notes],
        ]),
        zonesTable(p.zones || []),
        full ? mediaList(r.reportId, once) : null,
        can.has('link') && r.link === 'suggested' ? h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'confirm', onclick: () => act(`reports/${r.reportId}/confirm`, {}, 'done.confirmed') },
            t('action.confirm')),
          h('button', { type: 'button', class: 'secondary split', onclick: () => act(`reports/${r.reportId}/split`, {}, 'done.split') },
            t('action.split'))) : null);
    }));
}

function zonesTable(zones) {
  if (!zones.length) return h('p', { class: 'muted' }, t('report.noZones'));
  return h('table', { class: 'zones-table' },
    h('caption', {}, t('report.zones')),
    h('thead', {}, h('tr', {}, ['zone.name', 'zone.type', 'zone.relation', 'zone.distance', 'zone.side']
      .map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, zones.map((z) => h('tr', { dataset: { zone: z.zone, relation: z.relation } },
      h('td', {}, `${z.zone} v${z.version}`),
      h('td', {}, t(`zone.${z.type}`)),
      h('td', {}, h('span', { class: `badge relation-${z.relation}` }, t(`relation.${z.relation}`))),
      h('td', {}, metres(z.distanceM)),
      h('td', {}, [z.sideLabel || z.side, z.crosses ? t('zone.crosses') : null, z.near ? t('zone.near') : null]
        .filter((x) => x).join(', '))))));
}

function positions(i, parties) {
  const list = i.positions || [];
  return h('section', { id: 'positions', 'aria-labelledby': 'positions-title' },
    h('h2', { id: 'positions-title' }, t('incident.positions')),
    list.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['incident.level', 'incident.party', 'incident.position', 'incident.statement', 'incident.recordedAt']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, list.map((x) => h('tr', {},
        h('td', {}, x.level), h('td', {}, label(parties.find((y) => y.code === x.party)?.name, x.party)),
        h('td', {}, positionLabel(x.position)), h('td', { dir: 'auto' }, x.statement || ''),
        h('td', {}, when(x.recordedAt), x.recordedBy ? ` · ${x.recordedBy}` : '')))))
      : h('p', { class: 'muted' }, t('incident.noPositions')));
}

function timeline(i) {
  return h('section', { id: 'timeline', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, t('incident.timeline')),
    h('ol', { class: 'timeline' }, (i.history || []).map((e) => h('li', { dataset: { kind: e.kind } },
      h('time', { datetime: e.at }, when(e.at)), ' ',
      h('strong', {}, t(`event.${e.kind}`)),
      e.fromStatus || e.toStatus ? ` ${e.fromStatus ? statusLabel(e.fromStatus) : ''} → ${e.toStatus ? statusLabel(e.toStatus) : ''}` : '',
      e.fromLevel || e.toLevel ? ` (${e.fromLevel || ''} → ${e.toLevel || ''})` : '',
      e.actor ? ` · ${e.actor}` : '',
      e.body ? h('blockquote', { dir: 'auto' }, e.kind === 'transition' && recordsFinding(e.toStatus)
        ? findingLabel(e.body) : e.body) : null))));
}

async function audit(i) {
  let events;
  try {
    events = await api(`/api/v1/incidents/${i.id}/audit`);
  } catch {
    return h('span');
  }
  return h('details', { id: 'audit', class: 'card' },
    h('summary', {}, t('incident.audit', { n: events.length })),
    h('table', {},
      h('thead', {}, h('tr', {}, ['audit.seq', 'audit.at', 'audit.actor', 'audit.action', 'audit.hash']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, events.map((e) => h('tr', {},
        h('td', {}, String(e.seq)), h('td', {}, when(e.at)), h('td', {}, e.actor),
        h('td', { title: e.action }, auditAction(e.action)),
        h('td', { class: 'hash' }, (e.hash || '').slice(0, 12)))))));
}

/** An audit action in the reader's language; its code where this release has no label for it. */
function auditAction(code) {
  const key = `auditAction.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/**
 * The incident on a map: its geometry (coloured by status), each report's point, and for a
 * report heard from afar the observer and the sight line; the zones in force when it was
 * observed, within about 10 km. Answers the Leaflet map, for removal.
 */
function incidentMap(el, i, details, once) {
  const map = baseMap(el, { scrollWheelZoom: false });
  const drawn = L.featureGroup().addTo(map);
  incidentLayer(i.geometry, i.status, i.severity).addTo(drawn);
  for (const f of details.filter((x) => x)) {
    const p = f.properties;
    L.geoJSON(f, { pointToLayer: (pt, ll) => L.circleMarker(ll, { radius: 4, color: '#1f4e79', weight: 1.5,
      fillColor: '#fff', fillOpacity: 1, className: 'report-marker' }) }).addTo(drawn);
    if (p.observerLocation && f.geometry.type === 'Point') {
      const observer = [p.observerLocation[1], p.observerLocation[0]];
      L.polyline([observer, [f.geometry.coordinates[1], f.geometry.coordinates[0]]],
        { color: '#1f4e79', weight: 1.5, dashArray: '4 4', className: 'sight-line' }).addTo(drawn);
      L.circleMarker(observer, { radius: 5, color: '#1f4e79', weight: 2, fillColor: '#1f4e79', fillOpacity: 1,
        className: 'observer-marker' }).bindTooltip(t('incident.observer')).addTo(drawn);
    }
  }
  const b = drawn.getBounds();
  if (b.isValid()) map.fitBounds(b.pad(0.5), { maxZoom: 14, animate: false });
  else map.setView([0, 0], 2);
  const c = b.isValid() ? b.getCenter() : null;
  if (c) {
    const box = [c.lng - 0.1, c.lat - 0.1, c.lng + 0.1, c.lat + 0.1].map((x) => x.toFixed(5)).join(',');
    once(`/ogc/collections/zones/items?limit=500&bbox=${box}&datetime=${encodeURIComponent(i.observedAt)}`)
      .then((fc) => {
        if (!map.disposed) for (const z of fc.features || []) zoneLayer(z).addTo(map).bringToBack();
      })
      .catch(() => { /* the incident is drawn; zones are context */ });
  }
  return map;
}

/** The chair's staff of the mechanism, offered as the assignee field's suggestions. */
function staffList(mechanism, queue, once) {
  const list = h('datalist', { id: 'staff' });
  once(`/api/v1/mechanisms/${encodeURIComponent(mechanism)}/staff?queue=${encodeURIComponent(queue)}`).then((members) => {
    const seen = new Set();
    list.replaceChildren(...members.filter((m) => !seen.has(m.username) && seen.add(m.username))
      .map((m) => h('option', { value: m.username }, [m.displayName, m.level, m.team].filter((x) => x).join(' · '))));
  }).catch(() => { /* free text still works */ });
  return list;
}

/**
 * The incident report document (docs/reports.md): HTML and PDF, in the page's language when the
 * mechanism works in it (else the mechanism's first), in the copy the service gives this reader.
 * Fetched with the reader's token, then saved from memory: a plain link would carry no token.
 */
function documentButtons(i, p) {
  const lang = p?.name && p.name[language()] ? language() : null;
  const box = h('p', { id: 'incident-document', class: 'no-print' }, `${t('incident.document')} `);
  for (const format of ['html', 'pdf']) {
    const button = h('button', { type: 'button', class: 'secondary small', dataset: { document: format } },
      t(`incident.document.${format}`));
    button.addEventListener('click', async () => {
      try {
        const res = await api(`/api/v1/incidents/${i.id}/document.${format}${lang ? `?lang=${lang}` : ''}`, { raw: true });
        const link = h('a', { href: URL.createObjectURL(await res.blob()), download: `${i.reference || i.id}.${format}` });
        document.body.append(link);
        link.click();
        link.remove();
      } catch (e) {
        failed(e);
      }
    });
    box.append(button, ' ');
  }
  return box;
}

/**
 * The report's media for the chair's staff: listed at once, opened only on request (each
 * read is audited as report.media_read, so nothing is fetched that nobody asked to see).
 */
function mediaList(reportId, once) {
  const box = h('div', { class: 'media', dataset: { media: reportId } });
  once(`/api/v1/reports/${reportId}/attachments`).then((files) => {
    if (!files.length) return;
    box.append(h('h4', {}, t('media.title', { n: files.length })),
      h('ul', {}, files.map((f) => {
        const item = h('li', { dataset: { file: f.name } });
        const open = h('button', { type: 'button', class: 'secondary small' }, t('media.open', { name: f.name }));
        open.addEventListener('click', async () => {
          try {
            const res = await api(`/api/v1/reports/${reportId}/attachments/${encodeURIComponent(f.name)}`, { raw: true });
            const url = URL.createObjectURL(await res.blob());
            const shown = f.contentType.startsWith('image/') ? h('img', { src: url, alt: f.name, class: 'media-image' })
              : f.contentType.startsWith('audio/') ? h('audio', { src: url, controls: true })
                : h('a', { href: url, download: f.name }, t('media.download', { name: f.name }));
            open.replaceWith(shown);
          } catch (e) {
            failed(e);
          }
        });
        item.append(`${f.name} · ${f.contentType} · ${Math.ceil(f.sizeBytes / 1024)} kB · SHA-256 ${f.sha256.slice(0, 12)}… `, open);
        return item;
      })));
  }).catch(() => { /* no media for this reader */ });
  return box;
}
