/** Options of {@link parse} and {@link parseBytes}. */
export interface ParseOptions {
  /** The file's path, copied into diagnostics. Default `"<string>"` (see {@link PARSE_DEFAULTS}). */
  readonly path?: string;
  /**
   * The Python version whose grammar the module is checked against, written `"3.N"`: syntax newer
   * than it (PEP 695 type parameters, PEP 701 f-strings before 3.12, …) is a `syntax-error`, as
   * that version's `compile()` reports it. Default `"3.11"` (see {@link PARSE_DEFAULTS}).
   */
  readonly target?: string;
  /** Also list the calls whose callee is a module global, function bodies included (`syntax.calls`). Default `false`. */
  readonly calls?: boolean;
}

/** Defaults of {@link ParseOptions}. */
export const PARSE_DEFAULTS = {
  path: "<string>",
  target: "3.11",
  /** Expressions and blocks nested deeper than this are kept as text only (`nesting-too-deep`). */
  maxDepth: 200,
  /** At most this many `syntax-error` diagnostics per file; the rest are counted in one more. */
  maxSyntaxErrors: 50,
  /** Brackets nested deeper than this are a syntax error, as in CPython's tokenizer (`MAXLEVEL`). */
  maxNesting: 200,
} as const;
