/** An error kindlab expects and can explain: a code, what went wrong, and how to fix it. */
export class KindlabError extends Error {
  readonly code: string;
  readonly fix: string | undefined;

  constructor(code: string, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KindlabError';
    this.code = code;
    this.fix = options.fix;
  }
}

export function isKindlabError(error: unknown): error is KindlabError {
  return error instanceof KindlabError;
}

/** The message of anything thrown, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
