import { formatDiagnosis } from '../../observe/diagnose.js';
import type { LabResult, RunResult } from '../../runner/index.js';

/**
 * For GitHub Actions: every failed check becomes an error annotation (its message and diagnosis),
 * every lab a row of the job summary. Workflow commands are plain lines on stdout/stderr.
 */
export function githubAnnotations(result: RunResult): string[] {
  const lines: string[] = [];
  for (const lab of result.labs) {
    for (const step of lab.steps) {
      for (const check of step.checks.filter((c) => c.status === 'failed')) {
        const body = [check.message ?? 'failed', check.hint ? `hint: ${check.hint}` : '', check.diagnosis ? formatDiagnosis(check.diagnosis) : ''].filter(Boolean).join('\n');
        lines.push(command('error', `${lab.id} › ${step.title} › ${check.name}`, body));
      }
    }
    if (lab.status !== 'passed' && lab.error && !lab.steps.some((s) => s.checks.some((c) => c.status === 'failed'))) {
      const body = [lab.error.message, lab.error.diagnosis ? formatDiagnosis(lab.error.diagnosis) : ''].filter(Boolean).join('\n');
      lines.push(command('error', `${lab.id}: lab ${lab.status}`, body));
    }
  }
  return lines;
}

/** The job summary: one row per lab with its status, time and headline figures. */
export function githubSummary(result: RunResult): string {
  const rows = result.labs.map((lab) => `| ${lab.status === 'passed' ? '✅' : '❌'} ${lab.id} | ${lab.status} | ${(lab.durationMs / 1000).toFixed(1)} s | ${figures(lab)} |`);
  const passed = result.labs.filter((l) => l.status === 'passed').length;
  return [`### kindlab: ${passed} of ${result.labs.length} labs passed`, '', '| lab | status | time | figures |', '|---|---|---|---|', ...rows, ''].join('\n');
}

function figures(lab: LabResult): string {
  return lab.measurements
    .slice(0, 4)
    .map((m) => `${m.name} = ${m.value} ${m.unit}`)
    .join('<br>')
    .replace(/\|/g, '\\|');
}

/** `::error title=…::message`, escaped as the runner wants (newlines as %0A). */
function command(level: 'error' | 'warning', title: string, message: string): string {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return `::${level} title=${escape(title).replace(/:/g, '%3A').replace(/,/g, '%2C')}::${escape(message)}`;
}
