// evidence.js — a notice's text with each fact's evidence highlighted.
//
// Evidence spans are byte offsets into the UTF-8 text (as the library
// records them).  JavaScript strings index UTF-16 code units, so each
// offset is converted by decoding the byte prefix; spans may overlap
// (a title contains the cause word), so the text is cut at every span
// boundary and each piece is marked with all the facts that cover it.

import { el, clear } from './dom.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

// Byte offsets -> UTF-16 indices, for a sorted list of offsets.
function toIndices(bytes, offsets) {
  const out = new Map();
  for (const b of offsets) {
    const at = Math.max(0, Math.min(b, bytes.length));
    out.set(b, dec.decode(bytes.subarray(0, at)).length);
  }
  return out;
}

// Render text into container; evidence is {key: {start, end}} (bytes).
// Returns a function that activates a key: highlights its pieces and
// scrolls the first into view (false when the key has no evidence).
export function renderEvidence(container, text, evidence) {
  clear(container);
  const bytes = enc.encode(text);
  const spans = [];
  for (const [key, sp] of Object.entries(evidence || {})) {
    if (!sp || typeof sp.start !== 'number' || typeof sp.end !== 'number' || sp.end <= sp.start) continue;
    spans.push({ key, start: sp.start, end: sp.end });
  }
  const cuts = new Set([0, bytes.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const sorted = [...cuts].filter((b) => b >= 0 && b <= bytes.length).sort((a, b) => a - b);
  const idx = toIndices(bytes, sorted);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i], b = sorted[i + 1];
    const piece = text.slice(idx.get(a), idx.get(b));
    if (!piece) continue;
    const keys = spans.filter((s) => s.start <= a && s.end >= b).map((s) => s.key);
    if (keys.length) {
      container.appendChild(el('mark', { className: 'ev', dataset: { keys: keys.join(' ') } }, piece));
    } else {
      container.appendChild(document.createTextNode(piece));
    }
  }
  return function activate(key) {
    let first = null;
    for (const m of container.querySelectorAll('mark.ev')) {
      const on = m.dataset.keys.split(' ').includes(key);
      m.classList.toggle('active', on);
      if (on && !first) first = m;
    }
    if (first) first.scrollIntoView({ block: 'center', behavior: 'auto' });
    return !!first;
  };
}
