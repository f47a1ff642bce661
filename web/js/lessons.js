// lessons.js — the 教訓 / Lessons view: GET /api/lessons (the same
// counts as `jikenbo lessons`) drawn as one list per table — the most
// frequent causes and products, how exposure was discovered, how long
// data stayed exposed, the measures most often promised, the settings
// behind incidents.  Every number comes with links to the incidents
// behind it: the answer lists the first ones of each row and links to
// the rest ("more"), which the "N more" button follows a page at a time.
// Keys and labels come from the data, so they reach the page through
// textContent only (dom.js).

import { el, clear } from './dom.js';
import { t, nameOf, getLang, formatNumber } from './i18n.js';
import { getJSON } from './api.js';

// Incidents fetched per click of "N more" (GET /api/lessons/incidents).
const PAGE = 100;

// The label of a row: causes by the dashboard's own category names (as in
// the search filter), the other tables by the library's labels.
function rowLabel(table, row) {
  if (table.name === 'causes') return nameOf('category', row.key);
  const label = getLang() === 'ja' ? row.label_ja : row.label_en;
  return label || row.key;
}

// People behind a row: never a zero for counts the notices do not state.
function peopleText(row) {
  if (row.people_not_stated >= row.count) return t('lessons.people.none');
  const n = formatNumber(row.people);
  if (row.people_not_stated) return t('lessons.people.some', { n, k: row.people_not_stated });
  return t('lessons.people', { n });
}

// A search of the same incidents, where the search language has the filter.
function searchHref(table, row) {
  if (table.name === 'causes') return `#/?category=${encodeURIComponent(row.key)}`;
  if (table.name === 'products') return `#/?product=${encodeURIComponent(row.key)}`;
  return null;
}

// The link of a page of the rest, PAGE incidents long.
function pageUrl(more) {
  const u = new URL(more, window.location.origin);
  if (!u.searchParams.has('limit')) u.searchParams.set('limit', String(PAGE));
  return u.pathname + u.search;
}

function incidentLinks(row) {
  const box = el('div', { className: 'lesson-incidents' });
  const link = (id) => el('a', { href: `#/incident/${encodeURIComponent(id)}`, className: 'inc' }, id);
  const ids = row.incidents || [];
  ids.forEach((id) => box.appendChild(link(id)));
  let shown = ids.length;
  let next = row.more || null;
  if (!next || shown >= row.count) return box;
  const more = el('button', { type: 'button', className: 'more' },
    t('lessons.more', { n: formatNumber(row.count - shown) }));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await getJSON(pageUrl(next));
      for (const id of page.incidents || []) box.insertBefore(link(id), more);
      shown += (page.incidents || []).length;
      next = page.more || null;
      if (next && shown < row.count) {
        more.textContent = t('lessons.more', { n: formatNumber(row.count - shown) });
        more.disabled = false;
      } else {
        more.remove();
      }
    } catch (e) {
      more.title = e.message;
      more.disabled = false;
    }
  });
  box.appendChild(more);
  return box;
}

function rowItem(table, row, max) {
  const href = searchHref(table, row);
  return el('li', { className: 'lesson', dataset: { table: table.name, key: row.key } },
    el('div', { className: 'lesson-head' },
      el('span', { className: 'lesson-label' }, rowLabel(table, row)),
      el('meter', { min: '0', max: String(max), value: String(row.count) }),
      el('strong', { className: 'lesson-count' }, t('lessons.count', { n: formatNumber(row.count) })),
      el('span', { className: 'lesson-people' }, peopleText(row)),
      href ? el('a', { href, className: 'lesson-search' }, t('lessons.search')) : null),
    incidentLinks(row));
}

function tableSection(table, data) {
  const head = [t(`lessons.${table.name}`)];
  if (table.name === 'exposure' && data.exposure_median_days !== null && data.exposure_median_days !== undefined) {
    head.push(t('lessons.median', { n: formatNumber(Math.round(data.exposure_median_days)) }));
  }
  const rows = table.rows || [];
  const max = rows.reduce((m, r) => Math.max(m, r.count), 1);
  return el('section', { className: 'lesson-table', id: `lessons-${table.name}` },
    el('h2', null, head.join(' ')),
    table.not_stated ? el('p', { className: 'hint' }, t('lessons.notstated', { n: formatNumber(table.not_stated) })) : null,
    rows.length
      ? el('ol', { className: 'lessons' }, rows.map((r) => rowItem(table, r, max)))
      : el('p', { className: 'hint' }, t('lessons.empty')));
}

// Draw the lessons of data (the /api/lessons answer) into box.
export function renderLessons(box, data) {
  clear(box);
  for (const table of data.tables || []) box.appendChild(tableSection(table, data));
}
