/**
 * The one error the CLI maps to an exit code itself.
 */

/**
 * A usage or I/O problem (bad flag, missing path, unwritable output, unknown target). `main` prints
 * `static-inspect: error: <message>` on one line and returns exit code 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Whether `error` is a Node.js system error (`ENOENT`, `EACCES`, …) rather than a bug. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && "syscall" in error;
}
