// The violation taxonomy (categories with labels in every language), kept on the device
// so that the report form works offline.
import { kept, keptCopy } from './api.js';
import { label } from './i18n.js';

const KEY = 'trucewatch.taxonomy';
let taxonomy = keptCopy(KEY);

/** The taxonomy, kept on the device: offline, the copy from the last visit. */
export async function loadTaxonomy() {
  taxonomy = await kept('/api/v1/taxonomy', KEY);
  return taxonomy;
}

export function categories() {
  return (taxonomy?.categories || []).filter((c) => !c.retired);
}

export function categoryLabel(code) {
  const c = taxonomy?.categories?.find((x) => x.code === code);
  return c ? label(c.labels, code) : code;
}

/** A label from one of the taxonomy's code lists (sourceTypes, sourceReliability, …). */
export function codeLabel(list, code) {
  const c = codeList(list).find((x) => x.code === code);
  return c ? label(c.labels, code) : code;
}

/** The entries of one of the taxonomy's code lists (sourceTypes, or a grading scale's values). */
export function codeList(list) {
  const l = taxonomy?.[list];
  return (Array.isArray(l) ? l : l?.values) || [];
}
