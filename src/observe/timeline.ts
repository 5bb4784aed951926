/**
 * What a lab observed and did, in order, with millisecond timestamps. Reports are built from it.
 * Entries are a union on `kind`; `describe` below has one formatter per kind, so the compiler
 * asks for a formatter whenever a kind is added.
 */
export type TimelineEntry =
  | { kind: 'action'; at: number; what: string }
  | { kind: 'object'; at: number; resource: string; change: 'ADDED' | 'MODIFIED' | 'DELETED'; name: string; state: string }
  | { kind: 'event'; at: number; type: string; reason: string; object: string; message: string }
  | { kind: 'http'; at: number; what: string }
  /** One second of traffic: answers by version, failures, who answered. */
  | { kind: 'traffic'; at: number; ok: number; failed: number; versions: Record<string, number>; pods: string[] }
  /** A window from a failed request to the next success (recorded when the traffic stops). */
  | { kind: 'downtime'; at: number; to: number; failed: number }
  /** `durationMs`: how long it was awaited; `deadlineMs`: its deadline, from the same start (0: none). */
  | { kind: 'check'; at: number; name: string; passed: boolean; detail: string; durationMs?: number; deadlineMs?: number }
  | { kind: 'measure'; at: number; name: string; value: number; unit: string }
  | { kind: 'note'; at: number; text: string };

export type TimelineKind = TimelineEntry['kind'];

const formatters: { [K in TimelineKind]: (e: Extract<TimelineEntry, { kind: K }>) => string } = {
  action: (e) => `do    ${e.what}`,
  object: (e) => `${e.resource.padEnd(5).slice(0, 5)} ${e.change.toLowerCase()} ${e.name}${e.state ? ` ${e.state}` : ''}`,
  event: (e) => `event ${e.type === 'Warning' ? '⚠ ' : ''}${e.reason} ${e.object}: ${e.message}`,
  http: (e) => `http  ${e.what}`,
  traffic: (e) => `http  ${e.ok} ok, ${e.failed} failed; versions ${Object.keys(e.versions).join(',') || '-'}; pods ${e.pods.join(' ') || '-'}`,
  downtime: (e) => `http  downtime ${e.to - e.at} ms, ${e.failed} failed`,
  check: (e) => `check ${e.passed ? '✓' : '✗'} ${e.name}${e.detail ? ` (${e.detail})` : ''}`,
  measure: (e) => `meas  ${e.name} = ${e.value} ${e.unit}`,
  note: (e) => `note  ${e.text}`,
};

export function describeEntry(entry: TimelineEntry): string {
  return (formatters[entry.kind] as (e: TimelineEntry) => string)(entry);
}

/** The entry with every text it holds passed through `redact` (a Secret's value never leaves). */
export function redactEntry(entry: TimelineEntry, redact: (s: string) => string): TimelineEntry {
  switch (entry.kind) {
    case 'action':
    case 'http':
      return { ...entry, what: redact(entry.what) };
    case 'object':
      return { ...entry, name: redact(entry.name), state: redact(entry.state) };
    case 'event':
      return { ...entry, reason: redact(entry.reason), object: redact(entry.object), message: redact(entry.message) };
    case 'check':
      return { ...entry, name: redact(entry.name), detail: redact(entry.detail) };
    case 'measure':
      return { ...entry, name: redact(entry.name) };
    case 'note':
      return { ...entry, text: redact(entry.text) };
    case 'traffic':
      return { ...entry, pods: entry.pods.map(redact), versions: Object.fromEntries(Object.entries(entry.versions).map(([v, n]) => [redact(v), n])) };
    case 'downtime':
      return entry;
  }
}

export class Timeline {
  private readonly list: TimelineEntry[] = [];
  private readonly lastState = new Map<string, string>();

  constructor(readonly startedAt: number = Date.now()) {}

  record(entry: TimelineEntry): void {
    this.list.push(entry);
  }

  /** Records an object's state only when it differs from the last one seen (status churn is noise). */
  recordObject(at: number, resource: string, change: 'ADDED' | 'MODIFIED' | 'DELETED', name: string, state: string): void {
    const key = `${resource}/${name}`;
    if (change === 'MODIFIED' && this.lastState.get(key) === state) return;
    if (change === 'DELETED') this.lastState.delete(key);
    else this.lastState.set(key, state);
    this.record({ kind: 'object', at, resource, change, name, state });
  }

  get entries(): readonly TimelineEntry[] {
    return [...this.list].sort((a, b) => a.at - b.at);
  }

  /** The entries in order, each redacted: what reports draw from. */
  structured(redact: (s: string) => string = (s) => s): TimelineEntry[] {
    return this.entries.map((e) => redactEntry(e, redact));
  }

  /** "+12.345s  text" lines relative to the start. */
  format(redact: (s: string) => string = (s) => s): string[] {
    return this.entries.map((e) => `+${((e.at - this.startedAt) / 1000).toFixed(3).padStart(8)}s  ${redact(describeEntry(e))}`);
  }
}
