#!/usr/bin/env node
// kindlab's command line. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
// Plain syntax and no top-level await, so that an old Node reaches the version check below.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const floor = pkg.engines.node.replace('>=', ''); // ">=22.19"
if (!atLeast(process.versions.node, floor)) {
  const helper = join(root, 'scripts', 'node.sh');
  const tested = pkg.devEngines.runtime.version;
  const fix = existsSync(helper)
    ? '`source ' + helper + '` (puts Node ' + tested + ' first on PATH, fetched once into kindlab\'s cache), or install Node ≥ ' + floor
    : 'install Node ≥ ' + floor + ' (kindlab is tested on ' + tested + ')';
  console.error('kindlab needs Node ≥ ' + floor + ' (this is ' + process.version + '); fix: ' + fix);
  process.exit(1);
}
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
import(entry)
  .then((cli) => cli.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });

function atLeast(version, minimum) {
  const have = version.split('.').map(Number);
  const need = minimum.split('.').map(Number);
  return have[0] > need[0] || (have[0] === need[0] && have[1] >= need[1]);
}
