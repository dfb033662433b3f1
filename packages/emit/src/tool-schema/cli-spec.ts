/**
 * `emit cli-spec`: for each selected function, the command-line parameters a Typer- or
 * argparse-style generator would build from its signature, as plain JSON. The types come from the
 * same annotation → JSON Schema mapping as `emit tool-schema` (so `Optional`, `Literal`, enums and
 * lists are read through the program, not from the text).
 */
import type { Bundle, BundleParameter } from "../schema.ts";
import { SchemaBuilder, type JsonSchema } from "./annotation.ts";
import { boundParameters, type ParameterDescriber } from "./arguments.ts";
import { BundleIndex } from "./bundle-index.ts";
import { defaultValue } from "./default.ts";
import type { ToolSchemaDiagnostic } from "./diagnostics.ts";
import type { JsonValue } from "./expression.ts";
import { isCallable, summaryLine } from "./tool-schema.ts";

/**
 * The value type a generator converts an argument's text to: the JSON Schema `type`/`format` of the
 * annotation (`int`, `float`, `str`, `bool`, `path` for `pathlib.Path`, `date`, `date-time`,
 * `time`, `duration`, `uuid`, …; `json` for a dict, model, dataclass or TypedDict, given as JSON text);
 * `null` when the annotation has none we know (`Any`, unannotated).
 */
export type CliValueType = string | null;

/** One command-line parameter. */
export interface CliParameter {
  /** The Python parameter name (what the generator passes the value as). */
  readonly name: string;
  /** `argument`: positional on the command line (no default, or positional-only); `option`: `--name VALUE`; `flag`: a `bool` option without value. */
  readonly kind: "argument" | "option" | "flag";
  /** For options and flags: the spellings, `--name-with-dashes` (and `--no-name` for a flag whose default is `True`, as Typer's `--x/--no-x`). */
  readonly flags: readonly string[];
  readonly type: CliValueType;
  /** How many values: `null` for one, `"*"`/`"+"` for a list (`list[X]`, `set[X]`, `tuple[X, ...]`, `*args`), a number for `tuple[X, Y]`. */
  readonly nargs: "*" | "+" | number | null;
  /** Allowed values for `Literal[…]` and enums (the members' values); `null` otherwise. */
  readonly choices: readonly JsonValue[] | null;
  readonly required: boolean;
  /** The default as a JSON value (present only when it is a JSON literal). */
  readonly default?: JsonValue;
  /** Help text from the docstring's parameter section; `null` until a description source is given. */
  readonly help: string | null;
  /** The annotation's source text, or `null` when there is none. */
  readonly annotation: string | null;
}

/** One command. */
export interface CliCommand {
  readonly id: string;
  /** The command name: the function's `__name__` with `_` as `-` (Typer's convention). */
  readonly name: string;
  /** The docstring's summary line; absent without a docstring. */
  readonly help?: string;
  readonly parameters: readonly CliParameter[];
}

/** What `emit cli-spec` writes. */
export interface CliSpecDocument {
  readonly commands: readonly CliCommand[];
  readonly diagnostics: readonly ToolSchemaDiagnostic[];
}

const dashed = (name: string) => name.replace(/_/g, "-");

function valueType(s: JsonSchema): CliValueType {
  if (typeof s.format === "string" && s.type === "string") return s.format;
  switch (s.type) {
    case "integer":
      return "int";
    case "number":
      return "float";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "object":
      return "json";
    default:
      return null;
  }
}

/**
 * Builds the CLI specs of a bundle's functions (and methods, static and class methods, classes),
 * selected by `select`. A `**kwargs` parameter has no command-line form: it is left out with an
 * `unmapped-annotation` diagnostic. Never throws on bundle content.
 */
export function buildCliSpecs(bundle: Bundle, options: { readonly select?: (id: string) => boolean; readonly describe?: ParameterDescriber } = {}): CliSpecDocument {
  const index = new BundleIndex(bundle);
  const diagnostics: ToolSchemaDiagnostic[] = [];
  const builder = new SchemaBuilder(index, (d) => diagnostics.push(d));
  const commands: CliCommand[] = [];
  for (const o of bundle.objects) {
    if (!isCallable(o) || (options.select && !options.select(o.id))) continue;
    builder.reset(o.id);
    const parameters: CliParameter[] = [];
    for (const p of boundParameters(o.kind, o.signature!.parameters)) {
      if (p.kind === "VAR_KEYWORD") {
        builder.diagnose("unmapped-annotation", p.name, `**${p.name} has no command-line form; left out`);
        continue;
      }
      parameters.push(cliParameter(builder, o.id, p, options.describe));
    }
    const help = summaryLine(o.doc);
    commands.push({ id: o.id, name: dashed(o.name), ...(help === undefined ? {} : { help }), parameters });
  }
  return { commands, diagnostics };
}

function cliParameter(builder: SchemaBuilder, id: string, p: BundleParameter, describe?: ParameterDescriber): CliParameter {
  let schema = builder.annotation(p.annotation, p.name);
  // Optional[X] is X on the command line: leaving the option out gives the default.
  if (Array.isArray(schema.anyOf)) {
    const rest = schema.anyOf.filter((s): s is JsonSchema => typeof s === "object" && s !== null && !Array.isArray(s) && s.type !== "null");
    if (rest.length === 1) schema = rest[0]!;
  }
  const resolved = resolveRef(schema, builder);
  let nargs: CliParameter["nargs"] = null;
  let element = resolved;
  if (resolved.type === "array") {
    if (Array.isArray(resolved.prefixItems) && resolved.maxItems === resolved.prefixItems.length) {
      nargs = resolved.prefixItems.length;
      const first = resolved.prefixItems[0];
      element = typeof first === "object" && first !== null && !Array.isArray(first) ? resolveRef(first, builder) : {};
    } else {
      nargs = "*";
      element = typeof resolved.items === "object" && resolved.items !== null && !Array.isArray(resolved.items) ? resolveRef(resolved.items, builder) : {};
    }
  }
  const choices = Array.isArray(element.enum) ? element.enum : "const" in element ? [element.const!] : null;
  const d = defaultValue(p.default);
  const hasDefault = d.kind !== "required";
  const positional = p.kind === "POSITIONAL_ONLY" || p.kind === "VAR_POSITIONAL" || (p.kind === "POSITIONAL_OR_KEYWORD" && !hasDefault);
  if (p.kind === "VAR_POSITIONAL") nargs = "*";
  else if (positional && nargs === "*" && !hasDefault) nargs = "+";
  const type = valueType(element);
  const isFlag = !positional && type === "bool" && nargs === null;
  const flags = positional ? [] : isFlag && d.kind === "json" && d.value === true ? [`--${dashed(p.name)}`, `--no-${dashed(p.name)}`] : [`--${dashed(p.name)}`];
  return {
    name: p.name,
    kind: positional ? "argument" : isFlag ? "flag" : "option",
    flags,
    type,
    nargs,
    choices,
    required: !hasDefault && p.kind !== "VAR_POSITIONAL",
    ...(d.kind === "json" ? { default: d.value } : {}),
    help: describe?.(id, p.name) ?? null,
    annotation: p.annotation?.text ?? null,
  };
}

/** The `$defs` entry a local `$ref` points at (enums' values are what `choices` needs). */
function resolveRef(schema: JsonSchema, builder: SchemaBuilder): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return schema;
  return builder.defs.get(ref.slice("#/$defs/".length)) ?? schema;
}
