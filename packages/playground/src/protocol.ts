/**
 * The messages between the page and its analysis worker (plain data: they cross `postMessage`).
 */

/** What the page asks: analyse these files for this target and describe object `selected`. */
export interface AnalyzeRequest {
  /** Increases with every request; a reply answers the request of its `id`. */
  readonly id: number;
  /** File path (`/`-separated, relative to the one search root) → text. */
  readonly files: Readonly<Record<string, string>>;
  /** Python version (`"3.11"`) and `sys.platform` (`"linux"`). */
  readonly python: string;
  readonly platform: string;
  /** Object id (`module:qualname`) or module name to describe; `null` or unknown: the first class of `activeFile`. */
  readonly selected: string | null;
  /** The file shown in the editor (its module's objects are the fallback selection). */
  readonly activeFile: string;
}

/** One entry of the object tree: a module or an object, indented by `depth`. */
export interface TreeEntry {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  readonly depth: number;
  readonly file: string;
}

/** A diagnostic with its position in the file (offsets in UTF-16 code units; lines 1-based, columns 0-based). */
export interface PlaygroundDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  readonly file: string | null;
  readonly from: number;
  readonly to: number;
  readonly line: number | null;
  readonly column: number | null;
}

/** The inspect view of the selected object, as text already rendered (see `view.ts`). */
export interface ObjectView {
  readonly id: string;
  readonly kind: string;
  /** `python -m inspect --details TARGET`'s lines (without `Loader:`). */
  readonly details: string;
  readonly signature: string | null;
  readonly doc: string | null;
  readonly comments: string | null;
  readonly sourcelines: { readonly lineno: number; readonly count: number } | null;
  readonly source: string | null;
  readonly mro: readonly string[] | null;
  readonly bases: readonly string[] | null;
  readonly members: readonly { readonly name: string; readonly owner: string | null }[] | null;
  readonly predicates: readonly string[];
}

/** The worker's answer. */
export interface AnalyzeResult {
  readonly id: number;
  /** Milliseconds the worker spent: bind of the changed files, link, views, bundle. */
  readonly analysisMs: number;
  readonly tree: readonly TreeEntry[];
  readonly diagnostics: readonly PlaygroundDiagnostic[];
  readonly view: ObjectView | null;
  readonly bundle: string;
  /** Set when the analysis itself failed (a bug: the page shows it). */
  readonly error: string | null;
}
