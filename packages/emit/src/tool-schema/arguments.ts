/**
 * A callable's parameters → the JSON Schema of its arguments, as pydantic v2's arguments schema
 * (`TypeAdapter(func).json_schema()`) builds it: an object of keyword arguments when no parameter is
 * positional-only and there is no `*args`; otherwise an array of positional arguments when there is
 * no keyword-only parameter and no `**kwargs`; otherwise no schema (pydantic raises
 * `PydanticInvalidForJsonSchema`).
 */
import type { BundleParameter } from "../schema.ts";
import type { JsonSchema, SchemaBuilder } from "./annotation.ts";
import { defaultValue } from "./default.ts";

/**
 * Where parameter descriptions come from: given the callable's id and a parameter name, the
 * description text, or `undefined` for none. The docstring sections of issue 14 plug in here; until
 * then no source is given and properties carry no `description` (unless `Field(description=…)`).
 */
export type ParameterDescriber = (callableId: string, parameter: string) => string | undefined;

/** The parameters a bound call passes: `self`/`cls` (the first positional parameter) dropped for methods. */
export function boundParameters(kind: string, parameters: readonly BundleParameter[]): readonly BundleParameter[] {
  const first = parameters[0];
  if (kind === "method" && first && (first.kind === "POSITIONAL_ONLY" || first.kind === "POSITIONAL_OR_KEYWORD")) return parameters.slice(1);
  return parameters;
}

/** One argument's schema: its annotation's, with `default` (when a JSON literal) and a description. */
function argumentSchema(builder: SchemaBuilder, callableId: string, p: BundleParameter, describe: ParameterDescriber | undefined): { schema: JsonSchema; required: boolean } {
  const schema = builder.annotation(p.annotation, p.name);
  const d = defaultValue(p.default);
  if (d.kind === "json") schema.default = d.value;
  else if (d.kind === "unknown") builder.diagnose("unknown-default", p.name, `default ${JSON.stringify(p.default?.text)} is not statically known; "default" left out`);
  const description = describe?.(callableId, p.name);
  if (description !== undefined && schema.description === undefined) schema.description = description;
  return { schema, required: d.kind === "required" };
}

/**
 * The keyword form: `{type: "object", properties, required?, additionalProperties}` where
 * `additionalProperties` is `false` without `**kwargs`, the `**kwargs` annotation's schema with it,
 * and absent for an unannotated `**kwargs` (pydantic drops an empty schema there).
 */
function keywordSchema(builder: SchemaBuilder, id: string, named: readonly BundleParameter[], varKeyword: BundleParameter | undefined, describe?: ParameterDescriber): JsonSchema {
  const properties: JsonSchema = {};
  const required: string[] = [];
  for (const p of named) {
    const arg = argumentSchema(builder, id, p, describe);
    properties[p.name] = arg.schema;
    if (arg.required) required.push(p.name);
  }
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  if (varKeyword) {
    const extra = builder.annotation(varKeyword.annotation, varKeyword.name);
    if (Object.keys(extra).length > 0) schema.additionalProperties = extra;
  } else schema.additionalProperties = false;
  return schema;
}

/**
 * The positional form: `{type: "array", prefixItems?, minItems?, items | maxItems}`: `items` is the
 * `*args` annotation's schema (absent when empty), `maxItems` the count when there is no `*args`.
 * Also what pydantic gives a `NamedTuple`.
 */
export function positionalSchema(builder: SchemaBuilder, id: string, positional: readonly BundleParameter[], varPositional: BundleParameter | undefined, describe?: ParameterDescriber): JsonSchema {
  const prefixItems: JsonSchema[] = [];
  let minItems = 0;
  for (const p of positional) {
    const arg = argumentSchema(builder, id, p, describe);
    prefixItems.push(arg.schema);
    if (arg.required) minItems++;
  }
  const schema: JsonSchema = { type: "array" };
  if (prefixItems.length > 0) schema.prefixItems = prefixItems;
  if (minItems > 0) schema.minItems = minItems;
  if (varPositional) {
    const items = builder.annotation(varPositional.annotation, varPositional.name);
    if (Object.keys(items).length > 0) schema.items = items;
  } else schema.maxItems = prefixItems.length;
  return schema;
}

/**
 * The arguments schema of a callable with these (bound) parameters, with the `$defs` its
 * annotations need at its root; `null` (and a `not-schemable` diagnostic) when pydantic's rules
 * admit neither form.
 *
 * @param builder Must have been `reset` to `id`.
 */
export function argumentsSchema(builder: SchemaBuilder, id: string, parameters: readonly BundleParameter[], describe?: ParameterDescriber): JsonSchema | null {
  const of = (kind: BundleParameter["kind"]) => parameters.filter((p) => p.kind === kind);
  const positionalOnly = of("POSITIONAL_ONLY");
  const either = of("POSITIONAL_OR_KEYWORD");
  const keywordOnly = of("KEYWORD_ONLY");
  const varPositional = of("VAR_POSITIONAL")[0];
  const varKeyword = of("VAR_KEYWORD")[0];
  let schema: JsonSchema;
  if (positionalOnly.length === 0 && !varPositional) schema = keywordSchema(builder, id, [...either, ...keywordOnly], varKeyword, describe);
  else if (keywordOnly.length === 0 && !varKeyword) schema = positionalSchema(builder, id, [...positionalOnly, ...either], varPositional, describe);
  else {
    builder.diagnose("not-schemable", null, "positional-only parameters or *args together with keyword-only parameters or **kwargs: pydantic's arguments schema has no JSON Schema for that");
    return null;
  }
  if (builder.defs.size > 0) schema.$defs = Object.fromEntries([...builder.defs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return schema;
}
