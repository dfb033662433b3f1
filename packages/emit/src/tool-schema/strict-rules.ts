/**
 * A validator of the rules OpenAI's strict function calling puts on a parameters schema, written
 * independently of {@link strictSchema} so that it checks what that function produces.
 */
import type { JsonValue } from "./expression.ts";
import { STRICT_FORMATS, STRICT_KEYWORDS } from "./strict.ts";

/** Limits of strict mode: nesting depth of objects and the total count of properties. */
export const STRICT_LIMITS = { maxDepth: 10, maxProperties: 5000, maxEnumValues: 1000 } as const;

const isObject = (v: JsonValue | undefined): v is { [k: string]: JsonValue } => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks `schema` against the strict rules: the root is `type: "object"` (not `anyOf`); every
 * subschema uses only {@link STRICT_KEYWORDS} and says what it is (`type`, `anyOf`, `$ref`, `enum`
 * or `const`); every object has `additionalProperties: false` and lists all its properties in
 * `required`; arrays have `items`; `format` is one strict mode knows; `$ref` points into `$defs` or at
 * `#`; limits of {@link STRICT_LIMITS}.
 *
 * @returns One message per violation, each starting with the JSON Pointer of the subschema; empty when the schema is strict.
 */
export function checkStrictRules(schema: JsonValue): string[] {
  const errors: string[] = [];
  if (!isObject(schema)) return ["/: not an object"];
  if (schema.type !== "object") errors.push("/: the root must be type object");
  if ("anyOf" in schema) errors.push("/: the root must not be anyOf");
  const defs = isObject(schema.$defs) ? schema.$defs : {};
  let properties = 0;
  const visit = (node: JsonValue, at: string, depth: number) => {
    if (!isObject(node)) return void errors.push(`${at}: not a schema object`);
    for (const key of Object.keys(node)) if (!STRICT_KEYWORDS.has(key)) errors.push(`${at}: keyword ${key} is not supported`);
    if (!["type", "anyOf", "$ref", "enum", "const"].some((k) => k in node)) errors.push(`${at}: says nothing about its type`);
    if (typeof node.format === "string" && !STRICT_FORMATS.has(node.format)) errors.push(`${at}: format ${node.format} is not supported`);
    if (Array.isArray(node.enum) && node.enum.length > STRICT_LIMITS.maxEnumValues) errors.push(`${at}: more than ${STRICT_LIMITS.maxEnumValues} enum values`);
    if (typeof node.$ref === "string") {
      const m = /^#\/\$defs\/(.+)$/.exec(node.$ref);
      if (node.$ref !== "#" && !(m && m[1]! in defs)) errors.push(`${at}: $ref ${node.$ref} does not point into $defs`);
    }
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes("object") || "properties" in node) {
      if (depth > STRICT_LIMITS.maxDepth) errors.push(`${at}: objects nested deeper than ${STRICT_LIMITS.maxDepth}`);
      if (node.additionalProperties !== false) errors.push(`${at}: additionalProperties must be false`);
      const props = isObject(node.properties) ? Object.keys(node.properties) : [];
      const required = Array.isArray(node.required) ? node.required : [];
      const missing = props.filter((p) => !required.includes(p));
      if (missing.length > 0) errors.push(`${at}: properties not required: ${missing.join(", ")}`);
      if (!isObject(node.properties)) errors.push(`${at}: an object without properties`);
      properties += props.length;
      for (const p of props) visit((node.properties as { [k: string]: JsonValue })[p]!, `${at}/properties/${p}`, depth + 1);
    }
    if (types.includes("array")) {
      if (!("items" in node)) errors.push(`${at}: an array without items`);
      else visit(node.items!, `${at}/items`, depth);
    }
    if (Array.isArray(node.anyOf)) node.anyOf.forEach((s, i) => visit(s, `${at}/anyOf/${i}`, depth));
  };
  visit(schema, "", 1);
  for (const [name, def] of Object.entries(defs)) visit(def, `/$defs/${name}`, 1);
  if (properties > STRICT_LIMITS.maxProperties) errors.push(`/: more than ${STRICT_LIMITS.maxProperties} properties in all`);
  return errors;
}
