import type { Student } from './roster.js';
import { studentNamespace } from './objects.js';
import { studentDomain } from './policies.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable page: one card per student, with their namespace and the commands to start. */
export function cardsPage(className: string, students: Student[], expires: string): string {
  const cards = students
    .map(
      (s) => `<section class="card">
  <h2>${escape(s.name)}</h2>
  <p>namespace <code>${studentNamespace(s)}</code> · kubeconfig <code>class/${s.id}.kubeconfig</code> · Ingress : <code>*.${studentDomain(s.id)}</code></p>
  <pre>export KUBECONFIG=$PWD/class/${s.id}.kubeconfig
kubectl get pods
kindlab exercises
kindlab grade self-healing my-app/ --kubeconfig class/${s.id}.kubeconfig</pre>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>kindlab — ${escape(className)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1cm}
.card{border:1px solid #999;border-radius:6px;padding:0.4cm 0.6cm;margin:0 0 0.5cm;break-inside:avoid}
h2{margin:0 0 0.2cm;font-size:1.1em} pre{background:#f4f4f4;padding:0.2cm;white-space:pre-wrap} code{font-size:0.95em}
</style></head><body>
<h1>Classe ${escape(className)} · accès valables jusqu'au ${escape(expires)}</h1>
${cards}
</body></html>
`;
}
