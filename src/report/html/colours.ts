import type { PodPhase } from './model.js';

/** Red is kept for what failed; versions take the other colours. */
export const colours = {
  failed: '#d62728',
  passed: '#2ca02c',
  action: '#555555',
  deleted: '#222222',
  phases: {
    created: '#cfcfcf',
    scheduled: '#9ecae1',
    running: '#fdd49e',
    ready: '#41ab5d',
    problem: '#f16913',
    terminating: '#9e9ac8',
    succeeded: '#1f78b4',
    failed: '#d62728',
    unknown: '#969696',
  } satisfies Record<PodPhase, string>,
};

/** Versions: far from the pods' phase colours (green is Ready) and from red (failures). */
const palette = ['#3b6fb6', '#f28e2b', '#17becf', '#b07aa1', '#edc948', '#9c755f', '#ff9da7', '#6b6ecf', '#bcbd22', '#7f7f7f'];

/** One colour per version for the whole report, in the versions' natural order (1.0.0 before 2.0.0 before 10.0.0). */
export function versionColours(versions: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(versions)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return new Map(sorted.map((v, i) => [v, palette[i % palette.length]!]));
}
