/**
 * `emit tool-schema`: for each selected callable of a bundle (functions, methods, static and class
 * methods, and classes as their constructors), the JSON Schema (2020-12) of its arguments as
 * pydantic v2 builds it, with the callable's name, id and docstring summary.
 */
import type { Bundle, BundleObject } from "../schema.ts";
import { SchemaBuilder, type JsonSchema } from "./annotation.ts";
import { docstringDescriber } from "./describe.ts";
import { argumentsSchema, boundParameters, type ParameterDescriber } from "./arguments.ts";
import { BundleIndex } from "./bundle-index.ts";
import type { ToolSchemaDiagnostic } from "./diagnostics.ts";
import { strictSchema } from "./strict.ts";

/** One callable's tool schema. */
export interface ToolSchema {
  /** The object id, `module:qualname`. */
  readonly id: string;
  /** `__name__`. */
  readonly name: string;
  /** The bundle object's kind: `function`, `method`, `staticmethod`, `classmethod`, or `class` (its constructor). */
  readonly kind: string;
  /** The first line of `inspect.getdoc`; absent when there is no docstring. */
  readonly description?: string;
  /** The arguments schema (JSON Schema 2020-12, `$defs` at its root); in strict mode its strict variant. */
  readonly parameters: JsonSchema;
}

/** What `emit tool-schema` writes: the schemas, in bundle (id) order, and what could not be mapped. */
export interface ToolSchemaDocument {
  /** Whether `parameters` are the OpenAI-strict variants. */
  readonly strict: boolean;
  readonly tools: readonly ToolSchema[];
  readonly diagnostics: readonly ToolSchemaDiagnostic[];
}

/** Options of {@link buildToolSchemas}. */
export interface ToolSchemaOptions {
  /** Which object ids to emit (default: every callable). */
  readonly select?: (id: string) => boolean;
  /** Emit the OpenAI-strict variant; callables without one are left out with a `not-strict` diagnostic. */
  readonly strict?: boolean;
  /** Where parameter descriptions come from; default: the bundle's parsed docstrings ({@link docstringDescriber}). */
  readonly describe?: ParameterDescriber;
}

const CALLABLE_KINDS = new Set(["function", "method", "staticmethod", "classmethod", "class"]);

/** Whether the object is one `emit tool-schema` and `emit cli-spec` describe: a routine or class with a known signature. */
export function isCallable(o: BundleObject): boolean {
  return CALLABLE_KINDS.has(o.kind) && o.signature !== null;
}

/** The summary line of a docstring: its first non-blank line. */
export function summaryLine(doc: string | null): string | undefined {
  const line = doc?.split("\n").find((l) => l.trim() !== "");
  return line === undefined ? undefined : line.trim();
}

/**
 * Builds the tool schemas of a bundle's callables.
 *
 * Never throws on bundle content: what cannot be mapped is `{}` with a diagnostic, and a callable
 * pydantic has no arguments schema for (or, in strict mode, no strict variant) is left out with a
 * diagnostic. `self`/`cls` are not arguments: methods' first parameter is dropped; classes use the
 * class signature (`inspect.signature(cls)`), classmethods are already bound in the bundle.
 */
export function buildToolSchemas(bundle: Bundle, options: ToolSchemaOptions = {}): ToolSchemaDocument {
  const index = new BundleIndex(bundle);
  const diagnostics: ToolSchemaDiagnostic[] = [];
  const builder = new SchemaBuilder(index, (d) => diagnostics.push(d));
  const tools: ToolSchema[] = [];
  const describe = options.describe ?? docstringDescriber(bundle);
  for (const o of bundle.objects) {
    if (!isCallable(o) || (options.select && !options.select(o.id))) continue;
    builder.reset(o.id);
    let parameters = argumentsSchema(builder, o.id, boundParameters(o.kind, o.signature!.parameters), describe);
    if (parameters === null) continue;
    if (options.strict) {
      const strict = strictSchema(parameters);
      if ("reason" in strict) {
        diagnostics.push({ code: "not-strict", id: o.id, parameter: null, message: strict.reason });
        continue;
      }
      parameters = strict.schema;
    }
    const description = summaryLine(o.doc);
    tools.push({ id: o.id, name: o.name, kind: o.kind, ...(description === undefined ? {} : { description }), parameters });
  }
  return { strict: Boolean(options.strict), tools, diagnostics };
}
