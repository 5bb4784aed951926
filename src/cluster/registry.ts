import { KindlabError } from '../core/errors.js';
import { pollUntil } from '../core/wait.js';
import { docker } from './docker.js';
import { normalizeRef } from './nodes.js';

export const registryContainer = 'kindlab-registry';

/**
 * Where an image lives in a class's registry: its repository path under the registry's host
 * (docker.io/kindlab/demo:1.0.0 → localhost:5001/kindlab/demo:1.0.0), as kind's local-registry
 * recipe names them.
 */
export function registryRef(registry: string, ref: string): string {
  const full = normalizeRef(ref);
  return `${registry.replace(/\/+$/, '')}/${full.slice(full.indexOf('/') + 1)}`;
}

/**
 * The image a cluster should pull: from KINDLAB_REGISTRY when it is set (a cluster fed from a
 * class's registry), the catalog's own name otherwise. Only kindlab's catalog images are moved.
 */
export function pullRef(ref: string, catalogRefs: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const registry = env.KINDLAB_REGISTRY;
  if (!registry) return ref;
  const known = new Set(catalogRefs.map(normalizeRef));
  return known.has(normalizeRef(ref)) ? registryRef(registry, ref) : ref;
}

/**
 * Starts the class's registry (kindlab's image, in memory) on the kind network, published on
 * 127.0.0.1:<port>; an already running one is kept. Resolves once it answers /v2/.
 */
export async function startRegistry(image: string, port: number): Promise<string> {
  const state = await docker(['inspect', '--format', '{{.State.Running}}', registryContainer], { allowFailure: true });
  if (state.trim() !== 'true') {
    await docker(['rm', '-f', registryContainer], { allowFailure: true });
    await docker(['network', 'create', 'kind'], { allowFailure: true });
    await docker(['run', '-d', '--name', registryContainer, '--restart', 'unless-stopped', '--network', 'kind', '-p', `127.0.0.1:${port}:5000`, image], { timeoutMs: 60_000 });
  }
  const url = `http://127.0.0.1:${port}/v2/`;
  await pollUntil({ what: `the registry to answer on ${url}`, timeoutMs: 30_000, everyMs: 250 }, async () => {
    const answer = await fetch(url).catch((e: Error) => e);
    return answer instanceof Error ? answer.message : answer.status === 200 ? true : `HTTP ${answer.status}`;
  });
  return `localhost:${port}`;
}

/** `docker push` of each image to the registry, under its registry name; the extra tag goes after. */
export async function pushImages(registry: string, refs: readonly string[], onLine: (l: string) => void = () => {}): Promise<string[]> {
  const pushed: string[] = [];
  for (const ref of refs) {
    const target = registryRef(registry, ref);
    onLine(`pushing ${ref} → ${target}`);
    await docker(['tag', ref, target]);
    try {
      await docker(['push', '--quiet', target], { timeoutMs: 10 * 60_000 });
    } catch (error) {
      throw new KindlabError('PUSH_FAILED', `pushing ${target} failed: ${(error as Error).message}`, { fix: `check that ${registry} is a registry Docker may push to (\`kindlab images registry\` starts one on 127.0.0.1)`, cause: error });
    } finally {
      await docker(['rmi', target], { allowFailure: true });
    }
    pushed.push(target);
  }
  return pushed;
}
