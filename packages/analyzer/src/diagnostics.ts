/**
 * Every diagnostic code the parser and the analyzer report, each with what it means. A diagnostic is
 * a problem in the analysed Python (or our own crash on it), never an exception: see the parser's
 * `Diagnostic` for its shape and units.
 */
import type { Diagnostic, Span } from "@static-inspect/parser";

/** The codes, each with one line saying when it is reported. */
export const DIAGNOSTIC_CODES = {
  "syntax-error": "the source is not valid Python for the target (CPython's compile() would raise SyntaxError)",
  "decode-error": "bytes that the declared or default encoding cannot decode (CPython: SyntaxError on import)",
  "unknown-encoding": "a PEP 263 coding cookie names an encoding CPython does not know",
  "encoding-conflict": "a UTF-8 byte-order mark together with a coding cookie for another encoding",
  "nul-byte": "a NUL byte in the source (CPython refuses such files)",
  "nesting-too-deep": "brackets nested deeper than CPython's parser allows ('too many nested parentheses')",
  "read-error": "a file or folder that could not be read",
  "too-large": "a file larger than the analyzer reads (DEFAULTS.maxFileBytes): reported, not analysed",
  "invalid-module-name": "a file or folder whose name cannot be (part of) a module name: not an identifier, not UTF-8, or holding a dot",
  "broken-symlink": "a symbolic link whose target does not exist (skipped)",
  "symlink-loop": "a symbolic link that leads back to itself (not followed)",
  "relative-import-beyond-top": "a relative import that climbs above the top-level package",
  "unresolved-import": "an imported module or name that cannot be found (severity info under try/except ImportError)",
  "alias-cycle": "a name whose chain of aliases and imports runs in a circle",
  "alias-chain-too-long": "a name whose chain of aliases and imports is longer than the analyzer follows (not a cycle)",
  "unresolved-base": "a base class expression that does not resolve to a class",
  "inheritance-cycle": "a class that inherits from itself",
  "mro-conflict": "bases with no consistent C3 order (CPython raises TypeError)",
  "internal-error": "the analyzer crashed on this definition; it was left out or its facts are null, and the rest was analysed",
} as const;

/** A diagnostic code (see {@link DIAGNOSTIC_CODES}). */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/**
 * An `internal-error` diagnostic for a crash of ours while doing `what` (`"computing the MRO of m:C"`),
 * so the run goes on. The message carries the error's message, not its stack.
 */
export function internalError(what: string, error: unknown, path: string, span: Span | null): Diagnostic {
  return { code: "internal-error", severity: "error", message: `${what}: ${error instanceof Error ? error.message : String(error)}`, path, span };
}
