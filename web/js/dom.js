// dom.js — the only way the dashboard makes DOM: createElement plus
// textContent.  Data never passes through innerHTML, so a notice's text
// or title (even an XSS polyglot) is always shown as text.

// el('a', {href: '#/x', className: 'y'}, 'text', child, …)
export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'className') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'onclick') e.addEventListener('click', v);
      else if (k === 'href') e.setAttribute('href', safeHref(v));
      else e.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children) append(e, c);
  return e;
}

function append(parent, c) {
  if (c === undefined || c === null || c === false) return;
  if (Array.isArray(c)) { for (const x of c) append(parent, x); return; }
  parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
}

// Links are only ever in-page routes ("#/…") or the export download
// ("/api/export?…", its query built by URLSearchParams); anything else is
// dropped, so no data-borne "javascript:" URL can become a link.
export function safeHref(v) {
  const s = String(v);
  return s.startsWith('#/') || s.startsWith('/api/export?') ? s : '#/';
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const $ = (id) => document.getElementById(id);
