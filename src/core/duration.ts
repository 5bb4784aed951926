import { KindlabError } from './errors.js';

/**
 * A span of time: milliseconds, or a string such as "500ms", "90s", "2m", "1.5s", "8h".
 *
 * @group Values
 */
export type Duration = number | `${number}ms` | `${number}s` | `${number}m` | `${number}h`;

/** Milliseconds from a number (ms) or a string such as "500ms", "90s", "2m", "1.5s", "8h". */
export function toMs(duration: Duration | string): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(duration.trim());
  if (!match) throw new KindlabError('BAD_DURATION', `"${duration}" is not a duration (examples: 500ms, 90s, 2m, 8h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}
