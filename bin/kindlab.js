#!/usr/bin/env node
// kindlab's command line. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('kindlab: not built yet (dist/ is missing).\n  fix: run `npm ci` (or `npm run build`) in ' + root);
  process.exit(1);
}
// A closed pipe (kindlab list | head) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
