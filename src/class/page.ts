const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The instructor's page: a grid of students × exercises, each namespace's health, the stuck ones
 * highlighted. The HTML holds no data and no inline code (the Content-Security-Policy allows only
 * `/app.js` and `/app.css`); the script fills the table from server-sent events.
 */
export function boardPage(className: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kindlab class ${escape(className)}</title>
<link rel="stylesheet" href="/app.css"><script src="/app.js" defer></script>
</head><body>
<h1>Class ${escape(className)}</h1>
<p id="status">connecting…</p>
<p><a href="/export.csv">CSV</a> · <a href="/export.json">JSON</a></p>
<table><thead><tr id="head"><th>student</th><th>namespace</th><th>health</th><th>last change</th></tr></thead><tbody id="rows"></tbody><tfoot id="progress"></tfoot></table>
</body></html>
`;
}

export const pageStyle = `body{font-family:system-ui,sans-serif;margin:1.2em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse} th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;font-size:.9em}
th{background:#f3f3f3} tr.stuck{background:#fff1f0} td.passed{background:#e6f7e6} td.failed{background:#fde2e1} td.running{background:#fff8d6}
tfoot td{font-weight:600;border-top:2px solid #999} .why{color:#a8071a;font-size:.85em} #status{font-size:.85em;color:#666}
`;
