import type { Duration } from '../core/duration.js';
import type { TrafficReport } from '../observe/sampler.js';

/**
 * How long {@link Lab.expect} waits, and how its check is named and explained.
 *
 * @group Results and options
 */
export interface ExpectOptions {
  /** The deadline: past it the check fails, with a diagnosis of what the cluster did instead. */
  within: Duration;
  /** The check's name (default: what the expectation says it awaits). */
  what?: string;
  /** Shown when it fails: the concept at stake and where the course explains it (exercises). */
  hint?: string;
}

/**
 * Where {@link Lab.http} and {@link Lab.traffic} send GET requests on the host's loopback. On a
 * cluster whose ports the host cannot reach, the same requests come from a pod inside it: a
 * NodePort on its node's address, the Ingress port to the Ingress controller.
 *
 * @group Results and options
 */
export interface HttpTarget {
  /** Host port on 127.0.0.1 (default: the lab's NodePort). */
  port?: number;
  /** Request path (default `/`). */
  path?: string;
  /** Host header (to match an Ingress rule). */
  host?: string;
}

/**
 * What {@link Lab.traffic} sends: from the host to a loopback port (the default), or with `service`
 * from a pod inside the cluster.
 *
 * @example
 * ```ts
 * // CPU load on the lab's NodePort: 20 requests a second of 40 ms of CPU each.
 * const load = lab.traffic({ path: '/burn?ms=40', rate: 20 });
 * // From inside the cluster to the Service "demo", kept off the node the lab will stop.
 * const traffic = lab.traffic({ service: 'demo', rate: 50, avoidNode: 'kind-worker2' });
 * ```
 * @group Sending traffic
 */
export interface TrafficOptions extends HttpTarget {
  /** Requests per second (default 50). */
  rate?: number;
  /**
   * From inside the cluster, to this Service of the lab's namespace by its DNS name (a sampler
   * pod sends the requests): no host port needed, as on a shared or remote cluster.
   */
  service?: string;
  /** The Service's port (default 80), with `service`. */
  servicePort?: number;
  /**
   * Keep the sampler pod off this node (the one the lab is about to stop): with `service`, and on
   * a cluster whose ports the host cannot reach, where the requests come from a pod too.
   */
  avoidNode?: string;
}

/**
 * A running traffic sampler: steady GET requests, a new connection each as separate clients would
 * make, every answer recorded (status, answering pod, version, latency), so that a lab can count
 * the requests that failed while it disturbed the cluster. Stopped when the lab ends, at the latest.
 *
 * @group Sending traffic
 */
export interface Traffic {
  /**
   * Resolves once `count` successful answers arrived after this call; a failed check on its deadline.
   * Wait for it before acting, so that requests really flow, and after, to see them flow again.
   *
   * @example
   * ```ts
   * const traffic = lab.traffic({ rate: 50 });
   * await traffic.answered(50, { within: '30s', what: '50 answers through the Service (its NodePort)' });
   * ```
   */
  answered(count: number, options: { within: Duration; what?: string; hint?: string }): Promise<void>;
  /**
   * A summary of the requests sent from `from` (ms since epoch) until now: what one action cost,
   * counted from its {@link Action.at}.
   *
   * @example
   * ```ts
   * const traffic = lab.traffic({ rate: 50 });
   * await traffic.answered(50, { within: '30s' });
   * const change = await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0');
   * await lab.expect(lab.deployment('demo').rolledOut(), { within: '3m' });
   * const during = traffic.since(change.at);
   * lab.check('zero failed requests during the rolling update', during.failed === 0, failedRequests(during));
   * ```
   */
  since(from: number): TrafficReport;
  /**
   * Stops the requests and summarizes all of them, from the start.
   *
   * @example
   * ```ts
   * const traffic = lab.traffic({ rate: 30 });
   * await traffic.answered(60, { within: '30s' });
   * const report = await traffic.stop();
   * lab.measure('node_port_requests', report.requests, 'requests', `requests to 127.0.0.1:${lab.nodePort}`, { perPod: report.byPod });
   * lab.check('all of them answered', report.failed === 0, `${report.failed} failed`);
   * ```
   */
  stop(): Promise<TrafficReport>;
}

/**
 * What an action hands back: when it was done, the start of what a lab measures, and what it returned.
 *
 * @group Results and options
 */
export interface Action<T = void> {
  /** When the action was done (ms since epoch), as recorded in the timeline: subtract it from a {@link Met.metAt}. */
  at: number;
  /** What the action found out on the way (e.g. the restart count before a kill). */
  value: T;
}
