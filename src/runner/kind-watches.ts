import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { kindCollectionPath, resolveKind } from '../kube/kinds.js';
import type { Informer } from '../observe/informer.js';
import type { NamespaceObserver } from '../observe/observer.js';
import type { Watched } from './expect/expectation.js';

/**
 * The watch an expectation is evaluated on: one of the lab's usual watches, or that of a kind the
 * lab names (`lab.object('Job', …)`), found by discovery on first use and shared from then on.
 */
export class KindWatches {
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly observer: NamespaceObserver,
  ) {}

  async informer(watched: Watched): Promise<Informer<KubernetesObject>> {
    if (typeof watched === 'string') return this.observer.informer(watched);
    const served = await resolveKind(this.client, watched.kind);
    return this.observer.informerAt(kindCollectionPath(served, this.namespace), served.kind);
  }

  /** The objects of that watch now, once it has listed them. */
  async current(watched: Watched): Promise<KubernetesObject[]> {
    return (await this.informer(watched)).current();
  }
}
