const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The instructor's page: a grid of students × exercises, each namespace's health, the stuck ones
 * highlighted. Plain HTML, CSS and a few lines of JavaScript listening to server-sent events.
 */
export function boardPage(className: string, token: string | undefined): string {
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kindlab class ${escape(className)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.2em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse} th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;font-size:.9em}
th{background:#f3f3f3} tr.stuck{background:#fff1f0} td.passed{background:#e6f7e6} td.failed{background:#fde2e1} td.running{background:#fff8d6}
.why{color:#a8071a;font-size:.85em} .small{color:#666;font-size:.8em} #status{font-size:.85em;color:#666}
</style></head><body>
<h1>Class ${escape(className)}</h1>
<p id="status">connecting…</p>
<p><a href="/export.csv${query}">CSV</a> · <a href="/export.json${query}">JSON</a></p>
<table><thead><tr id="head"><th>student</th><th>namespace</th><th>health</th><th>last change</th></tr></thead><tbody id="rows"></tbody></table>
<script>
const rows = new Map();
const exercises = new Set();
function ago(ms) { const s = Math.round((Date.now() - ms) / 1000); return s < 90 ? s + ' s ago' : Math.round(s / 60) + ' min ago'; }
function cell(row, exercise) {
  if (row.running.includes(exercise)) return { cls: 'running', text: 'running' };
  const g = row.grades[exercise];
  if (!g) return { cls: '', text: '' };
  return { cls: g.ok ? 'passed' : 'failed', text: (g.ok ? 'passed' : 'failed') + (g.by === 'self' ? ' (self)' : '') + (g.figure ? ' · ' + g.figure : '') };
}
function render() {
  const head = document.getElementById('head');
  head.innerHTML = '<th>student</th><th>namespace</th><th>health</th><th>last change</th>' + [...exercises].sort().map((e) => '<th>' + e + '</th>').join('');
  const body = document.getElementById('rows');
  body.innerHTML = '';
  for (const row of [...rows.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const tr = document.createElement('tr');
    tr.dataset.student = row.id;
    if (row.stuck) tr.className = 'stuck';
    const health = row.pods.ready + '/' + row.pods.total + ' Ready, ' + row.pods.restarts + ' restarts' + (row.pods.crashLooping ? ', ' + row.pods.crashLooping + ' CrashLoopBackOff' : '') + (row.pods.pendingForQuota ? ', pending for quota' : '');
    const cells = [row.name + (row.stuck ? '<div class="why">' + row.stuck + '</div>' : ''), row.namespace, health, ago(row.lastChange)];
    tr.innerHTML = cells.map((c, i) => '<td' + (i === 2 ? ' class="health"' : '') + '>' + c + '</td>').join('');
    for (const e of [...exercises].sort()) {
      const c = cell(row, e);
      const td = document.createElement('td');
      td.className = c.cls;
      td.dataset.exercise = e;
      td.textContent = c.text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}
function take(row) {
  rows.set(row.id, row);
  for (const e of Object.keys(row.grades)) exercises.add(e);
  for (const e of row.running) exercises.add(e);
}
const source = new EventSource('/events${query}');
source.addEventListener('rows', (m) => { rows.clear(); for (const row of JSON.parse(m.data)) take(row); render(); document.getElementById('status').textContent = 'live · ' + rows.size + ' students'; });
source.addEventListener('student', (m) => { take(JSON.parse(m.data)); render(); });
source.onerror = () => { document.getElementById('status').textContent = 'connection lost, reconnecting…'; };
</script>
</body></html>
`;
}
