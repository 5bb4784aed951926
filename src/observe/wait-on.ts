import type { KubernetesObject } from '@kubernetes/client-node';
import { WaitTimeoutError } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import { diagnoseNamespace, formatDiagnosis } from './diagnose.js';
import { Informer, type Condition } from './informer.js';

export interface WaitOnOptions {
  /** Only the objects of this name (a field selector), e.g. one Deployment. */
  name?: string;
  /** The namespace whose pods and events a timeout reports. */
  diagnose?: string;
  onPending?: (verdict: string) => void;
}

/**
 * Waits on one watch of a collection until `condition` holds, within `timeoutMs`. A timeout says
 * what it waited for and what it last saw, with the diagnosis of `options.diagnose`.
 */
export async function waitOn<T extends KubernetesObject>(client: KubeClient, path: string, condition: Condition<T, void>, what: string, timeoutMs: number, options: WaitOnOptions = {}): Promise<void> {
  const informer = new Informer<T>(client, path, options.name ? { fieldSelector: `metadata.name=${options.name}` } : {});
  try {
    await informer.waitFor(condition, { what, timeoutMs: Math.max(1000, timeoutMs), ...(options.onPending ? { onPending: options.onPending } : {}) });
  } catch (error) {
    if (error instanceof WaitTimeoutError && options.diagnose) {
      error.diagnosis = formatDiagnosis(await diagnoseNamespace(client, options.diagnose));
      error.message += `\n${error.diagnosis}`;
    }
    throw error;
  } finally {
    informer.stop();
  }
}
