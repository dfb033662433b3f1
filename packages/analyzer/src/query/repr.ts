/**
 * Python's `repr()` of literal values, computed from syntax (for `Parameter.__str__` defaults).
 */
import type { SummaryExpression } from "../model/expressions.ts";

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

/**
 * A statically evaluated Python value: its type, `repr()`, and enough structure to keep computing
 * (`int` as BigInt, `float` as a double, `str`/`bytes` text, tuple/list items).
 */
export interface Value {
  readonly type: "int" | "float" | "complex" | "str" | "bytes" | "bool" | "None" | "Ellipsis" | "tuple" | "list" | "dict" | "set" | "frozenset" | "object";
  readonly repr: string;
  readonly int?: bigint;
  readonly float?: number;
  readonly text?: string;
  readonly items?: readonly Value[];
  /** Known only as far as truthiness goes (a module): its `repr` is not to be shown. */
  readonly opaque?: boolean;
}

/** Resolves names, attributes and calls the evaluator cannot: returns their value, or `null`. */
export type ValueLookup = (e: SummaryExpression) => Value | null;

const noLookup: ValueLookup = () => null;

/**
 * `repr()` of the value an expression evaluates to, or `null` when it is not statically knowable.
 * See {@link evaluate}. Never throws.
 */
export function literalRepr(e: SummaryExpression, lookup: ValueLookup = noLookup): string | null {
  const v = evaluate(e, lookup);
  return v && !v.opaque ? v.repr : null;
}

const intValue = (n: bigint): Value => ({ type: "int", repr: n.toString(), int: n });
const floatValue = (x: number): Value => ({ type: "float", repr: floatRepr(x), float: x });
const strValue = (t: string): Value => ({ type: "str", repr: strRepr(t), text: t });
const bytesValue = (t: string): Value => ({ type: "bytes", repr: bytesRepr(t), text: t });
function seqValue(type: "tuple" | "list", items: readonly Value[]): Value {
  const inner = items.map((v) => v.repr);
  const repr = type === "tuple" ? (items.length === 1 ? `(${inner[0]},)` : `(${inner.join(", ")})`) : `[${inner.join(", ")}]`;
  return items.some((v) => v.opaque) ? { type, repr, items, opaque: true } : { type, repr, items };
}

/**
 * Evaluates what CPython would compute for an expression without running anything: literals of every
 * kind (numbers in any base, strings and bytes with implicit concatenation, `True`/`False`/`None`/`...`),
 * tuples, lists, one-element sets and dicts of values, `*x` unpacking in displays, unary `-`/`+`/`~`/`not`,
 * and arithmetic on ints (exact), floats, strings, bytes, tuples and lists. Names, attributes and calls go
 * to `lookup`. Returns `null` for anything else. Never throws.
 */
export function evaluate(e: SummaryExpression, lookup: ValueLookup = noLookup, depth = 0): Value | null {
  if (depth > 50) return null;
  const d = depth + 1;
  switch (e.kind) {
    case "Constant": {
      if (e.value === null) return null;
      switch (e.type) {
        case "int":
          return intValue(BigInt(e.value));
        case "float":
          return floatValue(Number(e.value));
        case "complex":
          return { type: "complex", repr: floatRepr(Number(e.value), false) + "j" };
        case "str":
          return strValue(e.value);
        case "bytes":
          return bytesValue(e.value);
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
      const v = evaluate(e.operand, lookup, d);
      if (!v) return null;
      if (e.op === "not") return { type: "bool", repr: truthy(v) === null ? "?" : truthy(v) ? "False" : "True" };
      if (v.int !== undefined) {
        if (e.op === "-") return intValue(-v.int);
        if (e.op === "+") return intValue(v.int);
        if (e.op === "~") return intValue(-v.int - 1n);
      }
      if (v.float !== undefined && e.op !== "~") return floatValue(e.op === "-" ? -v.float : v.float);
      if (v.type === "complex") {
        if (e.op === "+") return v;
        if (e.op === "-") {
          // -(2j) is (-0-2j) in CPython.
          const im = v.repr.slice(0, -1);
          return { type: "complex", repr: `(-0${im.startsWith("-") ? "+" + im.slice(1) : "-" + im}j)` };
        }
      }
      return null;
    }
    case "BinOp": {
      const l = evaluate(e.left, lookup, d);
      const r = l ? evaluate(e.right, lookup, d) : null;
      return l && r ? binop(e.op, l, r) : null;
    }
    case "Tuple":
    case "List":
    case "Set": {
      const items: Value[] = [];
      for (const x of e.elts) {
        if (x.kind === "Starred") {
          const v = evaluate(x.value, lookup, d);
          if (!v?.items) return null;
          items.push(...v.items);
          continue;
        }
        const v = evaluate(x, lookup, d);
        if (!v) return null;
        items.push(v);
      }
      if (e.kind === "Tuple") return seqValue("tuple", items);
      if (e.kind === "List") return seqValue("list", items);
      // Set iteration order depends on hashes: only sets of one element are knowable.
      if (items.length === 1) return { type: "set", repr: `{${items[0]!.repr}}` };
      return null;
    }
    case "Dict": {
      const entries: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < e.keys.length; i++) {
        const k = e.keys[i];
        if (!k) return null;
        const kv = evaluate(k, lookup, d);
        const vv = evaluate(e.values[i]!, lookup, d);
        if (!kv || !vv || kv.opaque || vv.opaque) return null;
        const key = kv.type === "bool" || kv.type === "float" ? null : kv.repr;
        if (key === null) return null; // True == 1 == 1.0 collide as keys: leave to the interpreter
        const at = seen.get(key);
        if (at !== undefined) entries[at] = `${kv.repr}: ${vv.repr}`;
        else {
          seen.set(key, entries.length);
          entries.push(`${kv.repr}: ${vv.repr}`);
        }
      }
      return { type: "dict", repr: `{${entries.join(", ")}}` };
    }
    case "IfExp": {
      const t = evaluate(e.test, lookup, d);
      const which = t ? truthy(t) : null;
      return which === null ? null : evaluate(which ? e.body : e.orelse, lookup, d);
    }
    case "Name":
    case "Attribute":
    case "Call":
    case "Subscript":
      return lookup(e);
    default:
      return null;
  }
}

/** Python truthiness of a value, `null` when not decidable from what we keep. */
export function truthy(v: Value): boolean | null {
  if (v.int !== undefined) return v.int !== 0n;
  if (v.float !== undefined) return v.float !== 0;
  if (v.text !== undefined) return v.text.length > 0;
  if (v.items !== undefined) return v.items.length > 0;
  if (v.type === "None") return false;
  if (v.type === "Ellipsis") return true;
  if (v.type === "dict") return v.repr !== "{}";
  if (v.opaque) return true;
  return null;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function binop(op: string, l: Value, r: Value): Value | null {
  const li = l.type === "int" || l.type === "bool" ? l.int : undefined;
  const ri = r.type === "int" || r.type === "bool" ? r.int : undefined;
  if (li !== undefined && ri !== undefined) {
    switch (op) {
      case "+": return intValue(li + ri);
      case "-": return intValue(li - ri);
      case "*": return intValue(li * ri);
      case "//": return ri === 0n ? null : intValue(floorDiv(li, ri));
      case "%": return ri === 0n ? null : intValue(li - floorDiv(li, ri) * ri);
      case "**": return ri < 0n || ri > 4096n ? null : intValue(li ** ri);
      case "<<": return ri < 0n || ri > 4096n ? null : intValue(li << ri);
      case ">>": return ri < 0n ? null : intValue(li >> ri);
      case "|": return intValue(li | ri);
      case "&": return intValue(li & ri);
      case "^": return intValue(li ^ ri);
      case "/": return ri === 0n ? null : floatValue(Number(li) / Number(ri));
    }
    return null;
  }
  const lf = l.float ?? (li !== undefined ? Number(li) : undefined);
  const rf = r.float ?? (ri !== undefined ? Number(ri) : undefined);
  if (lf !== undefined && rf !== undefined && (l.type === "float" || r.type === "float")) {
    switch (op) {
      case "+": return floatValue(lf + rf);
      case "-": return floatValue(lf - rf);
      case "*": return floatValue(lf * rf);
      case "/": return rf === 0 ? null : floatValue(lf / rf);
    }
    return null;
  }
  if (op === "+" && l.type === r.type) {
    if (l.type === "str") return strValue(l.text! + r.text!);
    if (l.type === "bytes") return bytesValue(l.text! + r.text!);
    if ((l.type === "tuple" || l.type === "list") && l.items && r.items) return seqValue(l.type, [...l.items, ...r.items]);
  }
  if (op === "*") {
    const [seq, n] = li !== undefined ? [r, li] : ri !== undefined ? [l, ri] : [null, 0n];
    if (seq && n <= 10000n) {
      const times = Number(n < 0n ? 0n : n);
      if (seq.type === "str") return strValue(seq.text!.repeat(times));
      if (seq.type === "bytes") return bytesValue(seq.text!.repeat(times));
      if ((seq.type === "tuple" || seq.type === "list") && seq.items) return seqValue(seq.type, Array.from({ length: times }, () => seq.items!).flat());
    }
  }
  if (op === "%" && l.type === "str") return null;
  return null;
}
