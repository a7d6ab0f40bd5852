// Interface strings in en, fr, es and ar; Arabic sets dir="rtl" on the document, and the
// stylesheet uses logical properties (margin-inline-start, …) so the layout mirrors.
export const LANGUAGES = ['en', 'fr', 'es', 'ar'];
const RTL = new Set(['ar']);
const KEY = 'trucewatch.lang';
let strings = {};
let fallback = {};
let current = 'en';

export function language() { return current; }

export async function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  localStorage.setItem(KEY, current);
  if (!Object.keys(fallback).length) fallback = await load('en');
  strings = current === 'en' ? fallback : await load(current);
  document.documentElement.lang = current;
  document.documentElement.dir = RTL.has(current) ? 'rtl' : 'ltr';
  translate(document);
}

export function initialLanguage() {
  const saved = localStorage.getItem(KEY);
  if (saved) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGUAGES.includes(nav) ? nav : 'en';
}

async function load(lang) {
  const res = await fetch(`i18n/${lang}.json`);
  return res.ok ? res.json() : {};
}

/** The string for key, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const s = strings[key] ?? fallback[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** A label from a {en, fr, …} map (taxonomy, protocol names), in the current language. */
export function label(map, otherwise = '') {
  if (!map) return otherwise;
  return map[current] ?? map.en ?? Object.values(map)[0] ?? otherwise;
}

export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}

const formats = new Map();
/** A date and time in the user's language, with the time zone named. */
export function when(iso) {
  if (!iso) return '';
  if (!formats.has(current)) {
    formats.set(current, new Intl.DateTimeFormat(current, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }));
  }
  return formats.get(current).format(new Date(iso));
}

export function metres(m) {
  if (m === undefined || m === null) return '';
  return m >= 1000 ? `${new Intl.NumberFormat(current, { maximumFractionDigits: 1 }).format(m / 1000)} km`
    : `${new Intl.NumberFormat(current, { maximumFractionDigits: 0 }).format(m)} m`;
}
