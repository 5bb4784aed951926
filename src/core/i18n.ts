import { KindlabError } from './errors.js';

/** The course is in French; kindlab speaks French or English to students. */
export type Lang = 'en' | 'fr';
export type Text = { en: string; fr: string };

/** --lang if given, else a French $LC_ALL/$LANG, else English. */
export function chooseLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (option !== undefined) {
    if (option !== 'fr' && option !== 'en') throw new KindlabError('BAD_OPTION', `--lang must be fr or en, got "${option}"`);
    return option;
  }
  return (env.LC_ALL || env.LANG || '').startsWith('fr') ? 'fr' : 'en';
}
