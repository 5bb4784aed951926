import type { Lang } from '../core/i18n.js';

/** What `kindlab init` writes: a course that runs at once, one lab and one exercise to copy from. */
export interface CourseTemplate {
  title: string;
  languages: Lang[];
  /** What package.json depends on: the tarball of kindlab kept in the course, a version range, or a path. */
  kindlabSpec: string;
  /** The course's typecheck: typescript and @types/node, at the versions kindlab itself is built with. */
  devDependencies?: Record<string, string>;
  packageName: string;
  /** kindlab's GitHub Action, as `uses:` names it. */
  action: string;
}

export function courseFiles(t: CourseTemplate): Record<string, string> {
  const guides = Object.fromEntries(t.languages.map((lang) => [`guides/hello.${lang}.md`, guide(lang)]));
  return {
    'kindlab.yaml': `# A kindlab course. \`kindlab run --all\`, \`kindlab grade\` and \`kindlab course check\` find this
# file in the current folder or above. Paths are relative to it.
title: ${JSON.stringify(t.title)}
languages: [${t.languages.join(', ')}]
# Labs and exercises in the course's order: \`kindlab list\`, reports and the class page follow it
# (\`run --all\` starts the longest labs first, and reports them in this order). A lab file that
# is not listed is left out, and said; \`labs: labs\` would take every file of the folder by name.
labs:                  # one file per lab (default export: defineLab)
  - labs/hello.ts
exercises:             # one folder per exercise: exercise.ts, solution/, mistakes/
  - exercises/three-replicas
guides: guides
manifests: manifests   # manifests/<lab id>/, what lab.apply('file.yaml') applies
# Images your manifests use beyond kindlab's own (pinned tags), e.g.:
# images: [docker.io/library/nginx:1.27.4]
`,
    'package.json': `${JSON.stringify(
      {
        name: t.packageName,
        private: true,
        type: 'module',
        scripts: { labs: 'kindlab run --all', check: 'kindlab course check', typecheck: 'tsc -p tsconfig.json' },
        dependencies: { kindlab: t.kindlabSpec },
        devDependencies: t.devDependencies ?? {},
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, erasableSyntaxOnly: true, skipLibCheck: true }, include: ['labs', 'exercises'] }, null, 2)}\n`,
    '.gitignore': 'node_modules/\nclass/\n*.log\n',
    'labs/hello.ts': `import { defineLab } from 'kindlab';

/** A Deployment keeps its replicas: a deleted pod is replaced. */
export default defineLab({
  id: 'hello',
  title: 'A Deployment brings a deleted pod back',
  section: 'Deployments',
  duration: '30s',
  needs: [],
  async run(lab) {
    await lab.step('Two replicas become available', async () => {
      await lab.apply('deployment.yaml');
      await lab.expect(lab.deployment('hello').available(2), { within: '90s' });
    });

    await lab.step('A deleted pod is replaced', async () => {
      const before = lab.pods('app=hello').readyNames();
      const deleted = await lab.deletePod(before[0]!);
      const replaced = await lab.expect(lab.pods('app=hello').replaced(before[0]!, before, 2), { within: '60s' });
      lab.measure('replace_deleted_pod', replaced.metAt - deleted.at, 'ms', 'pod deleted → replacement Ready');
    });
  },
});
`,
    'manifests/hello/deployment.yaml': demoDeployment('hello', 2),
    'exercises/three-replicas/exercise.ts': `import { defineExercise } from 'kindlab';

/** The student writes a Deployment; grading checks what the cluster does with it. */
export default defineExercise({
  id: 'three-replicas',
  title: 'Three replicas that come back',
  section: 'Deployments',
  guide: 'hello',
  duration: '45s',
  needs: [],
  statement: \`Write a Deployment of \\\`docker.io/kindlab/demo:1.0.0\\\` (port 8080) with **3 replicas**.

What grading does: it waits for your 3 pods to be Ready, then deletes one.

Passes if: 3 pods are Ready within 90 s, and the deleted one is replaced within 60 s.\`,
  async grade(g) {
    const count = g.hint('spec.replicas is the number of pods the ReplicaSet keeps');
    const app = await g.step('Your Deployment runs 3 pods', async () => {
      await g.applyStudentFiles();
      const deployment = await g.find.deployment();
      g.check('the Deployment asks for 3 replicas', deployment.replicas === 3, \`replicas: \${deployment.replicas}\`, count);
      await g.expect(g.deployment(deployment.name).available(3), { within: '90s', hint: count });
      return deployment;
    });

    await g.step('A deleted pod is replaced', async () => {
      const before = g.pods(app.podSelector).readyNames();
      await g.deletePod(before[0]!);
      await g.expect(g.pods(app.podSelector).replaced(before[0]!, before, 3), { within: '60s', hint: count });
    });
  },
});
`,
    'exercises/three-replicas/solution/app.yaml': demoDeployment('web', 3),
    'exercises/three-replicas/mistakes/one-replica/app.yaml': demoDeployment('web', 1),
    'exercises/three-replicas/mistakes/one-replica.json': `${JSON.stringify({ check: 'asks for 3 replicas', hint: 'spec.replicas' }, null, 2)}\n`,
    ...guides,
    '.github/workflows/labs.yml': `# Every lab and \`kindlab course check\` on a real kind cluster, on each push.
name: labs
on: [push, pull_request]
jobs:
  labs:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v7
      - uses: ${t.action}   # kindlab's repository, at the tag of the version this course depends on
        with:
          course: .
`,
  };
}

function demoDeployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: docker.io/kindlab/demo:1.0.0
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}
`;
}

function guide(lang: Lang): string {
  return lang === 'fr'
    ? '# Un Deployment ramène un pod supprimé\n\n`kindlab run hello` — ce que le lab fait, ce qu’il mesure, et ce que `kubectl get pods -w` montre pendant ce temps.\n'
    : '# A Deployment brings a deleted pod back\n\n`kindlab run hello` — what the lab does, what it measures, and what `kubectl get pods -w` shows meanwhile.\n';
}
