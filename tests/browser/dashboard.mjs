// dashboard.mjs — the dashboard in a real browser: Debian's chromium
// driven by playwright-core (from web/node_modules).
//
//   node tests/browser/dashboard.mjs URL OUTDIR POLYGLOT_INCIDENT LESSONS CONF
//
// LESSONS is what `jikenbo lessons --json` counts on the same database:
// "TOTAL:CAUSE=N" (incidents, and the incidents of one cause).  CONF is
// "LOW:UNKNOWN": an incident whose stored record has org 0.41, affected
// 0.32, casebook_id 0.97 and a runner-up issuer, and one whose
// confidences are all 0 (serve_browser.sh sets both in the database).
//
// Searches a two-character word, opens an incident, checks that each
// fact's evidence is highlighted at the right characters and that a
// click scrolls to it, switches the language (and that it sticks), opens
// the incident whose title and text hold the XSS polyglot and checks that
// it shows as text with no dialog, no script run and no CSP violation,
// draws the trends, opens the lessons (教訓) and checks their numbers
// against the command's, checks that a fact under 0.5 confidence carries
// a visible "要確認" badge with its number and a title (and none when the
// confidence is unknown), and saves screenshots in OUTDIR.  Ends with
// "N passed, N failed".

import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, outdir, polyId, lessonsArg, confArg] = process.argv.slice(2);
const lessonsWant = /^(\d+):(\w+)=(\d+)$/.exec(lessonsArg || '');
const confWant = /^([\w-]+):([\w-]+)$/.exec(confArg || '');
if (!url || !outdir || !polyId || !lessonsWant || !confWant) {
  console.error('usage: node dashboard.mjs URL OUTDIR POLYGLOT_INCIDENT TOTAL:CAUSE=N LOW_INCIDENT:UNKNOWN_INCIDENT');
  process.exit(2);
}
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

let pass = 0;
let fail = 0;
function check(name, cond, detail) {
  if (cond) pass++;
  else {
    fail++;
    console.log(`FAIL ${name}${detail !== undefined ? `: ${detail}` : ''}`);
  }
}

mkdirSync(outdir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'jikenbo-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});

// Sentinels, installed before any page script: a polyglot that ran would
// call alert() (or open a dialog), or trip the CSP.
await context.addInitScript(() => {
  window.__xss = 0;
  window.__csp = [];
  for (const f of ['alert', 'confirm', 'prompt']) {
    const orig = window[f];
    window[f] = function (...a) { window.__xss++; return orig.apply(this, a); };
  }
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
});

const page = context.pages()[0] || await context.newPage();
let dialogs = 0;
const pageErrors = [];
page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
page.setDefaultTimeout(15000);

try {
  // --- search for a two-character word ---------------------------------------
  await page.goto(url);
  await page.waitForSelector('#results li.hit');
  check('Japanese by default', (await page.textContent('#nav-search')) === '検索');
  await page.fill('#q', '漏洩');
  await page.click('#search-go');
  await page.waitForFunction(() => location.hash.includes('q='));
  await page.waitForSelector('#results li.hit .snippet mark');
  const marks = await page.$$eval('#results li.hit .snippet mark', (ms) => ms.map((m) => m.textContent));
  check('search 漏洩 finds hits', marks.length > 0, marks.length);
  check('the hit in context is 漏洩', marks.every((m) => m.includes('漏洩')), JSON.stringify(marks.slice(0, 3)));
  const count = await page.textContent('#result-count');
  check('result count shown', /\d/.test(count), count);
  // The people over the whole search, as the API sums them: the sum, the
  // incidents not stating a number apart, the largest.
  await page.waitForFunction(() => document.getElementById('result-sum').textContent.length > 0);
  const sumShown = await page.textContent('#result-sum');
  const sumApi = await page.evaluate(async () => (await fetch('/api/stats?sum=affected&q=%E6%BC%8F%E6%B4%A9')).json());
  const fmt = (n) => n.toLocaleString('ja-JP');
  check('search page: the sum of people', sumShown.includes(`${fmt(sumApi.people)} 人`), `${sumShown} / ${JSON.stringify(sumApi)}`);
  check('search page: not stated apart', !sumApi.not_stated || sumShown.includes(`人数不明 ${fmt(sumApi.not_stated)} 件`), sumShown);
  check('search page: the largest', !sumApi.largest || sumShown.includes(`${fmt(sumApi.largest.affected)} 人(${sumApi.largest.incident}`), sumShown);

  // --- open an incident --------------------------------------------------------------
  const firstTitle = await page.textContent('#results li.hit a.title');
  await page.click('#results li.hit a.title');
  await page.waitForSelector('#notice-text mark.ev');
  check('incident title shown', (await page.textContent('#inc-title')).length > 0);
  check('incident is the one clicked', (await page.textContent('#inc-title')) === firstTitle, firstTitle);
  check('timeline has a report', (await page.$$('#timeline li')).length >= 1);

  // Every highlighted fact: the marked characters are exactly the API's
  // evidence text (bytes -> UTF-16 done right, overlaps included).
  const id = decodeURIComponent((await page.evaluate(() => location.hash)).split('/')[2]);
  const evCheck = await page.evaluate(async (incId) => {
    const data = await (await fetch(`/api/incidents/${encodeURIComponent(incId)}`)).json();
    const ev = data.reports[0].record.evidence || {};
    const bad = [];
    let n = 0;
    for (const [k, sp] of Object.entries(ev)) {
      if (!sp || sp.end <= sp.start) continue;
      const got = [...document.querySelectorAll('#notice-text mark.ev')]
        .filter((m) => m.dataset.keys.split(' ').includes(k)).map((m) => m.textContent).join('');
      n++;
      if (got !== sp.text) bad.push(`${k}: ${JSON.stringify(got)} != ${JSON.stringify(sp.text)}`);
    }
    return { n, bad };
  }, id);
  check('evidence spans present', evCheck.n > 0, evCheck.n);
  check('every evidence span highlights exactly its text', evCheck.bad.length === 0, evCheck.bad.join('; '));

  // Click the last fact with evidence (furthest down the text): the text
  // scrolls to it and it is the active highlight.
  const rows = await page.$$('#facts tr.fact.has-ev');
  check('facts with evidence are clickable', rows.length > 0, rows.length);
  const last = rows[rows.length - 1];
  const key = await last.getAttribute('data-key');
  await page.evaluate(() => { document.getElementById('notice-text').scrollTop = 0; window.scrollTo(0, 0); });
  await last.click();
  const vis = await page.evaluate((k) => {
    const box = document.getElementById('notice-text');
    const act = [...box.querySelectorAll('mark.ev.active')];
    if (!act.length) return { n: 0 };
    const r = act[0].getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return {
      n: act.length,
      keyed: act.every((m) => m.dataset.keys.split(' ').includes(k)),
      inBox: r.top >= b.top - 1 && r.bottom <= b.bottom + 1,
      inWindow: r.top >= 0 && r.top < window.innerHeight,
    };
  }, key);
  check(`clicking fact ${key} highlights its evidence`, vis.n > 0 && vis.keyed, JSON.stringify(vis));
  check(`clicking fact ${key} scrolls the text to it`, vis.inBox && vis.inWindow, JSON.stringify(vis));
  await page.screenshot({ path: join(outdir, 'dashboard-incident.png'), fullPage: false });

  // --- language switch ---------------------------------------------------------------
  await page.click('#lang');
  check('switch to English: labels', (await page.textContent('#nav-search')) === 'Search');
  check('switch to English: html lang', (await page.getAttribute('html', 'lang')) === 'en');
  // The incident view is fetched again after the switch: wait for its
  // facts to come back in English (slow under the sanitizers).
  const factsEn = await page.waitForFunction(
    () => /Organisation|Title|Cause/.test(document.getElementById('facts')?.textContent || ''),
    null, { timeout: 15000 }).then(() => true, () => false);
  check('switch to English: facts', factsEn, (await page.textContent('#facts')).slice(0, 200));
  await page.reload();
  await page.waitForSelector('#notice-text mark.ev');
  check('English kept after reload', (await page.textContent('#nav-search')) === 'Search');

  // --- the XSS polyglot stays text ---------------------------------------------------
  await page.goto(`${url}#/?q=${encodeURIComponent('ポリグロット')}`);
  await page.waitForSelector('#results li.hit a.title');
  const hitTitles = await page.$$eval('#results li.hit a.title', (as) => as.map((a) => a.textContent));
  check('polyglot title listed as text', hitTitles.some((s) => s.includes('jaVasCript:') && s.includes('oNloAd=alert()')),
    JSON.stringify(hitTitles));
  await page.goto(`${url}#/incident/${encodeURIComponent(polyId)}`);
  await page.waitForSelector('#notice-text mark.ev');
  const title = await page.textContent('#inc-title');
  check('polyglot title shown as text', title.includes('jaVasCript:') && title.includes('<sVg/oNloAd=alert()//>'), title);
  const text = await page.textContent('#notice-text');
  check('polyglot body shown as text', text.includes('<scRipt/--!>'), text.slice(0, 200));
  await page.click('#facts tr.fact.has-ev[data-key="title"]');
  await page.waitForTimeout(300);
  const injected = await page.evaluate(() => ({
    svg: document.querySelectorAll('main svg, main textarea:not(#ingest-text), main style, main title').length,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    handlers: [...document.querySelectorAll('main *')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    xss: window.__xss,
    csp: window.__csp,
  }));
  check('no element injected by the polyglot', injected.svg === 0 && injected.handlers === 0, JSON.stringify(injected));
  check('only our own scripts', injected.scripts.every((s) => s === '/vendor/chart.umd.min.js' || s === '/js/app.js'),
    JSON.stringify(injected.scripts));
  check('no script executed (sentinel)', injected.xss === 0, injected.xss);
  check('no CSP violation', injected.csp.length === 0, JSON.stringify(injected.csp));
  check('no dialog fired', dialogs === 0, dialogs);
  await page.screenshot({ path: join(outdir, 'dashboard-polyglot.png'), fullPage: false });

  // --- trends --------------------------------------------------------------------------
  await page.click('#lang'); // back to Japanese
  await page.goto(`${url}#/trends`);
  await page.waitForFunction(() => window.Chart && Object.keys(window.Chart.instances || {}).length === 4);
  const charts = await page.evaluate(() => Object.values(window.Chart.instances).map((c) => ({
    id: c.canvas.id, n: c.data.datasets.reduce((a, d) => a + d.data.length, 0),
    stacked: !!(c.options.scales && c.options.scales.y && c.options.scales.y.stacked), log: c.options.scales && c.options.scales.y && c.options.scales.y.type,
  })));
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
  // The seeds hold undated incidents: a bar of their own, never dropped.
  const lastLabels = await page.evaluate(() => Object.values(window.Chart.instances).map((c) => [c.canvas.id, c.data.labels[c.data.labels.length - 1]]));
  const lastOf = Object.fromEntries(lastLabels);
  check('monthly chart: the undated on their own bar', lastOf['chart-monthly'] === '日付不明', JSON.stringify(lastLabels));
  check('people chart: the undated on their own bar', lastOf['chart-people'] === '日付不明', JSON.stringify(lastLabels));
  check('monthly chart stacked by cause', byId['chart-monthly'] && byId['chart-monthly'].stacked && byId['chart-monthly'].n > 0, JSON.stringify(charts));
  check('people chart on a log scale', byId['chart-people'] && byId['chart-people'].log === 'logarithmic', JSON.stringify(charts));
  check('data-type chart has bars', byId['chart-types'] && byId['chart-types'].n > 0, JSON.stringify(charts));
  check('product chart present', !!byId['chart-products'], JSON.stringify(charts));
  check('trends in Japanese', (await page.textContent('#view-trends figcaption')) === '月別の件数(原因別)');
  await page.screenshot({ path: join(outdir, 'dashboard-trends.png'), fullPage: true });

  // --- lessons (教訓) ---------------------------------------------------------------
  const [, wantTotal, wantCause, wantCount] = lessonsWant;
  await page.click('#nav-lessons');
  await page.waitForSelector('#lessons-causes li.lesson');
  check('lessons: nav in Japanese', (await page.textContent('#nav-lessons')) === '教訓');
  check('lessons: title in Japanese', (await page.textContent('#view-lessons h1')) === '教訓');
  check('lessons: total as the command counts', (await page.textContent('#lessons-total')) === `${wantTotal} 件の事案から`,
    await page.textContent('#lessons-total'));
  const tables = await page.$$eval('#lessons section.lesson-table', (ss) => ss.map((x) => x.id));
  for (const name of ['causes', 'products', 'discovery', 'exposure', 'measures']) {
    check(`lessons: table ${name}`, tables.includes(`lessons-${name}`), JSON.stringify(tables));
  }
  check('lessons: exposure median shown', /中央値 \d+ 日/.test(await page.textContent('#lessons-exposure h2')),
    await page.textContent('#lessons-exposure h2'));
  const causeSel = `#lessons-causes li.lesson[data-key="${wantCause}"]`;
  const cause = await page.$eval(causeSel, (li) => ({
    label: li.querySelector('.lesson-label').textContent,
    count: li.querySelector('.lesson-count').textContent,
    links: li.querySelectorAll('.lesson-incidents a.inc').length,
    more: !!li.querySelector('.lesson-incidents button.more'),
  }));
  check(`lessons: ${wantCause} counted as the command does (${wantCount})`, cause.count === `${wantCount} 件`, JSON.stringify(cause));
  check(`lessons: ${wantCause} labelled in Japanese`, /[\u3040-\u30ff\u4e00-\u9fff]/.test(cause.label), cause.label);
  // The first ones listed, a button for the rest that follows the row's
  // "more" link (GET /api/lessons/incidents), gone once all are listed.
  check(`lessons: ${wantCause}: the first incidents listed, a button for the rest`,
    cause.links > 0 && cause.links <= Number(wantCount) && cause.more === (cause.links < Number(wantCount)), JSON.stringify(cause));
  if (cause.more) {
    const pages = [];
    const onReq = (r) => { if (r.url().includes('/api/lessons/incidents?')) pages.push(r.url()); };
    page.on('request', onReq);
    await page.click(`${causeSel} .lesson-incidents button.more`);
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} .lesson-incidents a.inc`).length >= n,
      [causeSel, Number(wantCount)], { timeout: 15000 }).catch(() => {});
    page.off('request', onReq);
    check('lessons: "more" fetched the rest from the row\'s link',
      pages.length > 0 && pages[0].includes(`offset=${cause.links}`) && pages.every((u) => u.includes(`table=causes&key=${wantCause}`)),
      JSON.stringify(pages));
    check('lessons: the button gone once every incident is listed',
      !(await page.$(`${causeSel} .lesson-incidents button.more`)));
  }
  const ids = await page.$$eval(`${causeSel} .lesson-incidents a.inc`, (as) => as.map((a) => a.textContent));
  check(`lessons: a link to each of the ${wantCount} incidents`, ids.length === Number(wantCount) && new Set(ids).size === ids.length,
    `${ids.length} links`);
  // Each number's incidents are those of the search with the same filter.
  const viaApi = await page.evaluate(async (c) => {
    const r = await (await fetch(`/api/incidents?category=${c}&limit=100`)).json();
    return r.items.map((h) => h.incident);
  }, wantCause);
  check('lessons: the incidents behind the number are the cause\'s', ids.slice().sort().join() === viaApi.slice().sort().join(),
    `${ids.length} vs ${viaApi.length}`);
  await page.screenshot({ path: join(outdir, 'dashboard-lessons.png'), fullPage: false });
  await page.click(`${causeSel} .lesson-incidents a.inc >> nth=0`);
  await page.waitForSelector('#notice-text mark.ev');
  check('lessons: a link opens its incident', decodeURIComponent((await page.evaluate(() => location.hash)).split('/')[2]) === ids[0],
    await page.evaluate(() => location.hash));
  // Filtered by cause: one cause row, the total is that cause's count.
  await page.goto(`${url}#/lessons?category=${wantCause}`);
  await page.waitForFunction((n) => document.getElementById('lessons-total').textContent === `${n} 件の事案から`, wantCount);
  check('lessons: filter keeps one cause', (await page.$$('#lessons-causes li.lesson')).length === 1);
  check('lessons: filter shown in the form', (await page.inputValue('#l-category')) === wantCause);
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('lessons-total').textContent.startsWith('from '));
  check('lessons: English labels', (await page.textContent('#nav-lessons')) === 'Lessons'
    && (await page.textContent('#lessons-causes h2')) === 'Causes, most frequent first', await page.textContent('#lessons-causes h2'));
  check('lessons: English count', (await page.textContent(`${causeSel} .lesson-count`)) === `${wantCount} incidents`);
  await page.click('#lang'); // back to Japanese

  // --- confidence: a fact under 0.5 is marked for review ----------------------
  const [, lowId, unknownId] = confWant;
  // Every fact row's field, and its badge as a reader sees it.
  const factBadges = () => page.$$eval('#facts tr.fact', (trs) => trs.map((tr) => {
    const b = tr.querySelector('.conf');
    const box = b ? b.getBoundingClientRect() : null;
    return {
      field: tr.dataset.field,
      value: (tr.querySelector('td .value') || {}).textContent,
      rowLow: tr.classList.contains('low-conf'),
      badge: b ? { text: b.textContent, title: b.getAttribute('title') || '', low: b.classList.contains('low'),
        bg: getComputedStyle(b).backgroundColor, visible: box.width > 0 && box.height > 0 } : null,
    };
  }));
  // Wait for this incident's facts (the view may still hold the last one's).
  await page.goto(`${url}#/incident/${encodeURIComponent(lowId)}`);
  await page.waitForFunction((id) => document.getElementById('inc-meta').textContent.startsWith(id), lowId);
  await page.waitForSelector('#facts tr.fact');
  let facts = await factBadges();
  const byField = (f) => facts.find((r) => r.field === f) || {};
  const aff = byField('affected');
  check('confidence: the low count has a review badge', aff.badge && aff.badge.low && aff.rowLow, JSON.stringify(aff));
  check('confidence: the badge says 要確認 and the number', aff.badge && aff.badge.text === '要確認 0.32', JSON.stringify(aff.badge));
  check('confidence: the badge is visible, not colour alone', aff.badge && aff.badge.visible
    && aff.badge.bg !== 'rgba(0, 0, 0, 0)', JSON.stringify(aff.badge));
  check('confidence: the badge has a title for screen readers', aff.badge && aff.badge.title.includes('0.32')
    && aff.badge.title.includes('確認'), JSON.stringify(aff.badge));
  check('confidence: the low issuer is marked too', byField('org').badge && byField('org').badge.text === '要確認 0.41',
    JSON.stringify(byField('org')));
  const cb = byField('casebook_id');
  check('confidence: a sure fact shows its number, unmarked', cb.badge && cb.badge.text === '0.97' && !cb.badge.low && !cb.rowLow,
    JSON.stringify(cb));
  check('confidence: no badge on facts without one', facts.filter((r) => ['title', 'products', 'measures', 'discovered']
    .includes(r.field)).every((r) => !r.badge), JSON.stringify(facts.map((r) => [r.field, !!r.badge])));
  check('confidence: only the two low facts are marked', facts.filter((r) => r.badge && r.badge.low).map((r) => r.field)
    .sort().join() === 'affected,org', JSON.stringify(facts.filter((r) => r.badge && r.badge.low)));
  check('confidence: the runner-up issuer is shown', byField('runner_up').value === '架空倉庫サービス株式会社',
    JSON.stringify(byField('runner_up')));
  check('confidence: the hint explains the numbers', await page.isVisible('#conf-hint'));
  await page.screenshot({ path: join(outdir, 'dashboard-confidence.png'), fullPage: false });
  await page.click('#lang');
  await page.waitForFunction(() => [...document.querySelectorAll('#facts .conf.low')].some((b) => b.textContent === 'review 0.32'));
  facts = await factBadges();
  check('confidence: English badge and title', byField('affected').badge.text === 'review 0.32'
    && byField('affected').badge.title.startsWith('extraction confidence 0.32'), JSON.stringify(byField('affected')));
  await page.click('#lang'); // back to Japanese
  await page.goto(`${url}#/incident/${encodeURIComponent(unknownId)}`);
  await page.waitForFunction((id) => document.getElementById('inc-meta').textContent.startsWith(id), unknownId);
  await page.waitForSelector('#facts tr.fact');
  facts = await factBadges();
  check('confidence unknown (all 0): no badge at all', facts.length > 0 && facts.every((r) => !r.badge && !r.rowLow),
    JSON.stringify(facts.filter((r) => r.badge)));
  check('confidence unknown: no hint', !(await page.isVisible('#conf-hint')));

  check('no page errors', pageErrors.length === 0, pageErrors.join(' | '));
  check('no dialog at all', dialogs === 0, dialogs);
} catch (e) {
  check('browser run', false, e && e.stack ? e.stack.split('\n').slice(0, 4).join(' / ') : String(e));
  try { await page.screenshot({ path: join(outdir, 'dashboard-failure.png') }); } catch (e2) { /* nothing */ }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${outdir}`);
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
