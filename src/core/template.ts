import { KindlabError } from './errors.js';

/** `${NAME}` placeholders (manifests); the node recipe's files use `@NAME@`. */
export const dollarPlaceholder = /\$\{([A-Z][A-Z0-9_]*)\}/g;
export const atPlaceholder = /@([A-Z][A-Z0-9_]*)@/g;

/**
 * Fills the placeholders of a text file. A placeholder without a value is an error naming the file
 * and the values it knows: a silently kept `${IMAGE}` would reach the API server as an image name.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>, source: string, pattern: RegExp = dollarPlaceholder): string {
  return text.replace(new RegExp(pattern.source, 'g'), (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new KindlabError('TEMPLATE_UNKNOWN', `${source}: unknown variable ${placeholder} (known: ${Object.keys(values).join(', ') || 'none'})`, {
        fix: `remove ${placeholder} from ${source}, or give it a value`,
      });
    }
    return value;
  });
}
