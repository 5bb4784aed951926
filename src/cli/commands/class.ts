import { readFileSync } from 'node:fs';
import { budgetNamed } from '../../class/budget.js';
import { gradeClass } from '../../class/grade-all.js';
import { restoreStudent, revokeStudent } from '../../class/access.js';
import { classDown, classUp } from '../../class/lifecycle.js';
import { resetStudent } from '../../class/reset.js';
import { numberedStudents, parseRoster } from '../../class/roster.js';
import { serveClass } from '../../class/serve.js';
import { toMs } from '../../core/duration.js';
import { KindlabError } from '../../core/errors.js';
import { chooseLang } from '../../core/i18n.js';
import { confinedNamespace } from '../../kube/access.js';
import { connect, type KubeClient } from '../../kube/client.js';
import type { ExerciseDefinition } from '../../runner/exercise.js';
import type { Command } from '../command.js';
import { courseOption } from '../course.js';
import { exercisesOf, findExercise } from './exercises.js';

const actions = ['up', 'down', 'reset', 'revoke', 'restore', 'grade', 'serve'] as const;

export const classCommand: Command = {
  name: 'class',
  summary: 'run a whole class on one cluster: a namespace per student, grades, a live page',
  usage: 'kindlab class up|down|reset|revoke|restore|grade|serve …',
  details: [
    'up --roster FILE | --students N [--budget tiny|small|medium] [--duration 8h] [--out class]',
    '      a namespace, rights, quota and kubeconfig per student (class/<id>.kubeconfig, class/cards.html)',
    'reset <id>             empty a student\'s namespace, whatever they made (their access stays)',
    'revoke <id>            end a student\'s access now (rights, token, running pods); `up` keeps them out',
    'restore <id>           give a revoked student a new kubeconfig (class/<id>.kubeconfig)',
    'grade <exercise> [--concurrency K]   grade every student\'s namespace, with your rights',
    'serve [--port 8080] [--host 127.0.0.1]   the live page, at the URL it prints (with its token)',
    'down                   remove everything the class created, and nothing else',
    'Every action takes --name (default: kindlab), --context / --kubeconfig.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    name: { type: 'string', valueName: 'class', description: 'the class (default kindlab)' },
    roster: { type: 'string', valueName: 'file', description: 'up: one student a line, "id, Name" or "Name"' },
    students: { type: 'string', valueName: 'n', description: 'up: N anonymous students (s01…)' },
    budget: { type: 'string', valueName: 'size', description: 'up: tiny, small (default) or medium' },
    duration: { type: 'string', valueName: 'time', description: 'up: how long the students\' tokens last (default 8h, at most 168h)' },
    out: { type: 'string', valueName: 'folder', description: 'up: where kubeconfigs and cards go (default class)' },
    concurrency: { type: 'string', valueName: 'k', description: 'grade: namespaces graded at once (default 3)' },
    lang: { type: 'string', valueName: 'fr|en', description: 'grade: language of the checks' },
    port: { type: 'string', valueName: 'port', description: 'serve: the page\'s port (default 8080)' },
    host: { type: 'string', valueName: 'address', description: 'serve: where to listen (default 127.0.0.1)' },
    idle: { type: 'string', valueName: 'time', description: 'serve: no change for this long counts as stuck (default 10m)' },
    context: { type: 'string', valueName: 'name', description: 'kubeconfig context (default kind-kindlab)' },
    kubeconfig: { type: 'string', valueName: 'file', description: 'a kubeconfig file' },
    'allow-other-context': { type: 'boolean', description: 'allow a context that is not kindlab\'s cluster' },
    ...courseOption,
  },
  async run({ values, positionals, out, err }) {
    const [action, ...rest] = positionals;
    if (!actions.includes(action as (typeof actions)[number])) throw new KindlabError('BAD_OPTION', `unknown class action "${action ?? ''}"`, { fix: `one of ${actions.join(', ')} (\`kindlab class --help\`)` });
    const className = (values.name as string | undefined) ?? 'kindlab';
    if (!/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(className)) throw new KindlabError('BAD_OPTION', `--name "${className}" must be a short DNS label`);
    const client = connect({
      ...(values.context ? { context: values.context as string } : {}),
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig as string } : {}),
      allowOtherContext: Boolean(values['allow-other-context']),
    });
    await mustBeInstructor(client);
    switch (action) {
      case 'up': {
        const students = values.roster ? parseRoster(readFileSync(values.roster as string, 'utf8'), values.roster as string) : values.students ? numberedStudents(Number(values.students)) : undefined;
        if (!students) throw new KindlabError('BAD_OPTION', 'who is in the class?', { fix: '--roster FILE (one student a line) or --students N' });
        const result = await classUp({
          client,
          className,
          students,
          budget: budgetNamed((values.budget as string | undefined) ?? 'small'),
          durationSeconds: Math.round(toMs((values.duration as string | undefined) ?? '8h') / 1000),
          outDir: (values.out as string | undefined) ?? 'class',
          onStudent: (s, outcome) => err(`${{ created: '+', kept: '=', revoked: '!' }[outcome]} ${s.id} (${s.name})${outcome === 'revoked' ? ': revoked, kept out (`kindlab class restore ' + s.id + '` gives access again)' : ''}`),
        });
        out(`class ${className}: ${result.created.length} created, ${result.kept.length} kept${result.revoked.length ? `, ${result.revoked.length} revoked` : ''}, in ${(result.durationMs / 1000).toFixed(1)} s; cards: ${result.cards}`);
        return 0;
      }
      case 'reset': {
        const removed = await resetStudent(client, className, student(rest));
        out(`emptied kl-${student(rest)}: ${removed} object(s) removed, the class's own kept`);
        return 0;
      }
      case 'revoke':
        await revokeStudent(client, className, student(rest));
        out(`${student(rest)}'s access ended (\`kindlab class restore ${student(rest)}\` gives it back)`);
        return 0;
      case 'restore': {
        const kubeconfig = `${(values.out as string | undefined) ?? 'class'}/${student(rest)}.kubeconfig`;
        const { expires } = await restoreStudent(client, className, student(rest), kubeconfig);
        out(`${student(rest)} restored: ${kubeconfig}, valid until ${expires}`);
        return 0;
      }
      case 'down':
        out(`removed ${(await classDown(client, className)).join(', ') || 'nothing (no such class)'}`);
        return 0;
      case 'grade': {
        const exercise = findExercise(await exercisesOf(values, err), rest);
        const results = await gradeClass({ client, className, exercise, lang: chooseLang(values.lang as string | undefined), concurrency: Number(values.concurrency ?? 3), onGraded: (s, r) => err(`${r.ok ? '✓' : '✗'} ${s} ${(r.durationMs / 1000).toFixed(1)} s`) });
        out(`${results.filter((r) => r.result.ok).length} of ${results.length} passed ${exercise.id}`);
        return results.every((r) => r.result.ok) ? 0 : 1;
      }
      case 'serve': {
        const exercises = (await exercisesOf(values, err)).map((e) => e.id);
        const server = await serveClass({ client, className, exercises, port: Number(values.port ?? 8080), host: (values.host as string | undefined) ?? '127.0.0.1', idleMs: toMs((values.idle as string | undefined) ?? '10m') });
        out(`class ${className}: ${server.url} (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
        await server.close();
        return 0;
      }
    }
    return 1;
  },
};

function student(rest: string[]): string {
  if (!rest[0]) throw new KindlabError('BAD_OPTION', 'which student?', { fix: 'give their id, e.g. `kindlab class reset s01`' });
  return rest[0];
}

/** A student's kubeconfig cannot run the class: say so, rather than fail on a Forbidden halfway. */
async function mustBeInstructor(client: KubeClient): Promise<void> {
  const confined = await confinedNamespace(client);
  if (confined) throw new KindlabError('NEED_RIGHTS', `this kubeconfig is a student's (rights only in namespace ${confined}): the class is run with the instructor's`, { fix: 'use your own kubeconfig (the default context), not a class/<id>.kubeconfig' });
}
