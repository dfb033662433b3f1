/**
 * What the tool-schema and cli-spec emitters report about what they could not map statically.
 */

/**
 * The codes of {@link ToolSchemaDiagnostic}:
 * - `unmapped-annotation`: the annotation (or a part of it) has no JSON Schema we can know without
 *   running the code (an arbitrary class, a metadata object of unknown effect, syntax outside the
 *   annotation subset); its schema is `{}`;
 * - `unresolved-name`: a name in the annotation did not resolve to an object (its schema is `{}`);
 * - `unknown-default`: the default's value is not statically known, so `default` is left out;
 * - `not-schemable`: pydantic's arguments schema cannot describe the parameter kinds (positional-only
 *   or `*args` together with keyword-only or `**kwargs`); no schema is emitted for the callable;
 * - `not-strict`: the callable has no OpenAI-strict form (its arguments schema is an array, or a
 *   `$defs` entry or `**kwargs` is open-ended); no strict schema is emitted for it.
 */
export type ToolSchemaDiagnosticCode = "unmapped-annotation" | "unresolved-name" | "unknown-default" | "not-schemable" | "not-strict";

/** One problem found while emitting, attached to the callable (object id) and parameter it is about. */
export interface ToolSchemaDiagnostic {
  readonly code: ToolSchemaDiagnosticCode;
  /** The callable's object id (`module:qualname`). */
  readonly id: string;
  /** The parameter's name, or the `$defs` field as `Class.field`; `null` for the whole callable. */
  readonly parameter: string | null;
  /** Human-readable text naming the annotation or default as written; not stable across versions. */
  readonly message: string;
}

/**
 * Thrown inside the mapping when a part of an annotation has no statically known schema; caught
 * where the annotation is mapped and turned into `{}` plus a {@link ToolSchemaDiagnostic}.
 */
export class Unmappable extends Error {
  override readonly name = "Unmappable";
  constructor(
    readonly code: ToolSchemaDiagnosticCode,
    message: string,
  ) {
    super(message);
  }
}
