import { formatDiagnosis } from '../../observe/diagnose.js';
import type { RunResult } from '../../runner/index.js';

/** JUnit XML: one testsuite per lab, one testcase per check (and one for a lab-level error). */
export function toJUnit(result: RunResult): string {
  let total = 0;
  let totalFailures = 0;
  let totalErrors = 0;
  const suites = result.labs.map((lab) => {
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    for (const step of lab.steps) {
      for (const check of step.checks) {
        const attrs = `classname="${esc(`${lab.id}.${step.title}`)}" name="${esc(check.name)}" time="${(check.durationMs / 1000).toFixed(3)}"`;
        if (check.status === 'passed') cases.push(`    <testcase ${attrs}/>`);
        else {
          failures++;
          const body = [check.message ?? '', check.hint ? `hint: ${check.hint}` : '', check.diagnosis ? formatDiagnosis(check.diagnosis) : ''].filter(Boolean).join('\n');
          cases.push(`    <testcase ${attrs}>\n      <failure message="${esc(check.message ?? 'failed')}">${esc(body)}</failure>\n    </testcase>`);
        }
      }
    }
    if (lab.status !== 'passed' && lab.error && !lab.steps.some((s) => s.checks.some((c) => c.status === 'failed'))) {
      errors++;
      const body = [lab.error.message, lab.error.diagnosis ? formatDiagnosis(lab.error.diagnosis) : ''].filter(Boolean).join('\n');
      cases.push(`    <testcase classname="${esc(lab.id)}" name="${esc(`lab ${lab.status}`)}" time="${(lab.durationMs / 1000).toFixed(3)}">\n      <error message="${esc(lab.error.message)}">${esc(body)}</error>\n    </testcase>`);
    }
    total += cases.length;
    totalFailures += failures;
    totalErrors += errors;
    const props = lab.measurements.map((m) => `      <property name="${esc(m.name)}" value="${esc(`${m.value} ${m.unit}`)}"/>`);
    const properties = props.length ? `    <properties>\n${props.join('\n')}\n    </properties>\n` : '';
    return `  <testsuite name="${esc(lab.id)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(lab.durationMs / 1000).toFixed(3)}" timestamp="${esc(lab.startedAt)}">\n${properties}${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kindlab" tests="${total}" failures="${totalFailures}" errors="${totalErrors}" time="${(result.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 forbids most control characters (terminal colours in logs, for one).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
