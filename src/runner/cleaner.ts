import { messageOf } from '../core/errors.js';

/**
 * What a lab changed outside its namespace (a node label, a stopped node), with how to undo it.
 * Registered when the change is made, undone in reverse order when the lab ends, whatever happens
 * (Chainsaw's cleanup); an undo that fails is reported, and the others still run.
 */
export class Cleaner {
  private readonly undos: Array<{ what: string; run: () => Promise<void> }> = [];

  defer(what: string, run: () => Promise<void>): void {
    this.undos.push({ what, run });
  }

  async runAll(report: (line: string, ok: boolean) => void): Promise<void> {
    for (const undo of this.undos.splice(0).reverse()) {
      await undo.run().then(
        () => report(`cleanup: ${undo.what}`, true),
        (error: unknown) => report(`cleanup failed (${undo.what}): ${messageOf(error)}`, false),
      );
    }
  }
}
