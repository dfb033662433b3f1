/**
 * Python's `repr()` of literal values, computed from syntax (for `Parameter.__str__` defaults).
 */
import type { Expression } from "@static-inspect/parser";

/**
 * `repr(float)` for a finite or infinite double: the shortest round-tripping digits, in fixed notation
 * when the decimal exponent is in [-4, 16), else `1e+16` style (CPython `float_repr`, format code 'r').
 */
export function floatRepr(x: number, addDotZero = true): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return (Object.is(x, -0) ? "-0" : "0") + (addDotZero ? ".0" : "");
  const sign = x < 0 ? "-" : "";
  const [mant, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const exp = parseInt(expText, 10);
  const decpt = exp + 1;
  if (decpt > -4 && decpt <= 16) {
    let s: string;
    if (decpt <= 0) s = "0." + "0".repeat(-decpt) + digits;
    else if (decpt >= digits.length) s = digits + "0".repeat(decpt - digits.length) + (addDotZero ? ".0" : "");
    else s = digits.slice(0, decpt) + "." + digits.slice(decpt);
    return sign + s;
  }
  const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  const e = exp < 0 ? "-" + String(-exp).padStart(2, "0") : "+" + String(exp).padStart(2, "0");
  return sign + m + "e" + e;
}

/** Characters `str.isprintable()` rejects (other than space): categories C*, Z* but space. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)`: CPython's `unicode_repr` quoting and escaping. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f) out += ch;
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + quote;
}

/** `repr(bytes)`, the value given one character per byte. */
export function bytesRepr(b: string): string {
  const quote = b.includes("'") && !b.includes('"') ? '"' : "'";
  let out = "b" + quote;
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    const ch = b[i]!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** A literal's Python value kind and repr, for folding `-x`, tuples, … */
interface Value {
  readonly type: "int" | "float" | "complex" | "str" | "bytes" | "bool" | "None" | "Ellipsis" | "tuple" | "list" | "dict" | "set" | "frozenset";
  readonly repr: string;
  readonly int?: bigint;
  readonly float?: number;
}

/**
 * `repr()` of the value a literal expression evaluates to, or `null` when it is not a literal
 * (names are resolved by the caller through `lookupName`). Handles numbers (any base, `_`, floats,
 * complex), strings and bytes (implicit concatenation), `True`/`False`/`None`/`...`, unary `-`/`+`/`~`,
 * and tuples, lists, sets and dicts of such values. Never throws.
 */
export function literalRepr(e: Expression, lookupName?: (e: Expression) => string | null): string | null {
  const v = evaluate(e, lookupName ?? (() => null), 0);
  return v ? v.repr : null;
}

function evaluate(e: Expression, lookup: (e: Expression) => string | null, depth: number): Value | null {
  if (depth > 50) return null;
  switch (e.kind) {
    case "Constant": {
      if (e.value === null) return null;
      switch (e.type) {
        case "int": {
          const n = BigInt(e.value);
          return { type: "int", repr: n.toString(), int: n };
        }
        case "float": {
          const x = Number(e.value);
          return { type: "float", repr: floatRepr(x), float: x };
        }
        case "complex": {
          const x = Number(e.value);
          return { type: "complex", repr: floatRepr(x, false) + "j" };
        }
        case "str":
          return { type: "str", repr: strRepr(e.value) };
        case "bytes":
          return { type: "bytes", repr: bytesRepr(e.value) };
        case "bool":
          return { type: "bool", repr: e.value, int: e.value === "True" ? 1n : 0n };
        case "None":
          return { type: "None", repr: "None" };
        case "Ellipsis":
          return { type: "Ellipsis", repr: "Ellipsis" };
      }
      return null;
    }
    case "UnaryOp": {
      const v = evaluate(e.operand, lookup, depth + 1);
      if (!v) return null;
      if (e.op === "-" || e.op === "+") {
        const neg = e.op === "-";
        if (v.int !== undefined) {
          const n = neg ? -v.int : v.int;
          return { type: "int", repr: n.toString(), int: n };
        }
        if (v.float !== undefined) {
          const x = neg ? -v.float : v.float;
          return { type: "float", repr: floatRepr(x), float: x };
        }
        if (v.type === "complex" && neg) {
          // -(2j) is (-0-2j) in CPython.
          const im = v.repr.slice(0, -1);
          return { type: "complex", repr: `(-0${im.startsWith("-") ? "+" + im.slice(1) : "-" + im}j)` };
        }
        if (v.type === "complex") return v;
        return null;
      }
      if (e.op === "~" && v.int !== undefined) {
        const n = -v.int - 1n;
        return { type: "int", repr: n.toString(), int: n };
      }
      if (e.op === "not") return { type: "bool", repr: isFalsy(v) ? "True" : "False" };
      return null;
    }
    case "Tuple":
    case "List":
    case "Set": {
      const items: string[] = [];
      for (const x of e.elts) {
        const v = evaluate(x, lookup, depth + 1);
        if (!v) return null;
        items.push(v.repr);
      }
      if (e.kind === "Tuple") return { type: "tuple", repr: items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})` };
      if (e.kind === "List") return { type: "list", repr: `[${items.join(", ")}]` };
      // Set iteration order depends on hashes: only sets of one element are knowable.
      if (items.length === 1) return { type: "set", repr: `{${items[0]}}` };
      return null;
    }
    case "Dict": {
      const items: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < e.keys.length; i++) {
        const k = e.keys[i];
        if (!k) return null;
        const kv = evaluate(k, lookup, depth + 1);
        const vv = evaluate(e.values[i]!, lookup, depth + 1);
        if (!kv || !vv) return null;
        const at = seen.get(kv.repr);
        if (at !== undefined) items[at] = `${kv.repr}: ${vv.repr}`;
        else {
          seen.set(kv.repr, items.length);
          items.push(`${kv.repr}: ${vv.repr}`);
        }
      }
      return { type: "dict", repr: `{${items.join(", ")}}` };
    }
    case "Call": {
      // frozenset(), set(), tuple(), list(), dict() with no arguments.
      if (e.func.kind === "Name" && e.args.length === 0) {
        const empty: Record<string, Value> = {
          frozenset: { type: "frozenset", repr: "frozenset()" },
          set: { type: "set", repr: "set()" },
          tuple: { type: "tuple", repr: "()" },
          list: { type: "list", repr: "[]" },
          dict: { type: "dict", repr: "{}" },
          object: null as unknown as Value,
        };
        const v = empty[e.func.id];
        if (v && lookup(e.func) === `<class '${e.func.id}'>`) return v;
      }
      return null;
    }
    case "Name":
    case "Attribute": {
      const r = lookup(e);
      return r === null ? null : { type: "None", repr: r };
    }
    default:
      return null;
  }
}

function isFalsy(v: Value): boolean {
  return v.repr === "0" || v.repr === "0.0" || v.repr === "False" || v.repr === "None" || v.repr === "''" || v.repr === "()" || v.repr === "[]" || v.repr === "{}";
}
