import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fingerprint, stableJson } from '../../src/cluster/images/fingerprint.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindlab-fp-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('fingerprints', () => {
  it('do not depend on key order', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(new Fingerprint().add('x', { a: 1, b: 2 }).digest()).toBe(new Fingerprint().add('x', { b: 2, a: 1 }).digest());
  });

  it('are equal for equal trees in different folders (a clone elsewhere finds the cache)', () => {
    const a = tree({ 'main.go': 'package main', 'sub/x.go': 'package sub' });
    const b = tree({ 'main.go': 'package main', 'sub/x.go': 'package sub' });
    expect(new Fingerprint().addTree('src', a).digest()).toBe(new Fingerprint().addTree('src', b).digest());
  });

  it('change when a file changes or is renamed', () => {
    const base = new Fingerprint().addTree('src', tree({ 'main.go': 'package main' })).digest();
    expect(new Fingerprint().addTree('src', tree({ 'main.go': 'package main // changed' })).digest()).not.toBe(base);
    expect(new Fingerprint().addTree('src', tree({ 'other.go': 'package main' })).digest()).not.toBe(base);
  });
});
