// team.js — the dashboard's analyst side: login with a user's token,
// the alerts badge and list, saved searches, ingest from the browser,
// the review queue (要確認) with its keyboard shortcuts, and the export
// download of the search page's query.  Data reaches the page through
// textContent only (dom.js).

import { el, clear, $ } from './dom.js';
import { getJSON, postJSON, postBody, getToken, setToken, query } from './api.js';
import { t, formatNumber } from './i18n.js';

// The logged-in user ({name, role, may}) or null.
export let me = null;

export function may(what) { return !!(me && me.may && me.may[what]); }

function setHeader() {
  $('who').textContent = me ? t('who', { name: me.name, role: t(`role.${me.role}`) }) : '';
  $('login').hidden = !!me;
  $('logout').hidden = !me;
  $('nav-ingest').hidden = !may('ingest');
  $('nav-alerts').hidden = !me;
}

export async function refreshMe() {
  me = null;
  if (getToken()) {
    try {
      me = await getJSON('/api/me');
    } catch (err) {
      if (err.status === 401) setToken('');
    }
  }
  setHeader();
  refreshBadge();
  return me;
}

export async function refreshBadge() {
  const b = $('alert-badge');
  if (!me) { b.hidden = true; return; }
  try {
    const a = await getJSON('/api/alerts', { unread: 'yes', limit: 1 });
    b.textContent = String(a.unread);
    b.hidden = !a.unread;
  } catch (e) { b.hidden = true; }
}

export function initLogin(onChange) {
  $('login').addEventListener('click', () => {
    $('login-form').hidden = !$('login-form').hidden;
    if (!$('login-form').hidden) $('login-token').focus();
  });
  $('logout').addEventListener('click', async () => {
    setToken('');
    await refreshMe();
    onChange();
  });
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const tok = $('login-token').value.trim();
    setToken(tok);
    const who = await refreshMe();
    $('login-error').hidden = !!who;
    $('login-error').textContent = who ? '' : t('login.bad');
    if (who) {
      $('login-token').value = '';
      $('login-form').hidden = true;
      onChange();
    }
  });
  setInterval(refreshBadge, 15000);
}

// ---- the search page: export and save -----------------------------------------------

// The search language for the form's filters (what a saved search keeps).
export function toQueryText(params) {
  const words = [];
  const q = params.get('q');
  if (q) words.push(q);
  for (const k of ['category', 'type', 'reported', 'since', 'until', 'org', 'product', 'card', 'vendor']) {
    const v = params.get(k);
    if (!v) continue;
    words.push(/[\s"　]/.test(v) ? `${k}:"${v.replace(/"/g, '')}"` : `${k}:${v}`);
  }
  return words.join(' ');
}

export function updateSearchTools(params) {
  const p = new URLSearchParams(params);
  p.delete('offset');
  p.delete('sort');
  p.set('format', $('export-format').value);
  $('export-link').setAttribute('href', `/api/export?${p}`);
  $('save-search').hidden = !me;
  if (!me) $('save-form').hidden = true;
}

export function initSearchTools(currentParams) {
  $('export-format').addEventListener('change', () => updateSearchTools(currentParams()));
  $('save-search').addEventListener('click', () => {
    $('save-form').hidden = !$('save-form').hidden;
    $('save-name').value = toQueryText(currentParams());
    $('save-result').textContent = '';
  });
  $('save-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const query = toQueryText(currentParams());
    const body = { name: $('save-name').value.trim() || query, query };
    const hook = $('save-webhook').value.trim();
    if (hook) body.webhook = hook;
    try {
      const s = await postJSON('/api/searches', body);
      $('save-result').textContent = s.secret ? t('save.done.secret', { name: s.name, secret: s.secret }) : t('save.done', { name: s.name });
    } catch (err) {
      $('save-result').textContent = t('error.load', { msg: err.message });
    }
  });
}

// ---- ingest from the browser ---------------------------------------------------------

function ingestResult(res) {
  const box = clear($('ingest-result'));
  const notices = res.segments.filter((s) => s.is_notice);
  box.appendChild(el('p', { className: 'count', id: 'ingest-summary' },
    res.seen_before ? t('ingest.seen') : t('ingest.done', { n: res.notices, dup: res.duplicates, others: res.others })));
  box.appendChild(el('ul', { id: 'ingest-incidents' }, notices.map((s) => el('li', null,
    s.incident ? el('a', { href: `#/incident/${encodeURIComponent(s.incident)}` }, s.incident) : t('ingest.norecord'),
    ' ', s.title || '', s.org ? ` — ${s.org}` : '', s.duplicate ? ` (${t('ingest.dup')})` : ''))));
  if (res.alerts) box.appendChild(el('p', { className: 'hint' }, t('ingest.alerts', { n: res.alerts })));
  if (res.warnings && res.warnings.length) box.appendChild(el('ul', { className: 'hint' }, res.warnings.map((w) => el('li', null, w))));
}

export function initIngest() {
  $('ingest-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = clear($('ingest-result'));
    const file = $('ingest-file').files[0];
    const url = $('ingest-url').value.trim();
    const text = $('ingest-text').value;
    try {
      let res;
      if (file) {
        if (file.size > 1048576) throw new Error(t('ingest.toobig'));
        res = await postBody('/api/notices', file, file.type || 'application/octet-stream', { source: file.name });
      } else if (url) {
        res = await postJSON('/api/notices', { url });
      } else if (text.trim()) {
        res = await postBody('/api/notices', text, 'text/plain; charset=utf-8', { source: 'paste' });
      } else {
        throw new Error(t('ingest.empty'));
      }
      ingestResult(res);
      refreshBadge();
    } catch (err) {
      box.appendChild(el('p', { className: 'error', id: 'ingest-error' }, t('error.load', { msg: err.message })));
    }
  });
}

// ---- alerts --------------------------------------------------------------------------

export async function showAlerts() {
  const list = clear($('alerts-list'));
  const sl = clear($('searches-list'));
  if (!me) { list.appendChild(el('li', null, t('login.needed'))); return; }
  const [a, s] = await Promise.all([getJSON('/api/alerts', { limit: 100 }), getJSON('/api/searches')]);
  if (!a.items.length) list.appendChild(el('li', null, t('alerts.none')));
  for (const it of a.items) {
    list.appendChild(el('li', { className: `hit alert${it.read ? '' : ' unread'}` },
      el('a', { className: 'title', href: `#/incident/${encodeURIComponent(it.incident.id)}` }, it.incident.title || it.incident.id),
      el('div', { className: 'meta' }, it.incident.id, ' · ', it.incident.org || t('org.none'), ' · ',
        t('alerts.by', { name: it.search.name }), ' · ', it.at,
        it.webhook ? [' · ', t(`hook.${it.webhook}`)] : null)));
  }
  for (const x of s.items)
    sl.appendChild(el('li', null, el('strong', null, x.name), ' ', el('code', null, x.query), ' ',
      t('alerts.count', { n: x.alerts }), x.webhook ? ` · webhook ${x.webhook}` : ''));
}

export function initAlerts() {
  $('alerts-read').addEventListener('click', async () => {
    await postJSON('/api/alerts/read', {});
    await refreshBadge();
    await showAlerts();
  });
}

// ---- the review queue ---------------------------------------------------------------

let queue = [];
let cur = 0;
let reviewActive = false;

function drawQueue() {
  const list = clear($('review-list'));
  queue.forEach((it, i) => {
    const li = el('li', { className: `hit review-item${i === cur ? ' current' : ''}`, dataset: { id: it.id }, tabindex: '-1' },
      el('a', { className: 'title', href: `#/incident/${encodeURIComponent(it.id)}` }, it.title || it.org || it.id),
      el('div', { className: 'meta' }, el('span', { className: 'conf low' }, it.confidence.toFixed(2)), ' ', it.id, ' · ',
        it.org || t('org.none'), ' · ', it.published || t('date.none'), ' · ',
        t('review.weakest', { fields: it.weakest.map((w) => `${t(`field.${w.field}`)} ${Number(w.confidence).toFixed(2)}`).join(', ') })));
    li.addEventListener('click', (e) => { if (e.target.tagName !== 'A') { cur = i; drawQueue(); } });
    list.appendChild(li);
  });
  const c = list.children[cur];
  if (c) c.focus({ preventScroll: false });
}

export async function showReview() {
  reviewActive = true;
  const data = await getJSON('/api/review', { limit: 100 });
  queue = data.items;
  if (cur >= queue.length) cur = Math.max(0, queue.length - 1);
  $('review-total').textContent = t('review.total', { total: formatNumber(data.total) });
  drawQueue();
}

export function leaveReview() { reviewActive = false; }

async function accept() {
  const it = queue[cur];
  if (!it) return;
  if (!may('review')) { $('review-total').textContent = t('review.login'); return; }
  await postJSON(`/api/incidents/${encodeURIComponent(it.id)}/review`, {});
  queue.splice(cur, 1);
  if (cur >= queue.length) cur = Math.max(0, queue.length - 1);
  drawQueue();
}

export function initReview() {
  document.addEventListener('keydown', (e) => {
    if (!reviewActive || e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (e.key === 'j' || e.key === 'ArrowDown') { cur = Math.min(cur + 1, queue.length - 1); drawQueue(); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'ArrowUp') { cur = Math.max(cur - 1, 0); drawQueue(); e.preventDefault(); }
    else if (e.key === 'a') { e.preventDefault(); accept(); }
    else if ((e.key === 'e' || e.key === 'Enter') && queue[cur]) {
      e.preventDefault();
      location.hash = `#/incident/${encodeURIComponent(queue[cur].id)}`;
    }
  });
}

export { query };
