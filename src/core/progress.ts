/**
 * Progress of long operations (cluster bring-up, image builds), as plain timestamped events.
 * Library code only emits them; the CLI's reporters decide how to show them.
 */
export type ProgressEvent =
  | { kind: 'start'; step: string; title: string; at: number }
  | { kind: 'end'; step: string; ok: boolean; at: number; durationMs: number; detail?: string }
  | { kind: 'info'; step?: string; message: string; at: number };

export type ProgressSink = (event: ProgressEvent) => void;

export const silent: ProgressSink = () => {};

/** Runs `work` as one named step: a start event, then an end event with its duration. */
export async function step<T>(
  sink: ProgressSink,
  id: string,
  title: string,
  work: () => Promise<T>,
  describe?: (result: T) => string | undefined,
): Promise<T> {
  const startedAt = Date.now();
  sink({ kind: 'start', step: id, title, at: startedAt });
  try {
    const result = await work();
    const detail = describe?.(result);
    const at = Date.now();
    sink({ kind: 'end', step: id, ok: true, at, durationMs: at - startedAt, ...(detail ? { detail } : {}) });
    return result;
  } catch (error) {
    const at = Date.now();
    sink({ kind: 'end', step: id, ok: false, at, durationMs: at - startedAt });
    throw error;
  }
}
