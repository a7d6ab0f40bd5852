// Photos, recordings and videos taken with a report (issue 15): file inputs whose `capture`
// attribute asks a phone to open its camera or recorder at once (W3C HTML Media Capture);
// on a desktop they open the file chooser. The files are kept with the report in the outbox,
// encrypted, and sent after it, one request each (outbox.js).
import { h } from './dom.js';
import { t } from './i18n.js';

const KINDS = [
  { id: 'photos', major: 'image', capture: 'environment', multiple: true, prefix: 'photo' },
  { id: 'audio', major: 'audio', capture: 'user', multiple: false, prefix: 'audio' },
  { id: 'video', major: 'video', capture: 'environment', multiple: false, prefix: 'video' },
];

/** The form's fieldset: one input per kind, and the list of what is chosen. */
export function mediaFieldset() {
  const list = h('ul', { id: 'media-list', class: 'muted' });
  const fieldset = h('fieldset', { id: 'media' }, h('legend', {}, t('media.title')),
    h('p', { class: 'muted' }, t('media.hint')),
    KINDS.map((k) => [h('label', { for: `media-${k.id}` }, t(`media.${k.id}`)),
      h('input', { id: `media-${k.id}`, name: `media-${k.id}`, type: 'file', accept: `${k.major}/*`, capture: k.capture,
        multiple: k.multiple })]),
    list);
  fieldset.addEventListener('change', () => {
    list.replaceChildren(...chosenFiles(fieldset).map((f) => h('li', {}, `${f.name} · ${kilobytes(f.blob.size)}`)));
  });
  return fieldset;
}

/**
 * The chosen files, each under the name the service will store it by (photo-1.jpg,
 * audio-1.m4a, ...): a device's own file names can tell who took them, or where.
 */
export function chosenFiles(root) {
  return KINDS.flatMap((k) => [...root.querySelector(`#media-${k.id}`).files].map((file, i) => ({
    name: `${k.prefix}-${i + 1}${extension(file)}`, type: file.type, blob: file, field: `media-${k.id}`, major: k.major })));
}

/** [field, message] for each chosen file that is not of its input's kind (`accept` is only a hint to the chooser). */
export function mediaProblems(root) {
  return chosenFiles(root).filter((f) => !f.type.startsWith(`${f.major}/`))
    .map((f) => [f.field, t('media.wrongType', { name: f.blob.name })]);
}

export function clearMedia(root) {
  root.querySelector('#media-list').replaceChildren();
}

function extension(file) {
  const own = /\.[A-Za-z0-9]{1,5}$/.exec(file.name)?.[0];
  if (own) return own.toLowerCase();
  const sub = /^[a-z]+\/([a-z0-9]{1,5})$/.exec(file.type)?.[1];
  return sub ? `.${sub === 'jpeg' ? 'jpg' : sub}` : '';
}

function kilobytes(n) {
  return `${Math.max(1, Math.round(n / 1024))} kB`;
}
