/**
 * Label selectors as the API server reads them: `matchLabels` and `matchExpressions` (In, NotIn,
 * Exists, DoesNotExist) of a workload's `spec.selector`, and the string form of a `labelSelector`
 * query (`app=web,tier in (a,b),!canary`). Pure.
 */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

type Requirement = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] };

function requirementsOf(selector: LabelSelector): Requirement[] {
  return [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'In' as const, values: [value] })),
    ...(selector.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator as Requirement['operator'], values: e.values ?? [] })),
  ];
}

function holds(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  if (r.operator === 'In') return has && r.values.includes(labels[r.key]!);
  if (r.operator === 'NotIn') return !has || !r.values.includes(labels[r.key]!);
  if (r.operator === 'Exists') return has;
  return !has;
}

/** Whether `selector` selects these labels; an empty selector selects nothing (a workload must name its pods). */
export function selectorSelects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  const requirements = requirementsOf(selector ?? {});
  return requirements.length > 0 && requirements.every((r) => holds(r, labels));
}

/** The `labelSelector` string of a selector, for a watch or a list. */
export function selectorString(selector: LabelSelector | undefined): string {
  return requirementsOf(selector ?? {})
    .map((r) => {
      if (r.operator === 'Exists') return r.key;
      if (r.operator === 'DoesNotExist') return `!${r.key}`;
      if (r.operator === 'In' && r.values.length === 1) return `${r.key}=${r.values[0]}`;
      return `${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`;
    })
    .join(',');
}

/** Whether labels match a `labelSelector` string (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`); an empty one matches all. */
export function labelsMatch(labels: Record<string, string>, selector: string | undefined): boolean {
  return parseSelectorString(selector ?? '').every((r) => holds(r, labels));
}

function parseSelectorString(text: string): Requirement[] {
  // Commas inside parentheses belong to a set: split on the others only.
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += c;
  }
  terms.push(current);
  return terms
    .map((t) => t.trim())
    .filter(Boolean)
    .map((term): Requirement => {
      const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
      if (set) return { key: set[1]!, operator: set[2] === 'in' ? 'In' : 'NotIn', values: set[3]!.split(',').map((v) => v.trim()) };
      const unequal = term.split('!=');
      if (unequal.length === 2) return { key: unequal[0]!.trim(), operator: 'NotIn', values: [unequal[1]!.trim()] };
      const equal = term.split(/==?/);
      if (equal.length === 2) return { key: equal[0]!.trim(), operator: 'In', values: [equal[1]!.trim()] };
      return term.startsWith('!') ? { key: term.slice(1).trim(), operator: 'DoesNotExist', values: [] } : { key: term, operator: 'Exists', values: [] };
    });
}
