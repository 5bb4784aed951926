import { messageOf } from '../core/errors.js';
import { run, type RunOptions } from '../core/exec.js';
import { isFrozenKill, thawNodeCgroups } from './frozen.js';
import { nodeContainers } from './nodes.js';
import { ensureTool, findTool, kindTool, type ToolBinary } from './tools.js';

/** The kind binary kindlab drives, and where it came from. */
export type KindBinary = ToolBinary;

/** kind at the pinned version: on PATH if it is that one, else in kindlab's cache, else built there. */
export function ensureKind(pinned: string, onLine: (l: string) => void = () => {}): Promise<KindBinary> {
  return ensureTool(kindTool(pinned), onLine);
}

/** Only the kind binary already present (never builds): for `doctor`. */
export function findKind(pinned: string): Promise<KindBinary | undefined> {
  return findTool(kindTool(pinned));
}

/** A thin typed surface over the kind CLI. */
export class Kind {
  constructor(readonly binary: KindBinary) {}

  private exec(args: string[], options: RunOptions = {}) {
    return run(this.binary.path, args, options);
  }

  async clusters(): Promise<string[]> {
    const { stdout } = await this.exec(['get', 'clusters']);
    return stdout.split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('No kind clusters'));
  }

  async create(options: { name: string; configPath: string; image: string; onLine?: (l: string) => void; retain?: boolean }): Promise<void> {
    const args = ['create', 'cluster', '--name', options.name, '--config', options.configPath, '--image', options.image, '--wait', '0s'];
    if (options.retain) args.push('--retain');
    await this.exec(args, { timeoutMs: 15 * 60_000, ...(options.onLine ? { onLine: options.onLine } : {}) });
  }

  /** Deletes the cluster; a node left unkillable by a frozen cgroup (cgroup v1) is thawed and the delete tried again. */
  async delete(name: string): Promise<void> {
    const attempt = () => this.exec(['delete', 'cluster', '--name', name], { timeoutMs: 5 * 60_000 });
    try {
      await attempt();
    } catch (error) {
      if (!isFrozenKill(messageOf(error))) throw error;
      const nodes = (await nodeContainers(name)).map((n) => n.name);
      if ((await thawNodeCgroups(nodes).catch(() => 0)) === 0) throw error;
      await attempt();
    }
  }

  async exportKubeconfig(name: string): Promise<void> {
    await this.exec(['export', 'kubeconfig', '--name', name]);
  }

  async load(name: string, refs: string[], onLine?: (l: string) => void): Promise<void> {
    await this.exec(['load', 'docker-image', '--name', name, ...refs], { timeoutMs: 20 * 60_000, ...(onLine ? { onLine } : {}) });
  }
}
