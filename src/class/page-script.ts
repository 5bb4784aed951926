/**
 * The page's script, served as `/app.js`. Rows hold what students wrote (names, records' fields):
 * every value reaches the DOM through textContent or dataset, never as markup.
 */
export const pageScript = `'use strict';
const rows = new Map();
// The course's exercises first, in its order; any other graded exercise after them.
let course = [];
const exercises = new Set();

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}
function ago(ms) {
  const s = Math.round((Date.now() - ms) / 1000);
  return s < 90 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
}
function health(pods) {
  return pods.ready + '/' + pods.total + ' Ready, ' + pods.restarts + ' restarts' + (pods.crashLooping ? ', ' + pods.crashLooping + ' CrashLoopBackOff' : '') + (pods.pendingForQuota ? ', pending for quota' : '');
}
function cell(row, exercise) {
  if (row.running.includes(exercise)) return { cls: 'running', text: 'running' };
  const g = row.grades[exercise];
  if (!g) return { cls: '', text: '' };
  const report = g.report ? '/report/' + encodeURIComponent(row.id) + '/' + encodeURIComponent(exercise) : undefined;
  return { cls: g.ok ? 'passed' : 'failed', text: (g.ok ? 'passed' : 'failed') + (g.by === 'self' ? ' (self)' : '') + (g.figure ? ' · ' + g.figure : ''), report };
}
function studentRow(row, columns) {
  const tr = element('tr', undefined, row.stuck ? 'stuck' : '');
  tr.dataset.student = row.id;
  const name = element('td', row.name);
  if (row.stuck) name.append(element('div', row.stuck, 'why'));
  tr.append(name, element('td', row.namespace), element('td', health(row.pods), 'health'), element('td', ago(row.lastChange)));
  for (const exercise of columns) {
    const c = cell(row, exercise);
    const td = element('td', c.report ? undefined : c.text, c.cls);
    // The grade's report (its timeline): the cell's text becomes a link to it, text still.
    if (c.report) {
      const a = element('a', c.text);
      a.setAttribute('href', c.report);
      td.append(a);
    }
    td.dataset.exercise = exercise;
    tr.append(td);
  }
  return tr;
}
function progress(columns) {
  const tr = element('tr');
  tr.append(element('td', 'passed'), element('td', ''), element('td', ''), element('td', ''));
  for (const exercise of columns) {
    const passed = [...rows.values()].filter((row) => row.grades[exercise] && row.grades[exercise].ok).length;
    const td = element('td', passed + '/' + rows.size);
    td.dataset.exercise = exercise;
    tr.append(td);
  }
  return tr;
}
function render() {
  const columns = [...course, ...[...exercises].filter((e) => !course.includes(e)).sort()];
  document.getElementById('head').replaceChildren(...['student', 'namespace', 'health', 'last change', ...columns].map((text) => element('th', text)));
  const sorted = [...rows.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  document.getElementById('rows').replaceChildren(...sorted.map((row) => studentRow(row, columns)));
  document.getElementById('progress').replaceChildren(progress(columns));
}
function take(row) {
  rows.set(row.id, row);
  for (const e of Object.keys(row.grades)) exercises.add(e);
  for (const e of row.running) exercises.add(e);
}
const status = (text) => { document.getElementById('status').textContent = text; };
const source = new EventSource('/events');
source.addEventListener('course', (m) => { course = JSON.parse(m.data).map(String); render(); });
source.addEventListener('rows', (m) => {
  rows.clear();
  for (const row of JSON.parse(m.data)) take(row);
  render();
  status('live · ' + rows.size + ' students');
});
source.addEventListener('student', (m) => { take(JSON.parse(m.data)); render(); });
source.onerror = () => status('connection lost, reconnecting…');
`;
