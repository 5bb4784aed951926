import { relative, resolve } from 'node:path';
import { initCourse } from '../../course/init.js';
import { KindlabError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import type { Command } from '../command.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'write a course repository: course file, a lab, an exercise with its solution and a mistake, a CI workflow',
  usage: 'kindlab init [DIR] [--title TEXT] [--languages en|fr|fr,en] [--kindlab SPEC]',
  allowPositionals: true,
  options: {
    title: { type: 'string', valueName: 'text', description: 'the course title (default: the folder\'s name)' },
    languages: { type: 'string', valueName: 'list', description: 'en (default), fr, or fr,en (then guides in both)' },
    kindlab: { type: 'string', valueName: 'spec', description: 'package.json\'s dependency on kindlab (default: this kindlab, packed into the course\'s vendor/; a version range, a path or a tarball works)' },
  },
  async run({ values, positionals, out }) {
    const dir = positionals[0] ?? '.';
    const languages = ((values.languages as string | undefined) ?? 'en').split(',').map((l) => l.trim());
    if (!languages.length || languages.some((l) => l !== 'fr' && l !== 'en')) throw new KindlabError('BAD_OPTION', `--languages must be en, fr or fr,en, got "${values.languages}"`);
    const files = initCourse({
      dir,
      languages: languages as Lang[],
      ...(values.title ? { title: values.title as string } : {}),
      ...(values.kindlab ? { kindlabSpec: values.kindlab as string } : {}),
    });
    const shown = relative(process.cwd(), resolve(dir)) || '.';
    out(`wrote a course in ${shown}: ${files.length} files (kindlab.yaml, labs/hello.ts, exercises/three-replicas/…${files.some((f) => f.startsWith('vendor/')) ? `, ${files.find((f) => f.startsWith('vendor/'))}` : ''})`);
    out(`next:\n  cd ${shown} && npm install\n  npm run typecheck\n  npx kindlab up\n  npx kindlab run --all\n  npx kindlab grade three-replicas exercises/three-replicas/solution\n  npx kindlab course check`);
    return 0;
  },
};
