import { createServer } from 'node:net';
import { KindlabError } from '../core/errors.js';
import type { HostPort } from './kind-config.js';

/** Resolves true when nothing listens on address:port (we can bind it ourselves). */
export function portIsFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with one message naming every host port the cluster needs that is already taken. */
export async function assertPortsFree(ports: HostPort[], configPath: string): Promise<void> {
  const taken: HostPort[] = [];
  for (const p of ports) if (!(await portIsFree(p.address, p.port))) taken.push(p);
  if (taken.length === 0) return;
  const list = taken.map((p) => `${p.address}:${p.port}`).join(', ');
  throw new KindlabError('PORT_TAKEN', `host port${taken.length > 1 ? 's' : ''} ${list} already in use; the cluster maps ${taken.length > 1 ? 'them' : 'it'}`, {
    fix: `stop what listens there (see \`ss -ltnp 'sport = :${taken[0]!.port}'\`), or change hostPort in ${configPath}`,
  });
}
