import { KindlabError } from './errors.js';

/**
 * A language kindlab speaks to students: English or French.
 *
 * @group Values
 */
export type Lang = 'en' | 'fr';
/**
 * A text in both languages.
 *
 * @group Values
 */
export type Text = { en: string; fr: string };
/**
 * What a course author writes: one string (a course in one language) or both languages.
 *
 * @group Values
 */
export type Localized = string | Text;

export function localized(text: Localized): Text {
  return typeof text === 'string' ? { en: text, fr: text } : text;
}

/** --lang if given, else a French $LC_ALL/$LANG, else English. */
export function chooseLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (option !== undefined) {
    if (option !== 'fr' && option !== 'en') throw new KindlabError('BAD_OPTION', `--lang must be fr or en, got "${option}"`);
    return option;
  }
  return (env.LC_ALL || env.LANG || '').startsWith('fr') ? 'fr' : 'en';
}
