// Errors the CLI reports without a stack: the user's input, not the program, is at fault.

/** Bad usage: wrong arguments or unreadable inputs. Exit code 2. */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
    this.hint = hint;
  }
}

/** A failure already explained to the user on stderr. Exit code 1 unless said otherwise. */
export class ReportedFailure extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "ReportedFailure";
    this.exitCode = exitCode;
  }
}
