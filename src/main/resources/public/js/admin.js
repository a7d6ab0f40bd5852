// Administration for the mission's admins: users and their grants (role × mechanism ×
// level/team/party), and the audit chain's verification. Everything goes through the
// admin API; the service checks every request (docs/security.md).
import { api, session } from './api.js';
import { h } from './dom.js';
import { label, t } from './i18n.js';
import { failed, toast } from './ui.js';

const ROLES = ['monitor', 'chair', 'party_delegate', 'gis_analyst', 'admin'];

export async function show(root) {
  let users = [];
  let mechanisms = [];
  const table = h('div', { id: 'users' });
  const verifyOut = h('p', { id: 'verify-result', role: 'status' });

  const create = h('form', { id: 'user-form', class: 'card stack' },
    h('h2', {}, t('admin.newUser')),
    h('label', { for: 'new-username' }, t('login.username')),
    h('input', { id: 'new-username', name: 'username', autocomplete: 'off', required: true }),
    h('label', { for: 'new-display' }, t('admin.displayName')),
    h('input', { id: 'new-display', name: 'displayName', autocomplete: 'off' }),
    h('label', { for: 'new-password' }, t('admin.password')),
    h('input', { id: 'new-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true,
      minlength: 12 }),
    h('button', { type: 'submit' }, t('admin.create')));
  create.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('/api/v1/admin/users', { method: 'POST', body: { username: create.username.value.trim(),
        displayName: create.displayName.value.trim() || null, password: create.password.value } });
      toast(t('admin.created'), 'ok');
      create.reset();
      await load();
    } catch (e) {
      failed(e);
    }
  });

  const grantUser = h('select', { id: 'grant-user', name: 'user', required: true });
  const grantRole = h('select', { id: 'grant-role', name: 'role' }, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  const grantMechanism = h('select', { id: 'grant-mechanism', name: 'mechanism' });
  const grantLevel = h('select', { id: 'grant-level', name: 'level' });
  const grantTeam = h('select', { id: 'grant-team', name: 'team' });
  const grantParty = h('select', { id: 'grant-party', name: 'party' });
  const grant = h('form', { id: 'grant-form', class: 'card stack' },
    h('h2', {}, t('admin.newGrant')),
    h('label', { for: 'grant-user' }, t('login.username')), grantUser,
    h('label', { for: 'grant-role' }, t('admin.role')), grantRole,
    h('label', { for: 'grant-mechanism' }, t('agenda.mechanism')), grantMechanism,
    h('label', { for: 'grant-level' }, t('incident.level')), grantLevel,
    h('label', { for: 'grant-team' }, t('admin.team')), grantTeam,
    h('label', { for: 'grant-party' }, t('incident.party')), grantParty,
    h('button', { type: 'submit' }, t('admin.grant')));

  // Level, team and party choices follow the mechanism's protocol (and the level chosen).
  function choices() {
    const m = mechanisms.find((x) => x.code === grantMechanism.value);
    const keepLevel = grantLevel.value;
    grantLevel.replaceChildren(h('option', { value: '' }, t('admin.any')),
      ...(m?.levels || []).map((l) => h('option', { value: l.code }, label(l.name, l.code))));
    grantLevel.value = (m?.levels || []).some((l) => l.code === keepLevel) ? keepLevel : '';
    const level = m?.levels?.find((l) => l.code === grantLevel.value);
    const teams = level ? level.teams : (m?.levels || []).flatMap((l) => l.teams);
    grantTeam.replaceChildren(h('option', { value: '' }, t('admin.any')),
      ...teams.map((tm) => h('option', { value: tm.code }, label(tm.name, tm.code))));
    grantParty.replaceChildren(h('option', { value: '' }, '—'),
      ...(m?.parties || []).map((p) => h('option', { value: p.code }, label(p.name, p.code))));
    const admin = grantRole.value === 'admin';
    [grantMechanism, grantLevel, grantTeam, grantParty].forEach((el) => { el.disabled = admin; });
  }
  grantMechanism.addEventListener('change', choices);
  grantLevel.addEventListener('change', choices);
  grantRole.addEventListener('change', choices);
  grant.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const admin = grantRole.value === 'admin';
    const body = { role: grantRole.value, mechanism: admin ? null : grantMechanism.value,
      level: admin ? null : grantLevel.value || null, team: admin ? null : grantTeam.value || null,
      party: admin ? null : grantParty.value || null };
    try {
      await api(`/api/v1/admin/users/${encodeURIComponent(grantUser.value)}/grants`, { method: 'POST', body });
      toast(t('admin.granted'), 'ok');
      await load();
    } catch (e) {
      failed(e);
    }
  });

  // Zones (GeoJSON or GeoPackage, any EPSG CRS) and mechanism protocols, from files.
  const zoneFile = h('input', { id: 'zone-file', name: 'file', type: 'file', accept: '.geojson,.json,.gpkg', required: true });
  const zoneMechanism = h('select', { id: 'zone-mechanism', name: 'mechanism' });
  const zoneOut = h('div', { id: 'zone-result', role: 'status' });
  const zones = h('form', { id: 'zone-form', class: 'card stack' },
    h('h2', {}, t('admin.zones')),
    h('p', { class: 'muted' }, t('admin.zonesHint')),
    h('label', { for: 'zone-file' }, t('admin.file')), zoneFile,
    h('label', { for: 'zone-mechanism' }, t('agenda.mechanism')), zoneMechanism,
    h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'zone-repair', name: 'repair' }), ` ${t('admin.repair')}`),
    h('button', { type: 'submit' }, t('admin.import')),
    zoneOut);
  zones.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = zoneFile.files[0];
    if (!file) return;
    const gpkg = file.name.toLowerCase().endsWith('.gpkg');
    const q = new URLSearchParams({ name: file.name });
    if (zoneMechanism.value) q.set('mechanism', zoneMechanism.value);
    if (zones.repair.checked) q.set('repair', 'true');
    zoneOut.replaceChildren(h('p', {}, '…'));
    try {
      const r = await api(`/api/v1/admin/zones?${q}`, { method: 'POST', body: file,
        contentType: gpkg ? 'application/geopackage+sqlite3' : 'application/geo+json' });
      zoneOut.replaceChildren(h('p', { class: 'ok' }, t('admin.imported', { created: r.created, versions: r.newVersions,
        unchanged: r.unchanged, crs: r.crs, again: r.reportsReevaluated })),
      h('table', { class: 'zone-outcomes' }, h('thead', {}, h('tr', {}, ['zone.name', 'zone.type', 'admin.outcome', 'admin.version']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, r.outcomes.map((o) => h('tr', { dataset: { zone: o.code, outcome: o.outcome } },
        h('td', {}, o.code), h('td', {}, t(`zone.${String(o.type).toLowerCase()}`)), h('td', {}, t(`outcome.${String(o.outcome).toLowerCase()}`)),
        h('td', {}, String(o.version)))))));
    } catch (e) {
      zoneOut.replaceChildren(h('pre', { class: 'problem' }, e.describe ? e.describe() : t('error.network')));
    }
  });

  const protocolFile = h('input', { id: 'protocol-file', name: 'file', type: 'file', accept: '.json', required: true });
  const protocolOut = h('div', { id: 'protocol-result', role: 'status' });
  const protocols = h('form', { id: 'protocol-form', class: 'card stack' },
    h('h2', {}, t('admin.protocols')),
    h('p', { class: 'muted' }, t('admin.protocolsHint')),
    h('label', { for: 'protocol-file' }, t('admin.file')), protocolFile,
    h('button', { type: 'submit' }, t('admin.load')),
    protocolOut);
  protocols.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = protocolFile.files[0];
    if (!file) return;
    try {
      const p = await api('/api/v1/admin/mechanisms', { method: 'POST', body: file, contentType: 'application/json' });
      protocolOut.replaceChildren(h('p', { class: 'ok' }, t('admin.loaded', { code: p.code, version: p.version })));
      await load();
    } catch (e) {
      protocolOut.replaceChildren(h('pre', { class: 'problem' }, e.describe ? e.describe() : t('error.network')));
    }
  });

  root.append(h('section', { class: 'admin' },
    h('h1', {}, t('admin.title')),
    h('div', { class: 'card' },
      h('h2', {}, t('admin.audit')),
      h('p', { class: 'muted' }, t('admin.auditHint')),
      h('button', { type: 'button', id: 'verify', onclick: verify }, t('admin.verify')),
      verifyOut),
    h('h2', {}, t('admin.users')),
    table,
    h('div', { class: 'admin-forms' }, create, grant),
    h('div', { class: 'admin-forms' }, zones, protocols)));

  async function verify() {
    verifyOut.textContent = '…';
    try {
      const v = await api('/api/v1/admin/audit/verify');
      // warning: events the sealer has not sealed in time (the service's words, as reason's).
      verifyOut.textContent = (v.intact ? t('admin.intact', { n: v.rowsChecked, hash: v.headHash })
        : t('admin.broken', { seq: v.firstBrokenSeq, reason: v.reason })) + (v.warning ? ` (${v.warning})` : '');
      verifyOut.className = v.intact && !v.warning ? 'ok' : 'error';
      verifyOut.dataset.intact = String(v.intact);
    } catch (e) {
      verifyOut.textContent = '';
      failed(e);
    }
  }

  async function revoke(username, g) {
    if (!confirm(t('admin.confirmRevoke', { grant: grantText(g), user: username }))) return;
    try {
      await api(`/api/v1/admin/users/${encodeURIComponent(username)}/grants/${g.id}`, { method: 'DELETE' });
      toast(t('admin.revoked'), 'ok');
      await load();
    } catch (e) {
      failed(e);
    }
  }

  async function load() {
    [users, mechanisms] = await Promise.all([api('/api/v1/admin/users'), api('/api/v1/mechanisms')]);
    users.sort((a, b) => a.username.localeCompare(b.username));
    table.replaceChildren(h('table', { class: 'users-table' },
      h('caption', { class: 'visually-hidden' }, t('admin.users')),
      h('thead', {}, h('tr', {}, ['login.username', 'admin.displayName', 'admin.enabled', 'admin.grants']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, users.map((u) => h('tr', { dataset: { user: u.username } },
        h('td', {}, u.username), h('td', {}, u.displayName || ''), h('td', {}, u.enabled ? '✓' : '✗'),
        h('td', {}, h('ul', { class: 'grants' }, (u.grants || []).map((g) => h('li', { dataset: { grant: g.id, role: g.role } },
          grantText(g), ' ',
          // An admin does not take away their own admin role here (another admin can).
          u.username === session.user?.username && g.role === 'admin' ? null : h('button', { type: 'button', class: 'secondary small', 'aria-label': t('admin.revokeLabel',
            { grant: grantText(g), user: u.username }), onclick: () => revoke(u.username, g) }, t('admin.revoke')))))))))));
    const keep = grantUser.value;
    grantUser.replaceChildren(...users.map((u) => h('option', { value: u.username }, u.username)));
    if (users.some((u) => u.username === keep)) grantUser.value = keep;
    const keepMechanism = grantMechanism.value;
    grantMechanism.replaceChildren(...mechanisms.map((m) => h('option', { value: m.code }, label(m.name, m.code))));
    if (mechanisms.some((m) => m.code === keepMechanism)) grantMechanism.value = keepMechanism;
    const keepZoneMechanism = zoneMechanism.value;
    zoneMechanism.replaceChildren(h('option', { value: '' }, t('admin.fromFile')),
      ...mechanisms.map((m) => h('option', { value: m.code }, label(m.name, m.code))));
    zoneMechanism.value = keepZoneMechanism;
    choices();
  }

  try {
    await load();
  } catch (e) {
    failed(e);
  }
  return null;
}

function grantText(g) {
  return [t(`role.${g.role}`), g.mechanism, g.level, g.team, g.party].filter((x) => x).join(' · ');
}
