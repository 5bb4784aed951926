import { appendFileSync, writeFileSync } from 'node:fs';
import { toMs } from '../../core/duration.js';
import { KindlabError } from '../../core/errors.js';
import { connect } from '../../kube/client.js';
import { runLabs, type LabDefinition, type RunResult } from '../../runner/index.js';
import { requireWhole, type LoadProblem } from '../../course/index.js';
import type { Command } from '../command.js';
import { courseFor, courseOption } from '../course.js';
import { githubAnnotations, githubSummary } from '../reporters/github.js';
import { htmlOption, writeHtmlReport } from '../html-output.js';
import { toJUnit } from '../reporters/junit.js';
import { runTextReporter } from '../reporters/run-text.js';

const reporters = ['text', 'json', 'junit'] as const;

export const runCommand: Command = {
  name: 'run',
  summary: "run the course's labs on the cluster: apply, act, expect within deadlines, measure",
  usage: 'kindlab run <lab…> | --all  [--json] [--reporter text|json|junit] [--html FILE] [--keep] [--concurrency N] [--course DIR]',
  details: 'Labs: see `kindlab list`.\nProgress goes to stderr; --json / --reporter json|junit print the report on stdout (or --output).',
  allowPositionals: true,
  options: {
    all: { type: 'boolean', description: 'run every lab' },
    json: { type: 'boolean', description: 'same as --reporter json' },
    reporter: { type: 'string', valueName: 'name', description: 'text (default), json or junit' },
    output: { type: 'string', valueName: 'file', description: 'write the json/junit report to a file instead of stdout' },
    keep: { type: 'boolean', description: 'keep the namespace of a failed lab for inspection' },
    concurrency: { type: 'string', valueName: 'n', description: 'labs run at the same time (default 3; labs that disturb the cluster run alone)' },
    timeout: { type: 'string', valueName: 'duration', description: 'per-lab deadline, e.g. 5m (default: 3x the lab duration, at least 3m)' },
    timeline: { type: 'boolean', description: 'print each lab\'s timeline' },
    context: { type: 'string', valueName: 'name', description: 'kubeconfig context (default kind-kindlab)' },
    'allow-other-context': { type: 'boolean', description: 'allow a context that is not kindlab\'s cluster' },
    'allow-chaos': { type: 'boolean', description: 'allow killing pods and stopping nodes on a cluster that is not kind' },
    ...htmlOption,
    ...courseOption,
  },
  async run({ values, positionals, out, err }) {
    const reporter = values.json ? 'json' : ((values.reporter as string | undefined) ?? 'text');
    if (!reporters.includes(reporter as (typeof reporters)[number])) {
      throw new KindlabError('BAD_OPTION', `--reporter must be one of ${reporters.join(', ')}, got "${reporter}"`);
    }
    const course = await courseFor(values, err);
    if (values.all) requireWhole(course);
    const selected = selectLabs(course.labs, positionals, Boolean(values.all), course.problems);
    const concurrency = values.concurrency === undefined ? 3 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10) throw new KindlabError('BAD_OPTION', `--concurrency must be an integer from 1 to 10, got "${values.concurrency}"`);
    const labTimeoutMs = values.timeout === undefined ? undefined : toMs(values.timeout as string);
    const client = connect({
      ...(values.context ? { context: values.context as string } : {}),
      allowOtherContext: Boolean(values['allow-other-context']),
    });

    // Ctrl-C: stop the labs and clean their namespaces; a second Ctrl-C quits at once.
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts === 1) {
        err('\ninterrupted: stopping the labs and deleting their namespaces (Ctrl-C again to quit now)');
        controller.abort(new KindlabError('ABORTED', 'interrupted by Ctrl-C'));
      } else process.exit(130);
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    const text = runTextReporter({ timeline: Boolean(values.timeline) });
    let result: RunResult;
    try {
      result = await runLabs({
        client,
        labs: selected,
        concurrency,
        keepOnFailure: Boolean(values.keep),
        allowChaos: Boolean(values['allow-chaos']),
        signal: controller.signal,
        sink: text,
        ...(labTimeoutMs ? { labTimeoutMs } : {}),
      });
    } finally {
      text.close();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
    if (reporter !== 'text') {
      const report = reporter === 'json' ? JSON.stringify(result, null, 2) : toJUnit(result);
      if (values.output) writeFileSync(values.output as string, `${report}\n`);
      else out(report);
    }
    if (values.html) err(`HTML report: ${writeHtmlReport(values.html as string, { kind: 'run', result })}`);
    if (process.env.GITHUB_ACTIONS === 'true') {
      for (const line of githubAnnotations(result)) err(line);
      if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, githubSummary(result));
    }
    if (controller.signal.aborted) return 130;
    return result.ok ? 0 : 1;
  },
};

export function selectLabs(labs: LabDefinition[], ids: string[], all: boolean, problems: LoadProblem[] = []): LabDefinition[] {
  if (all && ids.length > 0) throw new KindlabError('BAD_OPTION', 'give lab names or --all, not both');
  if (all) return labs;
  if (ids.length === 0) throw new KindlabError('NO_LAB', 'no lab given', { fix: `name labs (${labs.map((l) => l.id).join(', ')}) or pass --all` });
  return ids.map((id) => {
    const lab = labs.find((l) => l.id === id);
    if (!lab) {
      const near = labs.find((l) => l.id.startsWith(id.slice(0, 3)));
      const broken = problems.length ? ` (${problems.length} course file(s) could not be loaded, see above)` : '';
      throw new KindlabError('UNKNOWN_LAB', `unknown lab "${id}"${near ? ` (did you mean ${near.id}?)` : ''}${broken}`, { fix: `see \`kindlab list\`: ${labs.map((l) => l.id).join(', ')}` });
    }
    return lab;
  });
}
