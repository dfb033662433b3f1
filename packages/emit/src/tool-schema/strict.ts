/**
 * The OpenAI-strict variant of an arguments schema (`strict: true` function calling): every object
 * lists all its properties in `required` and has `additionalProperties: false`; a property that was
 * optional becomes `anyOf [schema, {type: "null"}]`; keywords strict mode does not support
 * (`default`, `uniqueItems`, lengths of strings, formats it does not know, …) are removed. Schemas
 * that cannot be expressed that way (arrays of positional arguments, tuples, open dicts, `Any`)
 * have no strict form.
 */
import type { JsonSchema } from "./annotation.ts";
import type { JsonValue } from "./expression.ts";

/** Keywords strict mode accepts, by where they may appear (OpenAI's "supported schemas" list). */
export const STRICT_KEYWORDS: ReadonlySet<string> = new Set([
  "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs", "description", "title",
  "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
]);

/** The string formats strict mode accepts. */
export const STRICT_FORMATS: ReadonlySet<string> = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);

/** Keywords dropped on the way to strict form, because strict mode does not support them and they only narrow or annotate. */
const DROPPED = new Set(["default", "uniqueItems", "minLength", "maxLength", "minProperties", "maxProperties", "examples"]);

class NotStrict extends Error {}

const isObject = (v: JsonValue | undefined): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

function convert(schema: JsonSchema, at: string): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (key === "format") {
      if (typeof value === "string" && STRICT_FORMATS.has(value)) out.format = value;
      continue;
    }
    if (!STRICT_KEYWORDS.has(key)) throw new NotStrict(`${at}/${key}: not supported in strict mode`);
    if (key === "properties" && isObject(value)) {
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      const props: JsonSchema = {};
      for (const [name, sub] of Object.entries(value)) {
        if (!isObject(sub)) throw new NotStrict(`${at}/properties/${name}: not a schema`);
        const converted = convert(sub, `${at}/properties/${name}`);
        props[name] = required.has(name) ? converted : nullable(converted);
      }
      out.properties = props;
      out.required = Object.keys(props);
    } else if (key === "required") continue;
    else if (key === "additionalProperties") {
      if (value !== false) throw new NotStrict(`${at}/additionalProperties: open-ended objects have no strict form`);
    } else if (key === "items") {
      if (!isObject(value)) throw new NotStrict(`${at}/items: not a schema`);
      out.items = convert(value, `${at}/items`);
    } else if (key === "anyOf") {
      if (!Array.isArray(value)) throw new NotStrict(`${at}/anyOf: not an array`);
      out.anyOf = value.map((v, i) => {
        if (!isObject(v)) throw new NotStrict(`${at}/anyOf/${i}: not a schema`);
        return convert(v, `${at}/anyOf/${i}`);
      });
    } else if (key === "$defs" && isObject(value)) {
      out.$defs = Object.fromEntries(Object.entries(value).map(([n, d]) => [n, convert(d as JsonSchema, `${at}/$defs/${n}`)]));
    } else out[key] = value;
  }
  if (out.type === "object") {
    out.additionalProperties = false;
    if (!out.properties) {
      out.properties = {};
      out.required = [];
    }
  }
  if (!["type", "anyOf", "$ref", "enum", "const"].some((k) => k in out) && !("$defs" in out)) {
    // {} (or only a default or description): a schema that accepts anything.
    throw new NotStrict(`${at || "/"}: a schema that accepts anything ({}) has no strict form`);
  }
  if (out.type === "array" && !out.items) throw new NotStrict(`${at}: an array without items has no strict form`);
  return out;
}

/** `schema` or null: `anyOf [schema, {type: "null"}]`, or `schema` itself when it already admits null. */
function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === "null") return schema;
  if (Array.isArray(schema.anyOf)) {
    if (schema.anyOf.some((s) => isObject(s) && s.type === "null")) return schema;
    return { ...schema, anyOf: [...schema.anyOf, { type: "null" }] };
  }
  const { description, ...rest } = schema;
  const wrapped: JsonSchema = { anyOf: [rest, { type: "null" }] };
  if (description !== undefined) wrapped.description = description;
  return wrapped;
}

/**
 * The strict variant of an arguments schema.
 *
 * @returns `{schema}`, or `{reason}` naming the JSON Pointer of the first part that has no strict
 *   form (the root is not an object of keyword arguments, `{}`, `additionalProperties` other than
 *   `false`, `prefixItems`, `propertyNames`, …).
 */
export function strictSchema(schema: JsonSchema): { readonly schema: JsonSchema } | { readonly reason: string } {
  if (schema.type !== "object") return { reason: "/: the arguments schema is an array of positional arguments, strict mode needs an object" };
  try {
    return { schema: convert(schema, "") };
  } catch (error) {
    if (error instanceof NotStrict) return { reason: error.message };
    throw error;
  }
}
