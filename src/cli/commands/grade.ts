import { writeFileSync } from 'node:fs';
import { KindlabError, messageOf } from '../../core/errors.js';
import { confinedNamespace } from '../../kube/access.js';
import { recordOwnGrade } from '../../class/record-grade.js';
import { chooseLang } from '../../core/i18n.js';
import { gradeExercise, type GradeResult } from '../../grade/grade.js';
import { connect } from '../../kube/client.js';
import type { Command } from '../command.js';
import { formatGrade, gradeAsRun } from '../reporters/grade-text.js';
import { defaultGradeReport, htmlOption, writeHtmlReport } from '../html-output.js';
import { toJUnit } from '../reporters/junit.js';
import { runTextReporter } from '../reporters/run-text.js';
import { courseOption } from '../course.js';
import { exercisesOf, findExercise } from './exercises.js';

export const gradeCommand: Command = {
  name: 'grade',
  summary: 'grade your manifests for an exercise by what the cluster does with them',
  usage: 'kindlab grade <exercise> FILE|FOLDER… | --namespace NS  [--lang fr|en] [--json] [--reporter text|json|junit] [--html FILE]',
  details: [
    'Your files are checked first (`kindlab check`\'s rules and the API server\'s dry run: an error',
    'stops here), then applied into a fresh namespace; the exercise acts on them (an update under',
    'traffic, a killed process, a stopped node…) and reports check by check what the cluster did,',
    'with a hint for what failed. With --namespace, what you built by hand there is graded in place.',
    'Exit code 0 only if every check passes. A Secret\'s values are never printed.',
    'A grade that does not pass also writes an HTML report (the timeline of what happened) and ends',
    'with its path; --html FILE writes it there, passed or not.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    namespace: { type: 'string', valueName: 'ns', description: 'grade the objects you built by hand in this namespace (nothing is applied)' },
    lang: { type: 'string', valueName: 'fr|en', description: 'language of checks and hints (default: from $LANG, else en)' },
    json: { type: 'boolean', description: 'same as --reporter json (schema kindlab.grade/v1)' },
    reporter: { type: 'string', valueName: 'name', description: 'text (default), json or junit' },
    output: { type: 'string', valueName: 'file', description: 'write the json/junit report to a file' },
    'allow-pull': { type: 'boolean', description: 'accept images the cluster does not hold (it reaches a registry)' },
    context: { type: 'string', valueName: 'name', description: 'kubeconfig context (default kind-kindlab)' },
    kubeconfig: { type: 'string', valueName: 'file', description: 'a kubeconfig file (e.g. the one your instructor gave you)' },
    'allow-other-context': { type: 'boolean', description: 'allow a context that is not kindlab\'s cluster' },
    ...htmlOption,
    ...courseOption,
  },
  async run({ values, positionals, out, err }) {
    const reporter = values.json ? 'json' : ((values.reporter as string | undefined) ?? 'text');
    if (!['text', 'json', 'junit'].includes(reporter)) throw new KindlabError('BAD_OPTION', `--reporter must be text, json or junit, got "${reporter}"`);
    const exercise = findExercise(await exercisesOf(values, err), positionals);
    const files = positionals.slice(1);
    const lang = chooseLang(values.lang as string | undefined);
    const client = connect({
      ...(values.context ? { context: values.context as string } : {}),
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig as string } : {}),
      allowOtherContext: Boolean(values['allow-other-context']),
    });
    // A student's kubeconfig: their rights stop at their namespace, where grading happens.
    const confined = await confinedNamespace(client);
    const namespace = (values.namespace as string | undefined) ?? confined;
    if (confined && namespace !== confined) throw new KindlabError('NEED_RIGHTS', `your rights stop at namespace ${confined}: grading happens there`, { fix: 'leave out --namespace' });
    if (!files.length && !namespace) throw new KindlabError('NO_MANIFESTS', 'nothing to grade', { fix: `\`kindlab grade ${exercise.id} my-manifests/\`, or \`--namespace <ns>\` for what you built by hand` });
    if (files.length && namespace && !confined) throw new KindlabError('BAD_OPTION', 'give files or --namespace, not both');
    const controller = new AbortController();
    const onSigint = () => controller.abort(new KindlabError('ABORTED', 'interrupted by Ctrl-C'));
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    const text = runTextReporter({ verdicts: false });
    let result: GradeResult;
    try {
      result = await gradeExercise({
        client,
        exercise,
        lang,
        ...(files.length ? { files } : {}),
        ...(namespace ? { namespace } : {}),
        confined: Boolean(confined),
        allowPull: Boolean(values['allow-pull']),
        signal: controller.signal,
        sink: text,
      });
    } finally {
      text.close();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
    err(formatGrade(result));
    // The first thing to open when it did not pass: what the cluster did, in time.
    if (values.html || !result.ok) {
      const path = writeHtmlReport((values.html as string | undefined) ?? defaultGradeReport(result.exercise.id), { kind: 'grade', result }, lang);
      err(`${lang === 'fr' ? 'rapport' : 'report'}: ${path}`);
    }
    if (confined) await recordOwnGrade(client, confined, result).catch((e: unknown) => err(`(the grade was not recorded: ${messageOf(e)})`));
    if (reporter !== 'text') {
      const report = reporter === 'json' ? JSON.stringify(result, null, 2) : toJUnit(gradeAsRun(result));
      if (values.output) writeFileSync(values.output as string, `${report}\n`);
      else out(report);
    }
    if (controller.signal.aborted) return 130;
    return result.ok ? 0 : 1;
  },
};
