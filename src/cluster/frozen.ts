import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../core/exec.js';

/**
 * cgroup v1 only: a node's container that a runtime inside it froze (runc freezes a container's
 * cgroup while it sets it up) cannot be killed while frozen: Docker answers "tried to kill
 * container, but did not receive an exit event" and `kind delete` fails. Thawing every frozen
 * cgroup below the node's own lets the kill go through. Returns how many were thawed.
 */
export async function thawNodeCgroups(containers: readonly string[], freezerRoot = '/sys/fs/cgroup/freezer'): Promise<number> {
  let thawed = 0;
  for (const container of containers) {
    const own = await freezerPathOf(container);
    if (own !== undefined) thawed += await thawBelow(join(freezerRoot, own));
  }
  return thawed;
}

/** Thaws every frozen freezer cgroup at or below a cgroup folder; how many it thawed. */
export async function thawBelow(dir: string): Promise<number> {
  let thawed = 0;
  for (const state of await statesBelow(dir)) {
    const now = await readFile(state, 'utf8').catch(() => '');
    if (!now.startsWith('FROZEN') && !now.startsWith('FREEZING')) continue;
    await writeFile(state, 'THAWED');
    thawed++;
  }
  return thawed;
}

/** The freezer cgroup of a container's first process, as /proc/<pid>/cgroup says (cgroup v1). */
async function freezerPathOf(container: string): Promise<string | undefined> {
  const { stdout, exitCode } = await run('docker', ['inspect', '-f', '{{.State.Pid}}', container], { allowFailure: true, timeoutMs: 20_000 });
  const pid = Number(stdout.trim());
  if (exitCode !== 0 || !pid) return undefined;
  const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
  return /^\d+:freezer:(.+)$/m.exec(cgroups)?.[1];
}

async function statesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((e) => e === 'freezer.state' || e.endsWith('/freezer.state')).map((e) => join(dir, e));
}

/** Docker's answer when a container's processes sit in a frozen cgroup. */
export function isFrozenKill(message: string): boolean {
  return message.includes('did not receive an exit event');
}
