import type { Lang } from '../../core/i18n.js';
import type { GradeResult } from '../../grade/grade.js';
import type { LabResult, RunResult } from '../../runner/results.js';
import { versionColours } from './colours.js';
import { duration, esc } from './html.js';
import { legend } from './legend.js';
import { labModel, type LabModel } from './model.js';
import { badge, checksSection, errorSection, findingsList, journalSection, measurementsSection, statusWord } from './sections.js';
import { style } from './style.js';
import { timelineSvg } from './svg.js';
import type { Words } from './text.js';

/** The document: no script, nothing fetched (the policy forbids it), everything inline. */
export function shell(title: string, body: string, lang: Lang): string {
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>
${style}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

interface Drawn {
  lab: LabResult;
  model: LabModel;
  anchor: string;
}

function draw(labs: readonly LabResult[]): { drawn: Drawn[]; colours: Map<string, string> } {
  const drawn = labs.map((lab, i) => ({ lab, model: labModel(lab), anchor: `lab-${i + 1}-${lab.id.replace(/[^A-Za-z0-9_-]/g, '')}` }));
  return { drawn, colours: versionColours(drawn.flatMap((d) => d.model.versions)) };
}

/** One lab: its header, its timeline and legend, its checks, figures, diagnosis and journal. */
function labSection({ lab, model, anchor }: Drawn, colours: ReadonlyMap<string, string>, t: Words, lang: Lang): string {
  const meta = [
    `${esc(t.duration)} ${esc(duration(lab.durationMs))}`,
    `${esc(t.namespace)} <code>${esc(lab.namespace)}</code>`,
    `${esc(t.started)} ${esc(lab.startedAt)}`,
    `${esc(t.section)} ${esc(lab.section)}`,
  ];
  const timeline = lab.events?.length ? `${timelineSvg(model, colours, t)}\n${legend(model, colours, t)}` : `<p class="muted">${esc(t.noTimeline)}</p>`;
  return `<section class="lab ${esc(lab.status)}" id="${anchor}">
<header><h2>${badge(lab.status, statusWord(lab.status, t))} <code>${esc(lab.id)}</code> — ${esc(lab.title[lang])}</h2>
<p class="meta">${meta.join(' · ')}</p></header>
<h3>${esc(t.timeline)}</h3>
${timeline}
${checksSection(lab.steps, t)}
${measurementsSection(lab, t)}
${errorSection(lab, t)}
${journalSection(lab, t)}
</section>`;
}

/** A run: its summary, a table of contents when it ran several labs, a section per lab. */
export function runBody(result: RunResult, t: Words, lang: Lang): string {
  const { drawn, colours } = draw(result.labs);
  const passed = result.labs.filter((l) => l.status === 'passed').length;
  const meta = [
    `${esc(t.started)} ${esc(result.startedAt)}`,
    `${esc(t.duration)} ${esc(duration(result.durationMs))}`,
    `${esc(t.labsPassed)} ${passed}/${result.labs.length}`,
    ...(result.context ? [`${esc(t.context)} <code>${esc(result.context)}</code>`] : []),
    ...(result.runId ? [`${esc(t.run)} <code>${esc(result.runId)}</code>`] : []),
  ];
  const toc =
    drawn.length > 1
      ? `<nav class="toc"><h2>${esc(t.contents)}</h2><ol>${drawn
          .map(({ lab, anchor }) => `<li><a href="#${anchor}">${badge(lab.status, statusWord(lab.status, t))} <code>${esc(lab.id)}</code> — ${esc(lab.title[lang])}</a> <span class="muted">${esc(duration(lab.durationMs))}</span></li>`)
          .join('\n')}</ol></nav>`
      : '';
  const verdict = result.ok ? 'passed' : 'failed';
  return [`<header class="report"><h1>${badge(verdict, statusWord(verdict, t))} ${esc(t.runTitle)}</h1><p class="meta">${meta.join(' · ')}</p></header>`, toc, ...drawn.map((d) => labSection(d, colours, t, lang))].filter(Boolean).join('\n');
}

/** A grade: the verdict first; then why it stopped before the cluster, or what the cluster did. */
export function gradeBody(result: GradeResult, t: Words, lang: Lang): string {
  const verdict = result.ok ? 'passed' : 'failed';
  const meta = [
    `${esc(t.started)} ${esc(result.startedAt)}`,
    `${esc(t.duration)} ${esc(duration(result.durationMs))}`,
    ...(result.files.length ? [`${esc(t.files)} ${result.files.map((f) => `<code>${esc(f)}</code>`).join(', ')}`] : []),
    ...(result.namespace ? [`${esc(t.namespace)} <code>${esc(result.namespace)}</code>`] : []),
    ...(result.runId ? [`${esc(t.run)} <code>${esc(result.runId)}</code>`] : []),
  ];
  const head = `<header class="report verdict ${verdict}"><h1>${badge(verdict, result.ok ? t.passed : t.notYet)} <code>${esc(result.exercise.id)}</code> — ${esc(result.lab?.title[lang] ?? result.exercise.title)}</h1><p class="meta">${meta.join(' · ')}</p></header>`;
  const parts = [head];
  if (result.refused) parts.push(refusedSection(result, t));
  const others = result.findings.filter((f) => !(result.refused && f.severity === 'error'));
  if (others.length) parts.push(`<h3>${esc(t.findings)}</h3>\n${findingsList(others, t)}`);
  if (result.lab) {
    const { drawn, colours } = draw([result.lab]);
    parts.push(labSection(drawn[0]!, colours, t, lang));
  }
  return parts.join('\n');
}

function refusedSection(result: GradeResult, t: Words): string {
  const refused = result.refused!;
  const errors = result.findings.filter((f) => f.severity === 'error');
  return `<section class="refused"><h2>${esc(t.refused)}</h2>
<p>${esc(t.stoppedAt)} <b>${esc(t.stages[refused.stage] ?? refused.stage)}</b></p>
<pre class="message">${esc(refused.message)}</pre>
${findingsList(errors, t)}
</section>`;
}
