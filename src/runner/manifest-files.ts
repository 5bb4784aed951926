import { readFileSync } from 'node:fs';
import { KindlabError } from '../core/errors.js';
import { fromProject } from '../core/paths.js';
import { parseManifests, type Manifest } from '../kube/manifests.js';

/** Reads manifests/<lab>/<file>, fills its ${VARIABLES} and parses it. */
export function loadLabManifests(labId: string, file: string, values: Record<string, string>): Manifest[] {
  const display = `manifests/${labId}/${file}`;
  let text: string;
  try {
    text = readFileSync(fromProject('manifests', labId, file), 'utf8');
  } catch {
    throw new KindlabError('MANIFEST_MISSING', `lab ${labId}: no manifest ${display}`);
  }
  return parseManifests(substitute(text, values, display), display);
}

/** Replaces ${NAME} in a manifest; an unknown name is an error naming the file. */
export function substitute(text: string, values: Record<string, string>, file: string): string {
  return text.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new KindlabError('MANIFEST_INVALID', `${file}: unknown variable \${${name}} (known: ${Object.keys(values).join(', ')})`);
    return value;
  });
}

/** The values of a Secret manifest, in clear and in base64: what must never be printed. */
export function secretValues(m: Manifest): string[] {
  if (m.object.kind !== 'Secret') return [];
  const data = (m.object.data ?? {}) as Record<string, string>;
  const stringData = (m.object.stringData ?? {}) as Record<string, string>;
  return [
    ...Object.values(data).flatMap((v) => [Buffer.from(v, 'base64').toString('utf8'), v]),
    ...Object.values(stringData).flatMap((v) => [v, Buffer.from(v).toString('base64')]),
  ];
}
