// analyst.mjs — analysts at work in a real browser (issue 13): Debian's
// chromium driven by playwright-core (from web/node_modules).
//
//   node tests/browser/analyst.mjs URL OUTDIR ANALYST_TOKEN READER_TOKEN HOOK_URL CORRECT_ID
//
// Logs in with an analyst's token, saves a search with a webhook,
// paste-ingests a fictional notice and finds it by search, sees the
// alert badge, corrects the head-count of CORRECT_ID, reloads and sees it
// corrected with the analyst's name, when, why and the extracted value
// beside it, reverts it; walks the review queue (order as the API's,
// j/k move, a marks reviewed, e opens); logs in as a reader, who sees no
// edit control and gets 403 from the API.  Prints "SECRET <hex>" (the
// webhook's secret, for the shell to check the signature) and ends with
// "N passed, N failed".

import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, outdir, analyst, reader, hookUrl, correctId] = process.argv.slice(2);
if (!url || !outdir || !analyst || !reader || !hookUrl || !correctId) {
  console.error('usage: node analyst.mjs URL OUTDIR ANALYST_TOKEN READER_TOKEN HOOK_URL CORRECT_ID');
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
const page = context.pages()[0] || await context.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) pageErrors.push(m.text()); });
page.setDefaultTimeout(15000);

async function login(token) {
  if (await page.isVisible('#logout')) await page.click('#logout');
  await page.click('#login');
  await page.fill('#login-token', token);
  await page.click('#login-go');
  await page.waitForFunction(() => document.getElementById('who').textContent.length > 0);
  return page.textContent('#who');
}

const NOTICE = [
  '【セキュリティ事件簿#2099-951】株式会社架空ブラウザ商事 メール誤送信による個人情報漏えいのお詫び 2099年04月01日',
  '',
  '当社の担当者がお客様へのご案内を送る際、宛先をBCCではなくTOに入力したため、お客様58名のメールアドレスが他のお客様に表示されました。',
  '',
  '今後は送信前の確認を徹底し、再発防止に努めてまいります。',
].join('\n');

try {
  // --- log in as the analyst ---------------------------------------------------------
  await page.goto(url);
  await page.waitForSelector('#results li.hit');
  check('logged out: no ingest in the menu', !(await page.isVisible('#nav-ingest')));
  check('logged out: no save-search button', !(await page.isVisible('#save-search')));
  const who = await login(analyst);
  check('logged in as the analyst, name and role shown', who.includes('alice') && who.includes('分析者'), who);
  check('the token is not in the page', !(await page.content()).includes(analyst));
  check('analyst: ingest in the menu', await page.isVisible('#nav-ingest'));

  // --- save a search with a webhook ----------------------------------------------------
  await page.fill('#q', '架空ブラウザ商事');
  await page.click('#search-go');
  await page.waitForFunction(() => location.hash.includes('q='));
  await page.waitForSelector('#save-search:not([hidden])');
  const href = await page.getAttribute('#export-link', 'href');
  check('export link carries the query', href.startsWith('/api/export?') && href.includes('format=csv')
    && decodeURIComponent(href).includes('架空ブラウザ商事'), href);
  await page.click('#save-search');
  await page.fill('#save-webhook', hookUrl);
  await page.click('#save-go');
  await page.waitForFunction(() => /[0-9a-f]{64}/.test(document.getElementById('save-result').textContent));
  const secret = /[0-9a-f]{64}/.exec(await page.textContent('#save-result'))[0];
  console.log(`SECRET ${secret}`);
  pass++;

  // --- paste-ingest a fictional notice, then find it ------------------------------------
  await page.click('#nav-ingest');
  await page.waitForSelector('#view-ingest:not([hidden])');
  await page.fill('#ingest-text', NOTICE);
  await page.click('#ingest-go');
  await page.waitForSelector('#ingest-incidents li a');
  const stored = await page.textContent('#ingest-incidents');
  check('the answer shows what was stored', stored.includes('2099-951') && stored.includes('架空ブラウザ商事'), stored);
  check('the answer counts one notice', (await page.textContent('#ingest-summary')).includes('1 件'), await page.textContent('#ingest-summary'));
  await page.screenshot({ path: join(outdir, 'analyst-ingest.png') });
  await page.click('#ingest-incidents li a');
  await page.waitForFunction(() => document.getElementById('inc-meta').textContent.startsWith('2099-951'));
  pass++;
  await page.goto(`${url}#/?q=${encodeURIComponent('架空ブラウザ商事')}`);
  await page.waitForFunction(() => document.querySelectorAll('#results li.hit').length === 1
    && document.querySelector('#results li.hit .id').textContent === '2099-951');
  pass++;
  // The alert: a badge after a reload (the login stays for the tab).
  await page.reload();
  await page.waitForFunction(() => !document.getElementById('alert-badge').hidden);
  check('the alert badge counts one', (await page.textContent('#alert-badge')) === '1', await page.textContent('#alert-badge'));
  await page.click('#nav-alerts');
  await page.waitForSelector('#alerts-list li.alert');
  check('the alert list names the incident', (await page.textContent('#alerts-list')).includes('架空ブラウザ商事'));

  // --- correct a count, reload, see it corrected with the name, revert ------------------
  await page.goto(`${url}#/incident/${encodeURIComponent(correctId)}`);
  await page.waitForFunction((id) => document.getElementById('inc-meta').textContent.startsWith(id), correctId);
  await page.waitForSelector('#facts tr[data-field="affected"] button.edit');
  const before = await page.textContent('#facts tr[data-field="affected"] td .value');
  await page.click('#facts tr[data-field="affected"] button.edit');
  await page.fill('#facts tr[data-field="affected"] .fix-value', '4321');
  await page.fill('#facts tr[data-field="affected"] .fix-note', '本文の表で数え直した');
  await page.click('#facts tr[data-field="affected"] .fix-save');
  await page.waitForFunction(() => document.querySelector('#facts tr[data-field="affected"] td .value').textContent.includes('4,321'));
  await page.reload();
  await page.waitForFunction(() => {
    const v = document.querySelector('#facts tr[data-field="affected"] td .value');
    return v && v.textContent.includes('4,321');
  });
  const row = await page.$eval('#facts tr[data-field="affected"]', (tr) => ({
    mark: !!tr.querySelector('.corrected-mark'),
    who: (tr.querySelector('.fix-who') || {}).textContent || '',
    was: (tr.querySelector('.fix-was') || {}).textContent || '',
    why: (tr.querySelector('.fix-why') || {}).textContent || '',
  }));
  check('after a reload: shown as corrected', row.mark, JSON.stringify(row));
  check('with who and when', row.who.includes('alice') && /\d{4}-\d\d-\d\dT/.test(row.who), row.who);
  check('with the extracted value beside it', row.was.includes(before), `${row.was} / ${before}`);
  check('with why', row.why.includes('数え直した'), row.why);
  check('the audit trail lists it', (await page.textContent('#corrections')).includes('alice'));
  await page.screenshot({ path: join(outdir, 'analyst-corrected.png') });
  await page.click('#facts tr[data-field="affected"] button.revert');
  await page.waitForFunction((b) => document.querySelector('#facts tr[data-field="affected"] td .value').textContent === b, before);
  check('reverted: the extracted value, no corrected mark',
    !(await page.$('#facts tr[data-field="affected"] .corrected-mark')));
  check('the revert is a new correction in the trail', (await page.$$('#corrections li')).length >= 2);

  // --- the review queue --------------------------------------------------------------------
  await page.goto(`${url}#/review`);
  await page.waitForSelector('#review-list li.review-item');
  const api = await page.evaluate(async () => (await (await fetch('/api/review?limit=100')).json()).items.map((i) => i.id));
  const shown = await page.$$eval('#review-list li.review-item', (lis) => lis.map((li) => li.dataset.id));
  check('the queue shows the API order (lowest confidence first)', JSON.stringify(api) === JSON.stringify(shown),
    `${shown.slice(0, 5)} vs ${api.slice(0, 5)}`);
  const confs = await page.$$eval('#review-list li.review-item .conf', (b) => b.map((x) => Number(x.textContent)));
  check('confidences ascend', confs.every((c, i) => i === 0 || confs[i - 1] <= c), confs.slice(0, 8).join());
  const current = () => page.$eval('#review-list li.current', (li) => li.dataset.id);
  check('the first is current', (await current()) === shown[0]);
  await page.keyboard.press('j');
  check('j moves to the next', (await current()) === shown[1], await current());
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  check('k moves back', (await current()) === shown[1], await current());
  await page.keyboard.press('k');
  await page.keyboard.press('a');
  await page.waitForFunction((id) => ![...document.querySelectorAll('#review-list li.review-item')].some((li) => li.dataset.id === id), shown[0]);
  check('a marks it reviewed: it leaves the queue', (await current()) === shown[1], await current());
  const again = await page.evaluate(async () => (await (await fetch('/api/review?limit=100')).json()).items.map((i) => i.id));
  check('the server agrees', !again.includes(shown[0]) && again[0] === shown[1], again.slice(0, 3).join());
  await page.screenshot({ path: join(outdir, 'analyst-review.png') });
  await page.keyboard.press('e');
  await page.waitForFunction((id) => location.hash === `#/incident/${encodeURIComponent(id)}`, shown[1]);
  pass++;

  // --- a reader: no edit control, 403 from the API -------------------------------------------
  await page.goto(url);
  const rwho = await login(reader);
  check('logged in as the reader', rwho.includes('rob'), rwho);
  check('reader: no ingest in the menu', !(await page.isVisible('#nav-ingest')));
  await page.goto(`${url}#/incident/${encodeURIComponent(correctId)}`);
  await page.waitForFunction((id) => document.getElementById('inc-meta').textContent.startsWith(id), correctId);
  await page.waitForSelector('#facts tr.fact');
  check('reader: no edit control', (await page.$$('#facts button.edit')).length === 0);
  const status = await page.evaluate(async ([id, tok]) => (await fetch(`/api/incidents/${encodeURIComponent(id)}/corrections`, {
    method: 'POST', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ field: 'affected', value: 1 }),
  })).status, [correctId, reader]);
  check('reader: the API answers 403', status === 403, status);
  const status401 = await page.evaluate(async (id) => (await fetch(`/api/incidents/${encodeURIComponent(id)}/corrections`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ field: 'affected', value: 1 }),
  })).status, correctId);
  check('nobody: the API answers 401', status401 === 401, status401);
  await page.goto(`${url}#/review`);
  await page.waitForSelector('#review-list li.review-item');
  const first = await current();
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.getElementById('review-total').textContent.includes('分析者'));
  check('reader: a does not mark reviewed', (await current()) === first);
  check('no page errors', pageErrors.length === 0, pageErrors.join(' | '));
} catch (e) {
  check('browser run', false, e && e.stack ? e.stack.split('\n').slice(0, 4).join(' / ') : String(e));
  try { await page.screenshot({ path: join(outdir, 'analyst-failure.png') }); } catch (e2) { /* nothing */ }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
