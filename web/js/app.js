// app.js — the dashboard: a hash router and its views (search, one
// incident, trends, lessons; review, ingest and alerts in team.js) over
// the JSON API.  Every piece of data reaches the
// page through textContent (dom.js), never as markup.

import { el, clear, $ } from './dom.js';
import { getJSON, postJSON } from './api.js';
import { renderEvidence } from './evidence.js';
import { drawCharts, chartsAvailable } from './charts.js';
import { renderLessons } from './lessons.js';
import { me, may, refreshMe, initLogin, updateSearchTools, initSearchTools, initIngest, showAlerts, initAlerts,
  showReview, leaveReview, initReview } from './team.js';
import { t, nameOf, getLang, setLang, applyLabels, formatNumber, CATEGORIES, DATA_TYPES, AUTHORITIES } from './i18n.js';

const PAGE = 20;
let lastSearch = '#/';

// ---- helpers ---------------------------------------------------------------

function showError(err) {
  const p = $('error');
  if (!err) { p.hidden = true; p.textContent = ''; return; }
  p.hidden = false;
  p.textContent = t('error.load', { msg: err.message || String(err) });
}

function show(view) {
  for (const v of ['search', 'incident', 'trends', 'lessons', 'review', 'ingest', 'alerts']) $(`view-${v}`).hidden = v !== view;
  for (const v of ['search', 'trends', 'lessons', 'review', 'ingest', 'alerts']) $(`nav-${v}`).classList.toggle('current', view === v);
  if (view !== 'review') leaveReview();
}

function fillSelect(sel, options) {
  const keep = sel.value;
  clear(sel);
  for (const [value, label] of options) sel.appendChild(el('option', { value }, label));
  sel.value = keep;
  if (sel.selectedIndex < 0) sel.selectedIndex = 0;
}

function fillFilters() {
  fillSelect($('f-category'), [['', t('any')], ...CATEGORIES.map((c) => [c, nameOf('category', c)])]);
  fillSelect($('f-type'), [['', t('any')], ...DATA_TYPES.map((d) => [d, nameOf('data_type', d)])]);
  fillSelect($('f-reported'), [['', t('any')], ...AUTHORITIES.map((a) => [a, nameOf('authority', a)])]);
  fillSelect($('f-card'), [['', t('any')], ['yes', t('yes')], ['no', t('no')]]);
  fillSelect($('f-vendor'), [['', t('any')], ['yes', t('yes')], ['no', t('no')]]);
  fillSelect($('f-sort'), ['relevance', '-date', 'date', 'affected'].map((s) => [s === 'relevance' ? '' : s, t(`sort.${s}`)]));
  fillSelect($('l-category'), [['', t('any')], ...CATEGORIES.map((c) => [c, nameOf('category', c)])]);
}

function affectedText(n) {
  return n === null || n === undefined ? t('affected.none') : t('affected', { n: formatNumber(n) });
}

// ---- search ---------------------------------------------------------------------

const FIELDS = ['q', 'category', 'type', 'reported', 'since', 'until', 'org', 'product', 'card', 'vendor', 'sort'];

function formParams() {
  const f = $('search-form');
  const p = new URLSearchParams();
  for (const name of FIELDS) {
    const v = (f.elements[name].value || '').trim();
    if (v) p.set(name, v);
  }
  return p;
}

function setForm(params) {
  const f = $('search-form');
  for (const name of FIELDS) f.elements[name].value = params.get(name) || '';
}

function snippetNodes(parts) {
  return (parts || []).map((p) => (p.hit ? el('mark', null, p.text) : p.text));
}

function hitItem(h) {
  const title = h.title || h.org || h.incident;
  return el('li', { className: 'hit' },
    el('a', { className: 'title', href: `#/incident/${encodeURIComponent(h.incident)}` }, title),
    el('div', { className: 'meta' },
      el('span', { className: `badge cat-${h.category || 'other'}` }, nameOf('category', h.category || 'other')),
      ' ', el('span', { className: 'id' }, h.incident),
      ' · ', h.org || t('org.none'),
      ' · ', h.published || t('date.none'),
      ' · ', affectedText(h.affected),
      h.reports > 1 ? [' · ', t('reports', { n: h.reports })] : null),
    el('p', { className: 'snippet' }, snippetNodes(h.snippet)));
}

async function runSearch(params) {
  show('search');
  setForm(params);
  lastSearch = `#/?${params}`;
  updateSearchTools(params);
  const offset = Number(params.get('offset') || 0);
  const api = Object.fromEntries(params.entries());
  api.limit = PAGE;
  const list = $('results');
  try {
    const res = await getJSON('/api/incidents', api);
    showError(null);
    clear(list);
    for (const h of res.items) list.appendChild(hitItem(h));
    $('result-count').textContent = res.total ? t('results.count', { total: formatNumber(res.total) }) : t('results.none');
    const to = Math.min(offset + res.items.length, res.total);
    $('page-info').textContent = res.total ? t('page.info', { from: offset + 1, to, total: res.total }) : '';
    $('prev').disabled = offset <= 0;
    $('next').disabled = offset + PAGE >= res.total;
    if (res.total) showSum(params); else $('result-sum').textContent = '';
    $('prev').onclick = () => go(params, Math.max(0, offset - PAGE));
    $('next').onclick = () => go(params, offset + PAGE);
  } catch (err) {
    clear(list);
    $('result-count').textContent = '';
    $('result-sum').textContent = '';
    showError(err);
  }
}

// The people affected over the whole search (not just this page): the
// sum, the incidents not stating a number apart (never as zero), the
// largest.  /api/stats?sum=affected takes the same filters.
const SUM_PARAMS = ['q', 'category', 'type', 'reported', 'since', 'until', 'org', 'product', 'card', 'vendor'];

async function showSum(params) {
  const p = $('result-sum');
  p.textContent = '';
  const api = { sum: 'affected' };
  for (const k of SUM_PARAMS) if (params.get(k)) api[k] = params.get(k);
  try {
    const s = await getJSON('/api/stats', api);
    if (!s.incidents) return;
    const parts = [t('sum.people', { people: formatNumber(s.people), stated: formatNumber(s.stated) })];
    if (s.not_stated) parts.push(t('sum.notstated', { n: formatNumber(s.not_stated) }));
    if (s.largest) parts.push(t('sum.largest', { n: formatNumber(s.largest.affected), id: s.largest.incident, org: s.largest.org || t('org.none') }));
    p.textContent = parts.join(' · ');
  } catch (err) {
    p.textContent = ''; // the list above already reports a failing search
  }
}

function go(params, offset) {
  const p = new URLSearchParams(params);
  if (offset) p.set('offset', String(offset)); else p.delete('offset');
  location.hash = `#/?${p}`;
}

// ---- one incident -------------------------------------------------------------------

// Values under this confidence are marked for review (JK_CONF_LOW).
const CONF_LOW = 0.5;

// The record's confidence map when it says anything: null when missing or
// all 0, as a record stored before confidence existed reads back — its
// confidence is unknown, and nothing is shown rather than every fact
// marked low (the same rule as `jikenbo show`).
function knownConfidence(rec) {
  const c = rec.confidence;
  if (!c || typeof c !== 'object') return null;
  return Object.values(c).some((v) => typeof v === 'number' && v > 0) ? c : null;
}

// The confidence badge of one fact: the number, or "要確認 0.32" under
// CONF_LOW; the title says what the number is for a pointer or a screen
// reader.
function confBadge(c) {
  const n = c.toFixed(2);
  if (c < CONF_LOW) return el('span', { className: 'conf low', title: t('conf.low.title', { c: n }) }, t('conf.low', { c: n }));
  return el('span', { className: 'conf', title: t('conf.title', { c: n }) }, n);
}

function factRows(rec) {
  const rows = [];
  const yesno = (b) => (b ? t('yes') : t('no'));
  const add = (field, value, key) => rows.push({ field, value, key });
  add('casebook_id', rec.casebook_id, 'casebook_id');
  add('org', rec.org, 'org');
  if (rec.runner_up && rec.runner_up.org && rec.runner_up.org !== rec.org) add('runner_up', rec.runner_up.org, null);
  add('published', rec.published, 'published');
  add('report_seq', rec.report_seq ? t('incident.report', { n: rec.report_seq }) : null, 'report_seq');
  add('category', rec.category ? nameOf('category', rec.category) : null, 'category');
  add('affected', rec.affected === null || rec.affected === undefined ? null : affectedText(rec.affected), 'affected');
  add('card', typeof rec.card === 'boolean' ? yesno(rec.card) : null, 'card');
  // An empty set is a row too ("—"), so that its confidence shows.
  for (const d of rec.data_types || []) add('data_types', nameOf('data_type', d), `data_types.${d}`);
  if (!(rec.data_types || []).length) add('data_types', null, 'data_types');
  for (const a of rec.reported_to || []) add('reported_to', nameOf('authority', a), `reported_to.${a}`);
  if (!(rec.reported_to || []).length) add('reported_to', null, 'reported_to');
  add('vendor', typeof rec.vendor === 'boolean' ? yesno(rec.vendor) : null, 'vendor');
  add('title', rec.title, 'title');
  if (rec.exposure_period) add('exposure_period', `${rec.exposure_period.from || '?'} – ${rec.exposure_period.to || '?'}`, 'exposure_period');
  if (rec.discovered) add('discovered', rec.discovered, 'discovered');
  (rec.products || []).forEach((p, i) => add('products', p, `products.${i}`));
  (rec.measures || []).forEach((m, i) => add('measures', m, `measures.${i}`));
  (rec.anomalies || []).forEach((a) => add('anomalies', a, null));
  return rows;
}

// Fields an analyst may correct (`jikenbo set`), and those that belong
// to one report (sent with its number).
const SETTABLE = ['casebook_id', 'org', 'published', 'report_seq', 'category', 'affected', 'card', 'data_types',
  'reported_to', 'vendor', 'title', 'discovered'];

const same = (a, b) => JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);

// A value as the page shows it (the extracted one beside a correction).
function showValue(field, v) {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '—';
  if (field === 'category') return nameOf('category', v);
  if (field === 'affected') return affectedText(v);
  if (field === 'card' || field === 'vendor') return v ? t('yes') : t('no');
  if (field === 'data_types') return v.map((d) => nameOf('data_type', d)).join('、');
  if (field === 'reported_to') return v.map((a) => nameOf('authority', a)).join('、');
  if (field === 'report_seq') return t('incident.report', { n: v });
  return String(v);
}

// A value as the edit box holds it (what `jikenbo set` reads).
function editValue(field, v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

// The corrections in force on this report that change what was extracted.
function inForce(rep, rec) {
  const out = {};
  for (const [field, c] of Object.entries(rep.corrected || {})) if (!same(c.value, rec[field])) out[field] = c;
  return out;
}

async function saveCorrection(data, i, field, value, note) {
  // The facts table shows one report: its correction is that report's
  // (the headline follows it where its value comes from the report).
  const body = { field, value, note, report: i + 1 };
  await postJSON(`/api/incidents/${encodeURIComponent(data.incident)}/corrections`, body);
  await showIncident(data.incident, i);
}

function editForm(data, i, field, current) {
  const value = el('input', { type: 'text', className: 'fix-value', value: editValue(field, current), 'aria-label': t('fix.value') });
  const note = el('input', { type: 'text', className: 'fix-note', maxlength: '2000', placeholder: t('fix.note'), 'aria-label': t('fix.note') });
  const err = el('span', { className: 'error fix-error' });
  const form = el('form', { className: 'fix-form' }, value, note,
    el('button', { type: 'submit', className: 'fix-save' }, t('fix.save')),
    el('button', { type: 'button', className: 'fix-cancel' }, t('fix.cancel')), err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = value.value.trim();
    try {
      await saveCorrection(data, i, field, v === '' ? null : v, note.value.trim() || undefined);
    } catch (x) {
      err.textContent = x.message;
    }
  });
  form.querySelector('.fix-cancel').addEventListener('click', () => form.remove());
  setTimeout(() => value.focus(), 0);
  return form;
}

function renderReport(data, i) {
  const rep = data.reports[i];
  const rec = rep.record || {};
  for (const li of $('timeline').children) li.classList.toggle('current', Number(li.dataset.i) === i);
  const activate = renderEvidence($('notice-text'), rec.text || '', rec.evidence || {});
  const body = clear($('facts').tBodies[0]);
  const conf = knownConfidence(rec);
  const corrected = rep.corrected || {};
  const fixes = inForce(rep, rec);
  // What the page shows: the record with the corrections in force.
  const view = { ...rec };
  for (const [field, c] of Object.entries(fixes)) view[field] = c.value;
  $('conf-hint').hidden = !conf;
  const seen = new Set();
  for (const row of factRows(view)) {
    const has = !!(row.key && rec.evidence && rec.evidence[row.key]);
    // A corrected fact has no confidence to show: an analyst set it.
    const c = conf && !corrected[row.field] && typeof conf[row.field] === 'number' ? conf[row.field] : null;
    const low = c !== null && c < CONF_LOW;
    const fix = fixes[row.field];
    const firstOfField = !seen.has(row.field);
    seen.add(row.field);
    const cls = ['fact', has ? 'has-ev' : '', low ? 'low-conf' : '', fix ? 'corrected' : ''].filter(Boolean).join(' ');
    const td = el('td', null, el('span', { className: 'value' },
      row.value === null || row.value === undefined || row.value === '' ? '—' : String(row.value)),
    c !== null ? [' ', confBadge(c)] : null);
    if (fix && firstOfField) {
      td.appendChild(el('span', { className: 'fix-meta' },
        el('span', { className: 'corrected-mark' }, t('incident.corrected')), ' ',
        el('span', { className: 'fix-who' }, t('fix.by', { who: fix.who || '', at: fix.at || '' })),
        ' · ', el('span', { className: 'fix-was' }, t('fix.was', { v: showValue(row.field, rec[row.field]) })),
        fix.note ? [' · ', el('span', { className: 'fix-why' }, t('fix.why', { note: fix.note }))] : null));
    }
    if (firstOfField && SETTABLE.includes(row.field) && may('correct')) {
      const edit = el('button', { type: 'button', className: 'edit', dataset: { field: row.field } }, t('fix.edit'));
      edit.addEventListener('click', (e) => {
        e.stopPropagation();
        if (!td.querySelector('form')) td.appendChild(editForm(data, i, row.field, view[row.field]));
      });
      td.appendChild(edit);
      if (fix) {
        const rv = el('button', { type: 'button', className: 'edit revert', dataset: { field: row.field } }, t('fix.revert'));
        rv.addEventListener('click', async (e) => {
          e.stopPropagation();
          try { await saveCorrection(data, i, row.field, rec[row.field] === undefined ? null : rec[row.field], t('fix.revert')); } catch (x) { showError(x); }
        });
        td.appendChild(rv);
      }
    }
    const tr = el('tr', { className: cls, dataset: { key: row.key || '', field: row.field }, tabindex: has ? '0' : null },
      el('th', null, t(`field.${row.field}`)), td);
    if (has) {
      const pick = () => {
        for (const r of body.querySelectorAll('tr.fact')) r.classList.toggle('active', r === tr);
        activate(row.key);
      };
      tr.addEventListener('click', (e) => { if (!e.target.closest('form, button')) pick(); });
      tr.addEventListener('keydown', (e) => {
        if (e.target !== tr) return;
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); }
      });
    } else if (row.key) {
      tr.title = t('incident.noevidence');
    }
    body.appendChild(tr);
  }
}

async function showIncident(id, reportIndex) {
  show('incident');
  $('back').setAttribute('href', lastSearch);
  try {
    const data = await getJSON(`/api/incidents/${encodeURIComponent(id)}`);
    showError(null);
    const sum = data.summary || {};
    const first = (data.reports[0] && data.reports[0].record) || {};
    $('inc-title').textContent = sum.title || first.title || data.incident;
    // Each headline value with the report it came from.
    const from = data.headline_from || {};
    const src = (k) => (from[k] === 'correction' ? t('from.correction')
      : typeof from[k] === 'number' ? t('from.report', { n: from[k] }) : t('from.none'));
    $('inc-meta').textContent = [data.incident,
      `${t('incident.victim')}: ${sum.org || t('org.none')} ${src('org')}`,
      `${nameOf('category', sum.category || 'other')} ${src('category')}`,
      `${affectedText(sum.affected)} ${src('affected')}`,
      `${sum.published || t('date.none')} ${src('published')}`].join(' · ');
    const tl = clear($('timeline'));
    data.reports.forEach((rep, i) => {
      const rec = rep.record || {};
      const li = el('li', { dataset: { i: String(i) }, tabindex: '0' },
        el('span', { className: 'when' }, rec.published || t('date.none')), ' ',
        el('strong', null, t('incident.report', { n: rec.report_seq || rep.n || i + 1 })), ' ',
        el('span', { className: 'rtitle' }, rec.title || ''),
        el('div', { className: 'issuer' }, `${t('field.issuer')}: ${rep.issuer || t('org.none')}`,
          rep.issuer_role && rep.issuer_role !== 'own' ? ` — ${t('role.note', { role: t(`role.${rep.issuer_role}`) })}` : ''),
        el('div', { className: 'src' },
          // The notice's URL as a link (http/https only; el() checks it again).
          rep.url && /^https?:\/\//.test(rep.url)
            ? el('a', { href: rep.url, rel: 'noopener noreferrer', target: '_blank' }, rep.url)
            : (rep.source || '')));
      li.addEventListener('click', () => renderReport(data, i));
      tl.appendChild(li);
    });
    const corr = clear($('corrections'));
    if (data.corrections && data.corrections.length) {
      corr.appendChild(el('h2', null, t('incident.corrections')));
      corr.appendChild(el('ul', { className: 'audit' }, data.corrections.map((c) =>
        el('li', null, `${t(`field.${c.field}`)}${c.report ? ` (${t('incident.report', { n: c.report })})` : ''}: `,
          `${showValue(c.field, c.extracted)} → ${showValue(c.field, c.value)} — ${c.who || ''} ${c.at || ''}`,
          c.note ? ` (${c.note})` : ''))));
    }
    if (data.reports.length) {
      const k = Number.isInteger(reportIndex) && reportIndex < data.reports.length ? reportIndex : 0;
      renderReport(data, k);
    }
  } catch (err) {
    $('inc-title').textContent = '';
    $('inc-meta').textContent = '';
    clear($('notice-text'));
    clear($('facts').tBodies[0]);
    showError(err);
  }
}

// ---- trends --------------------------------------------------------------------------

let statsCache = null;

async function showTrends() {
  show('trends');
  if (!chartsAvailable()) {
    $('charts-missing').hidden = false;
    return;
  }
  try {
    if (!statsCache) statsCache = await getJSON('/api/stats');
    showError(null);
    $('trends-total').textContent = t('trends.total', { total: formatNumber((statsCache.category || {}).total || 0) });
    drawCharts(statsCache);
  } catch (err) {
    showError(err);
  }
}

// ---- lessons ---------------------------------------------------------------------------

function lessonsParams() {
  const p = new URLSearchParams();
  const category = $('l-category').value;
  const product = $('l-product').value.trim();
  if (category) p.set('category', category);
  if (product) p.set('product', product);
  return p;
}

async function showLessons(params) {
  show('lessons');
  $('l-category').value = params.get('category') || '';
  if ($('l-category').selectedIndex < 0) $('l-category').selectedIndex = 0;
  $('l-product').value = params.get('product') || '';
  const box = $('lessons');
  try {
    const data = await getJSON('/api/lessons', { category: params.get('category'), product: params.get('product') });
    showError(null);
    $('lessons-total').textContent = t('lessons.total', { total: formatNumber(data.incidents || 0) });
    renderLessons(box, data);
  } catch (err) {
    clear(box);
    $('lessons-total').textContent = '';
    showError(err);
  }
}

// ---- router ------------------------------------------------------------------------------

async function guarded(view, fn) {
  show(view);
  try {
    await fn();
    showError(null);
  } catch (err) {
    showError(err);
  }
}

function route() {
  const h = location.hash || '#/';
  const m = /^#\/incident\/([^?]+)/.exec(h);
  if (m) return showIncident(decodeURIComponent(m[1]), 0);
  if (h.startsWith('#/trends')) return showTrends();
  if (h.startsWith('#/review')) return guarded('review', showReview);
  if (h.startsWith('#/ingest')) return guarded('ingest', async () => {});
  if (h.startsWith('#/alerts')) return guarded('alerts', showAlerts);
  const q = h.indexOf('?');
  if (h.startsWith('#/lessons')) return showLessons(new URLSearchParams(q >= 0 ? h.slice(q + 1) : ''));
  return runSearch(new URLSearchParams(q >= 0 ? h.slice(q + 1) : ''));
}

async function init() {
  applyLabels(document);
  fillFilters();
  await refreshMe();
  initLogin(route);
  initSearchTools(() => formParams());
  initIngest();
  initAlerts();
  initReview();
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const p = formParams();
    location.hash = `#/?${p}`;
  });
  $('lessons-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const p = lessonsParams();
    location.hash = p.toString() ? `#/lessons?${p}` : '#/lessons';
  });
  $('l-category').addEventListener('change', () => {
    const p = lessonsParams();
    location.hash = p.toString() ? `#/lessons?${p}` : '#/lessons';
  });
  for (const id of ['f-category', 'f-type', 'f-reported', 'f-card', 'f-vendor', 'f-sort']) {
    $(id).addEventListener('change', () => { location.hash = `#/?${formParams()}`; });
  }
  $('lang').addEventListener('click', () => {
    setLang(getLang() === 'ja' ? 'en' : 'ja');
    applyLabels(document);
    fillFilters();
    route();
  });
  window.addEventListener('hashchange', route);
  route();
}

init();
