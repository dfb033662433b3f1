import type { Span } from "./span.ts";

/** How bad a {@link Diagnostic} is: `error` means the input is not valid Python (or could not be read). */
export type Severity = "error" | "warning" | "info";

/**
 * A problem found in the analysed Python, reported instead of thrown.
 *
 * Shape: `code` is a stable kebab-case identifier (`syntax-error`, `decode-error`, `mro-conflict`, …);
 * `message` is for people and may change between versions; `path` is the file as given to the
 * analyser; `span` (see {@link Span} for units) is `null` when the problem concerns the whole file.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly span: Span | null;
}
