import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatChecks } from '../../src/cli/commands/doctor.js';
import { commands } from '../../src/cli/commands/index.js';

const every = commands.map((c) => c.name);

async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('kindlab command line', () => {
  it('lists commands with --help', async () => {
    const r = await capture(['--help']);
    expect(r.code).toBe(0);
    expect(every).toEqual(['up', 'list', 'run', 'check', 'exercises', 'exercise', 'grade', 'init', 'course', 'class', 'doctor', 'down', 'images']);
    for (const name of every) expect(r.out).toContain(`  ${name}`);
  });

  it('rejects an unknown command with one clear line', async () => {
    const r = await capture(['upp']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown command "upp"[\s\S]*fix: use one of/);
    expect(r.err).not.toContain('    at ');
  });

  it('rejects an unknown option, pointing at --help', async () => {
    const r = await capture(['up', '--colour']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unknown option '--colour'[\s\S]*kindlab up --help/);
  });

  it('has --help on every command', async () => {
    for (const name of every) {
      const r = await capture([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: kindlab ${name}`);
    }
  });

  it('rejects a bad --images mode before doing anything', async () => {
    const r = await capture(['up', '--images', 'sometimes']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--images must be one of auto, online, offline');
  });

  it('formats doctor checks with their fixes', () => {
    const text = formatChecks(
      [
        { id: 'docker', title: 'Docker is reachable', status: 'ok', detail: 'engine 20.10' },
        { id: 'cluster', title: 'cluster exists', status: 'fail', detail: 'no nodes', fix: '`kindlab up`' },
      ],
      false,
    );
    expect(text).toContain('ok    Docker is reachable: engine 20.10');
    expect(text).toContain('FAIL  cluster exists: no nodes\n      fix: `kindlab up`');
    expect(text).toContain('not ready');
  });

  it('marks a warning, which leaves the cluster ready for the labs', () => {
    const text = formatChecks([{ id: 'network-policy', title: 'NetworkPolicy is enforced', status: 'warn', detail: 'not enforced', fix: '`kindlab up`' }], true);
    expect(text).toContain('warn  NetworkPolicy is enforced: not enforced\n      fix: `kindlab up`');
    expect(text).toContain('ready for the labs');
  });
});
