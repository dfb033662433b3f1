/**
 * A parameter's default as a JSON value, as pydantic writes `default` in an arguments schema:
 * the value the runtime `repr` (the bundle's `rendered`) spells, when it is a JSON-representable
 * literal; an enum member's value for `<Color.RED: 'red'>`.
 */
import { literalJson, parseExpression, type JsonValue } from "./expression.ts";

/**
 * What a parameter's default contributes:
 * - `required`: there is none (the parameter is required);
 * - `json`: a default whose value is `value`;
 * - `omitted`: there is a default, but its value is no JSON literal (an object, a function, a
 *   `dataclasses.field(default_factory=…)`): pydantic leaves `default` out too;
 * - `unknown`: there is a default whose value is not statically known (`rendered` is `null`).
 */
export type DefaultValue =
  | { readonly kind: "required" }
  | { readonly kind: "json"; readonly value: JsonValue }
  | { readonly kind: "omitted" }
  | { readonly kind: "unknown" };

const ENUM_REPR = /^<[\w.]+: ([\s\S]*)>$/u;

/**
 * Reads a bundle default (`{text, rendered}` or `null`).
 *
 * Mirrors pydantic's `to_jsonable_python` for the literals `literalJson` covers, and `Enum.__repr__`
 * (`<Class.MEMBER: repr(value)>`) for enum members, whose JSON value is the member's value.
 */
export function defaultValue(d: { readonly text: string; readonly rendered: string | null } | null): DefaultValue {
  if (d === null) return { kind: "required" };
  if (d.rendered === null) return { kind: "unknown" };
  const enumMember = ENUM_REPR.exec(d.rendered);
  const expr = parseExpression(enumMember ? enumMember[1]! : d.rendered);
  const json = expr ? literalJson(expr) : null;
  return json ? { kind: "json", value: json.value } : { kind: "omitted" };
}
