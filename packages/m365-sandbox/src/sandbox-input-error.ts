/**
 * Bad input to the simulator (a control call naming an unknown mailbox, an envelope file that is
 * not JSON Lines). Its own class, not the product's AppError: the simulator depends on no product
 * code; the product's seam (src-main/sandbox-seam) turns it into its own 'invalid-input'.
 */
export class SandboxInputError extends Error {
  readonly code = 'invalid-input' as const;
  /** Per-field problems (an envelope's line and field), when the input had fields. */
  readonly issues: { path: string; message: string }[] | undefined;
  constructor(message: string, options: { cause?: unknown; issues?: { path: string; message: string }[] } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SandboxInputError';
    this.issues = options.issues;
  }
}
