import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labs } from '../course.js';
import { guidesIn } from '../../src/cli/commands/list.js';
import { parseManifests } from '../../src/kube/manifests.js';

const root = new URL('../../', import.meta.url).pathname;

describe('the lab catalogue', () => {
  it('has the thirteen labs of the course, each id once', () => {
    expect(labs).toHaveLength(13);
    expect(new Set(labs.map((l) => l.id)).size).toBe(13);
  });

  it('gives every lab a French and an English guide that name its checks', () => {
    for (const lab of labs) {
      for (const path of Object.values(guidesIn('guides', lab.id))) {
        expect(existsSync(root + path), path).toBe(true);
        const text = readFileSync(root + path, 'utf8');
        expect(text, path).toContain(`kindlab run ${lab.id}`);
        expect(text, path).toMatch(/kubectl/);
      }
    }
  });

  it('keeps every manifest parseable once its variables are filled', () => {
    for (const lab of labs) {
      const dir = `${root}manifests/${lab.id}`;
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        const text = readFileSync(`${dir}/${file}`, 'utf8').replace(/\$\{[A-Z_]+\}/g, '1');
        expect(parseManifests(text, file).length, `${lab.id}/${file}`).toBeGreaterThan(0);
      }
    }
  });

  it('pins every image a lab uses (no :latest, no untagged image)', () => {
    const images = readdirSync(`${root}manifests`, { recursive: true })
      .filter((f) => String(f).endsWith('.yaml'))
      .flatMap((f) => [...readFileSync(`${root}manifests/${f}`, 'utf8').matchAll(/^\s*-?\s*image:\s*(\S+)/gm)].map((m) => m[1]!));
    for (const image of images.filter((i) => !i.startsWith('${'))) {
      expect(image, image).toMatch(/:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('runs alone what disturbs the cluster, and only that', () => {
    expect(labs.filter((l) => l.exclusive).map((l) => l.id)).toEqual(['redundancy']);
  });
});
