// The statistics page's state lives in the hash (#/statistics/{mechanism}?period=…&from=…),
// so that a view can be bookmarked, sent to a colleague and left with the back button; and
// how a cell of GET /api/v1/statistics reads.
import { language, t } from './i18n.js';

const UNITS = ['day', 'week', 'month', 'quarter'];

/** The hash's query as it is. */
export function hashQuery(hash = location.hash) {
  return Object.fromEntries(new URLSearchParams(hash.split('?')[1] || ''));
}

/** The page's query from the hash, with defaults: by month, the last twelve months to today. */
export function readHash(hash = location.hash) {
  const today = new Date();
  const year = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1));
  const date = (v, d) => (/^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : d.toISOString().slice(0, 10));
  const q = hashQuery(hash);
  return { ...q, period: UNITS.includes(q.period) ? q.period : 'month', from: date(q.from, year), to: date(q.to, today),
    level: q.level || '', category: q.category || '', party: q.party || '',
    // The audience asked for: the public's figures (any member may see them), or the user's own.
    audience: q.audience === 'public' ? 'public' : '' };
}

function hash(path, q) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  return `#/${path}?${s}`;
}

export const statsHash = (code, q) => hash(`statistics/${encodeURIComponent(code)}`, q);

/** The incidents counted in one cell: the list at #/statistics/{code}/incidents, filtered the same way. */
export const listHash = (code, q) => hash(`statistics/${encodeURIComponent(code)}/incidents`, q);

export function number(n, digits = 0) {
  return new Intl.NumberFormat(language(), { maximumFractionDigits: digits }).format(n);
}

/** A cell as the API gives it: its value, or "fewer than N" when the API suppressed it. */
export function cellText(cell) {
  if (!cell) return '';
  if (cell.suppressed) return t('stats.lessThan', { n: cell.lessThan });
  return number(cell.value);
}

/** "up 40 % on 2026-W12" for a series cell and the label of the period before. */
export function changeText(cell, previousLabel) {
  if (!cell || cell.suppressed || cell.previousSuppressed || cell.change === undefined || cell.change === null) return '';
  if (cell.change === 0) return t('stats.change.same', { previous: previousLabel });
  if (cell.changePercent === undefined || cell.changePercent === null) {
    return t('stats.change.fromNone', { n: number(cell.change), previous: previousLabel });
  }
  const key = cell.change > 0 ? 'stats.change.up' : 'stats.change.down';
  return t(key, { pct: number(Math.abs(cell.changePercent), 1), previous: previousLabel });
}
