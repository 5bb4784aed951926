/** What replaces a secret value wherever kindlab prints text. */
export const redactedMark = '[redacted]';

/** A secret in the forms it may be printed in: as written, base64-encoded, base64-decoded. */
export function secretForms(values: readonly string[]): string[] {
  const forms = values.flatMap((v) => [v, Buffer.from(v).toString('base64'), decodedBase64(v)]);
  return [...new Set(forms.filter((f): f is string => f !== undefined && f.length >= 3))];
}

/** Replaces every secret form in `text` (longest first, so no fragment of a longer one is left). */
export function redact(text: string, secrets: readonly string[]): string {
  return [...secrets].sort((a, b) => b.length - a.length).reduce((out, s) => (s.length >= 3 ? out.split(s).join(redactedMark) : out), text);
}

function decodedBase64(value: string): string | undefined {
  const compact = value.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // Binary data decoded as UTF-8 is noise: only a printable text is a form worth hiding.
  return /^[\x20-\x7e\t\n\r\u00a0-\uffff]*$/.test(decoded) && !decoded.includes('\ufffd') ? decoded : undefined;
}
