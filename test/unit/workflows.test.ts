import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { actionlintTool, ensureTool, findTool } from '../../src/cluster/tools.js';
import { courseFiles } from '../../src/course/templates.js';

// kindlab's own workflows, and the one `kindlab init` writes into a course repository.
const initWorkflow = join(mkdtempSync(join(tmpdir(), 'kindlab-init-workflow-')), 'labs.yml');
writeFileSync(initWorkflow, courseFiles({ title: 't', languages: ['en'], kindlabSpec: '^0.1.0', packageName: 't', action: 'kindlab/kindlab@v0.1.0' })['.github/workflows/labs.yml']!);
const workflows = [...readdirSync('.github/workflows').filter((f) => /\.ya?ml$/.test(f)).map((f) => `.github/workflows/${f}`), initWorkflow];
const hasGo = (() => {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the GitHub Actions files', () => {
  // actionlint is built once from the Go module proxy (pinned) into kindlab's cache.
  it.skipIf(!hasGo)('pass actionlint (workflow syntax, expressions, shellcheck of run steps)', { timeout: 600_000 }, async () => {
    const tool = (await findTool(actionlintTool)) ?? (await ensureTool(actionlintTool));
    expect(tool.version).toBe('v1.7.12');
    expect(workflows.length).toBeGreaterThan(0);
    let output = '';
    try {
      output = execFileSync(tool.path, ['-no-color', ...workflows], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });

  it('declare every input the composite action uses, and a shell for each of its run steps', () => {
    const action = yaml.load(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Array<{ run?: string; shell?: string; uses?: string }> } };
    expect(action.runs.using).toBe('composite');
    const used = [...readFileSync('action.yml', 'utf8').matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!);
    for (const name of used) expect(Object.keys(action.inputs), name).toContain(name);
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.run).toBe('bash');
    // Actions by major version; kind and the node image are pinned in images/catalog.yaml.
    for (const step of action.runs.steps) if (step.uses) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
  });
});
