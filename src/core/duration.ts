import { KindlabError } from './errors.js';

export type Duration = number | `${number}ms` | `${number}s` | `${number}m`;

/** Milliseconds from a number (ms) or a string such as "500ms", "90s", "2m", "1.5s". */
export function toMs(duration: Duration | string): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(duration.trim());
  if (!match) throw new KindlabError('BAD_DURATION', `"${duration}" is not a duration (examples: 500ms, 90s, 2m)`);
  const value = Number(match[1]);
  return Math.round(match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000);
}
