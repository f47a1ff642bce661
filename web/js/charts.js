// charts.js — the trends page: four Chart.js charts from /api/stats.
// Chart.js draws on a canvas, so labels taken from the data (product
// names, organisations) are painted as pixels and can never run as code.

import { t, nameOf, CATEGORIES } from './i18n.js';

const COLORS = {
  misdelivery: '#4e79a7', misconfiguration: '#f28e2b', publishing_error: '#edc948', programming_error: '#b07aa1',
  loss: '#9c755f', hacking: '#e15759', ransomware: '#76b7b2', malware: '#59a14f', misuse: '#ff9da7', theft: '#bab0ac',
  other: '#d3d3d3',
};

const charts = [];

export function chartsAvailable() { return typeof window.Chart === 'function'; }

function destroyAll() {
  while (charts.length) charts.pop().destroy();
}

function make(id, config) {
  const canvas = document.getElementById(id);
  config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options);
  charts.push(new window.Chart(canvas, config));
}

function rowsOf(stat) { return (stat && Array.isArray(stat.rows)) ? stat.rows : []; }

// Draw (or redraw, after a language switch) every chart from stats.
export function drawCharts(stats) {
  destroyAll();
  // Incidents per month, stacked by cause.
  // Incidents without a month are a bar of their own at the end, never dropped.
  const months = new Set();
  const byCat = stats.month_by_category || {};
  const undatedOf = (stat) => (stat && stat.undated && stat.undated.count) || 0;
  for (const c of CATEGORIES) for (const r of rowsOf(byCat[c])) months.add(r.key);
  const labels = [...months].sort();
  const anyUndated = CATEGORIES.some((c) => undatedOf(byCat[c]) > 0);
  const datasets = [];
  for (const c of CATEGORIES) {
    const m = new Map(rowsOf(byCat[c]).map((r) => [r.key, r.count]));
    if (!m.size && !undatedOf(byCat[c])) continue;
    const data = labels.map((k) => m.get(k) || 0);
    if (anyUndated) data.push(undatedOf(byCat[c]));
    datasets.push({ label: nameOf('category', c), data, backgroundColor: COLORS[c] });
  }
  if (anyUndated) labels.push(t('chart.undated'));
  make('chart-monthly', {
    type: 'bar',
    data: { labels, datasets },
    options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: t('chart.incidents') } } } },
  });
  // People affected per month, log scale (counts span 1 to millions).
  const people = rowsOf(stats.affected_month).filter((r) => (r.people || 0) > 0).sort((a, b) => (a.key < b.key ? -1 : 1));
  const und = (stats.affected_month || {}).undated;
  if (und && und.people > 0) people.push({ key: t('chart.undated'), people: und.people });
  make('chart-people', {
    type: 'bar',
    data: { labels: people.map((r) => r.key), datasets: [{ label: t('chart.people.axis'), data: people.map((r) => r.people), backgroundColor: '#e15759' }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { type: 'logarithmic', title: { display: true, text: t('chart.people.axis') } } } },
  });
  // Top kinds of data exposed.
  const types = rowsOf(stats.data_type).slice(0, 12);
  make('chart-types', {
    type: 'bar',
    data: { labels: types.map((r) => nameOf('data_type', r.key)), datasets: [{ label: t('chart.incidents'), data: types.map((r) => r.count), backgroundColor: '#4e79a7' }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  });
  // Top products/services in misconfigurations.
  const prods = rowsOf(stats.product_misconfiguration).slice(0, 12);
  make('chart-products', {
    type: 'bar',
    data: { labels: prods.map((r) => r.key), datasets: [{ label: t('chart.incidents'), data: prods.map((r) => r.count), backgroundColor: '#f28e2b' }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  });
}
