import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, TSConfigReader, TypeDocReader } from 'typedoc';
import { describe, expect, it } from 'vitest';

// docs/authoring.md is generated from the TSDoc of the public API (`npm run docs`) and checked in,
// so that course authors read it on GitHub: it must be what the comments say now.

const root = new URL('../../', import.meta.url).pathname;

describe('docs/authoring.md', () => {
  it('is what `npm run docs` generates from the TSDoc', { timeout: 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'kindlab-docs-'));
    try {
      // The same typedoc.json as `npm run docs`, written elsewhere.
      const app = await Application.bootstrapWithPlugins({ options: join(root, 'typedoc.json'), out, logLevel: 'Warn' }, [new TypeDocReader(), new TSConfigReader()]);
      const project = await app.convert();
      expect(project, 'TypeDoc could not read src/api.ts').toBeDefined();
      await app.generateOutputs(project!);
      expect(app.logger.hasErrors() || app.logger.hasWarnings(), 'TypeDoc warned (see above): fix the doc comments').toBe(false);
      const fresh = readFileSync(join(out, 'authoring.md'), 'utf8').split('\n');
      const committed = readFileSync(join(root, 'docs/authoring.md'), 'utf8').split('\n');
      const first = fresh.findIndex((line, i) => line !== committed[i]);
      const differs = first >= 0 || committed.length !== fresh.length;
      const where = first >= 0 ? first : Math.min(fresh.length, committed.length);
      expect(differs, `docs/authoring.md is stale from line ${where + 1} (run \`npm run docs\`):\n  generated: ${fresh[where]}\n  committed: ${committed[where]}`).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('links to the heading each link names, as GitHub numbers repeated headings', () => {
    const targets = new Map<string, string>();
    const seen = new Map<string, number>();
    const links: Array<{ text: string; anchor: string }> = [];
    let inCode = false;
    let owner = '';
    for (const line of readFileSync(join(root, 'docs/authoring.md'), 'utf8').split('\n')) {
      if (line.startsWith('```')) inCode = !inCode;
      if (inCode) continue;
      const [, hashes, heading] = /^(#+) (.*)$/.exec(line) ?? [];
      if (hashes && heading) {
        // GitHub's slug: lowercase, punctuation dropped, spaces as dashes, repeats numbered in page order.
        const slug = heading.toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        // "### Lab" names an export; "##### apply()" below it, the member Lab.apply.
        const name = heading.replace(/[()?]/g, '');
        if (hashes.length === 3) owner = name;
        targets.set(count ? `${slug}-${count}` : slug, hashes.length >= 5 ? `${owner}.${name}` : name);
      }
      for (const [, text, anchor] of line.matchAll(/\[`?([^\]`]+)`?\]\(#([^)]+)\)/g)) links.push({ text: text!, anchor: anchor! });
    }
    const astray = links.filter((l) => targets.get(l.anchor) !== l.text).map((l) => `[${l.text}](#${l.anchor}) → ${targets.get(l.anchor) ?? 'nothing'}`);
    expect(astray, 'links that land elsewhere').toEqual([]);
    expect(links.length).toBeGreaterThan(100);
  });
});
