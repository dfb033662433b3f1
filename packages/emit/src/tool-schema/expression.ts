/**
 * A small parser of the Python expressions that annotations, defaults' reprs and enum member values
 * are written in: names, attribute chains, subscripts, calls, `|`, unary `-`/`+`, tuples, lists,
 * dicts, sets and constants. Anything else (lambdas, comparisons, `*` unpacking, walrus, …) makes
 * the whole parse fail with `null`: callers then treat the expression as not statically mappable.
 */
import { evaluateStringLiteral } from "@static-inspect/parser";

/** A constant as Python's `ast.Constant` holds it; `int` keeps its digits exactly as a bigint. */
export type PyConstant =
  | { readonly type: "str"; readonly value: string }
  | { readonly type: "bytes"; readonly value: string }
  | { readonly type: "int"; readonly value: bigint }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "complex" }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "None" }
  | { readonly type: "Ellipsis" };

/** A parsed expression, shaped like the corresponding nodes of Python's `ast` module. */
export type PyExpr =
  | { readonly kind: "Name"; readonly id: string }
  | { readonly kind: "Attribute"; readonly value: PyExpr; readonly attr: string }
  | { readonly kind: "Subscript"; readonly value: PyExpr; readonly slice: PyExpr }
  | { readonly kind: "Call"; readonly func: PyExpr; readonly args: readonly PyExpr[]; readonly keywords: readonly { readonly arg: string; readonly value: PyExpr }[] }
  | { readonly kind: "BinOp"; readonly op: "|"; readonly left: PyExpr; readonly right: PyExpr }
  | { readonly kind: "UnaryOp"; readonly op: "-" | "+"; readonly operand: PyExpr }
  | { readonly kind: "Tuple" | "List" | "Set"; readonly elts: readonly PyExpr[] }
  | { readonly kind: "Dict"; readonly keys: readonly PyExpr[]; readonly values: readonly PyExpr[] }
  | { readonly kind: "Constant"; readonly value: PyConstant };

type Token = { readonly t: "name" | "num" | "str" | "op"; readonly v: string };

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER = /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.)[jJ]?/y;
const STRING = /(?:[rRbBuUfF]{0,2})(?:'''[\s\S]*?(?<!\\)(?:\\\\)*'''|"""[\s\S]*?(?<!\\)(?:\\\\)*"""|'(?:[^'\\\n]|\\[\s\S])*'|"(?:[^"\\\n]|\\[\s\S])*")/y;
const OPS = ["...", "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "-", "+", "="];

function tokenize(text: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    if (c === "\\" && (text[i + 1] === "\n" || text[i + 1] === "\r")) {
      i += 2;
      continue;
    }
    STRING.lastIndex = i;
    const s = STRING.exec(text);
    if (s && (/^[rRbBuUfF]{0,2}['"]/.test(s[0]))) {
      out.push({ t: "str", v: s[0] });
      i += s[0].length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      NUMBER.lastIndex = i;
      const n = NUMBER.exec(text);
      if (!n || n[0].length === 0) return null;
      out.push({ t: "num", v: n[0] });
      i += n[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (m) {
      out.push({ t: "name", v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) return null;
    out.push({ t: "op", v: op });
    i += op.length;
  }
  return out;
}

class Failure extends Error {}

/** Brackets, subscripts, calls and unary operators nest at most this deep (deeper input is refused, not a stack overflow). */
const MAX_DEPTH = 200;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: readonly Token[]) {}

  private peek(v?: string): Token | undefined {
    const t = this.toks[this.i];
    return v === undefined || (t && t.t === "op" && t.v === v) ? t : undefined;
  }
  private eat(v: string): boolean {
    if (this.peek(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(v: string): void {
    if (!this.eat(v)) throw new Failure();
  }
  done(): boolean {
    return this.i === this.toks.length;
  }

  /** A comma list at the top (what `x: a, b` would be is a tuple, as in a subscript). */
  exprList(close: string | null): PyExpr {
    const first = this.expr();
    if (!this.peek(",")) return first;
    const elts = [first];
    while (this.eat(",")) {
      if (close === null ? this.done() : this.peek(close)) break;
      elts.push(this.expr());
    }
    return { kind: "Tuple", elts };
  }

  expr(): PyExpr {
    if (++this.depth > MAX_DEPTH) throw new Failure();
    let left = this.unary();
    while (this.eat("|")) left = { kind: "BinOp", op: "|", left, right: this.unary() };
    this.depth--;
    return left;
  }

  private unary(): PyExpr {
    let sign: "-" | "+" | null = this.eat("-") ? "-" : this.eat("+") ? "+" : null;
    if (sign === null) return this.primary();
    const ops: ("-" | "+")[] = [];
    while (sign !== null) {
      ops.push(sign);
      if (ops.length > MAX_DEPTH) throw new Failure();
      sign = this.eat("-") ? "-" : this.eat("+") ? "+" : null;
    }
    let e = this.primary();
    for (const op of ops.reverse()) e = { kind: "UnaryOp", op, operand: e };
    return e;
  }

  private primary(): PyExpr {
    let e = this.atom();
    for (;;) {
      if (this.eat(".")) {
        const t = this.toks[this.i++];
        if (!t || t.t !== "name") throw new Failure();
        e = { kind: "Attribute", value: e, attr: t.v };
      } else if (this.eat("[")) {
        const slice = this.exprList("]");
        this.expect("]");
        e = { kind: "Subscript", value: e, slice };
      } else if (this.eat("(")) {
        const args: PyExpr[] = [];
        const keywords: { arg: string; value: PyExpr }[] = [];
        while (!this.peek(")")) {
          const t = this.toks[this.i];
          if (t?.t === "name" && this.toks[this.i + 1]?.t === "op" && this.toks[this.i + 1]?.v === "=") {
            this.i += 2;
            keywords.push({ arg: t.v, value: this.expr() });
          } else if (keywords.length > 0) throw new Failure();
          else args.push(this.expr());
          if (!this.eat(",")) break;
        }
        this.expect(")");
        e = { kind: "Call", func: e, args, keywords };
      } else return e;
    }
  }

  private atom(): PyExpr {
    const t = this.toks[this.i++];
    if (!t) throw new Failure();
    if (t.t === "name") {
      if (t.v === "None") return { kind: "Constant", value: { type: "None" } };
      if (t.v === "True" || t.v === "False") return { kind: "Constant", value: { type: "bool", value: t.v === "True" } };
      return { kind: "Name", id: t.v };
    }
    if (t.t === "num") return { kind: "Constant", value: numberConstant(t.v) };
    if (t.t === "str") {
      // Adjacent literals concatenate, as the compiler does; str and bytes may not mix.
      let value = evaluateStringLiteral(t.v);
      while (this.toks[this.i]?.t === "str") {
        const next = evaluateStringLiteral(this.toks[this.i++]!.v);
        if (next.type !== value.type || value.value === null || next.value === null) throw new Failure();
        value = { type: value.type, value: value.value + next.value };
      }
      if (value.type === "fstring" || value.value === null) throw new Failure();
      return { kind: "Constant", value: { type: value.type, value: value.value } };
    }
    switch (t.v) {
      case "...":
        return { kind: "Constant", value: { type: "Ellipsis" } };
      case "(": {
        if (this.eat(")")) return { kind: "Tuple", elts: [] };
        const e = this.exprList(")");
        this.expect(")");
        return e;
      }
      case "[": {
        const elts: PyExpr[] = [];
        while (!this.peek("]")) {
          elts.push(this.expr());
          if (!this.eat(",")) break;
        }
        this.expect("]");
        return { kind: "List", elts };
      }
      case "{": {
        if (this.eat("}")) return { kind: "Dict", keys: [], values: [] };
        const first = this.expr();
        if (this.eat(":")) {
          const keys = [first];
          const values = [this.expr()];
          while (this.eat(",") && !this.peek("}")) {
            keys.push(this.expr());
            this.expect(":");
            values.push(this.expr());
          }
          this.expect("}");
          return { kind: "Dict", keys, values };
        }
        const elts = [first];
        while (this.eat(",") && !this.peek("}")) elts.push(this.expr());
        this.expect("}");
        return { kind: "Set", elts };
      }
      default:
        throw new Failure();
    }
  }
}

function numberConstant(text: string): PyConstant {
  const digits = text.replace(/_/g, "");
  if (/[jJ]$/.test(digits)) return { type: "complex" };
  if (/^0[xXoObB]/.test(digits)) return { type: "int", value: BigInt(digits.toLowerCase()) };
  if (/^\d+$/.test(digits)) return { type: "int", value: BigInt(digits) };
  return { type: "float", value: Number(digits) };
}

/**
 * Parses `text` as one Python expression of the subset described in this module's header; nesting
 * deeper than 200 levels is refused.
 *
 * @param text The expression's source text (newlines allowed, as inside brackets).
 * @returns The tree, or `null` when the text is not an expression of that subset (never throws).
 */
export function parseExpression(text: string): PyExpr | null {
  const toks = tokenize(text);
  if (!toks || toks.length === 0) return null;
  try {
    const p = new Parser(toks);
    const e = p.exprList(null);
    return p.done() ? e : null;
  } catch (error) {
    if (error instanceof Failure) return null;
    throw error;
  }
}

/**
 * The dotted name an expression spells (`typing.Optional` for `typing.Optional`), or `null` when it
 * is not a chain of names: it is how an annotation's names are looked up in its `refs`.
 */
export function dottedName(e: PyExpr): string | null {
  if (e.kind === "Name") return e.id;
  if (e.kind === "Attribute") {
    const base = dottedName(e.value);
    return base === null ? null : `${base}.${e.attr}`;
  }
  return null;
}

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The JSON value pydantic's `to_jsonable_python` gives for the value a literal expression builds:
 * str → string, bytes → string (decoded as UTF-8), int (within ±2^53) and finite float → number, bool,
 * None → null, list/tuple/set → array, dict with str keys → object. `null` result wrapper when the
 * expression is not such a literal (a name, a call, an int beyond 2^53, inf, …).
 */
export function literalJson(e: PyExpr): { readonly value: JsonValue } | null {
  switch (e.kind) {
    case "Constant": {
      const c = e.value;
      switch (c.type) {
        case "str":
          return { value: c.value };
        case "bytes": {
          const bytes = Uint8Array.from(c.value, (ch) => ch.charCodeAt(0));
          try {
            return { value: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
          } catch {
            return null;
          }
        }
        case "int":
          return c.value <= BigInt(Number.MAX_SAFE_INTEGER) && c.value >= -BigInt(Number.MAX_SAFE_INTEGER) ? { value: Number(c.value) } : null;
        case "float":
          return Number.isFinite(c.value) ? { value: c.value } : null;
        case "bool":
          return { value: c.value };
        case "None":
          return { value: null };
        default:
          return null;
      }
    }
    case "UnaryOp": {
      const inner = e.operand.kind === "Constant" ? literalJson(e.operand) : null;
      if (!inner || typeof inner.value !== "number" || (e.operand.kind === "Constant" && e.operand.value.type === "bool")) return null;
      return { value: e.op === "-" ? -inner.value : inner.value };
    }
    case "Tuple":
    case "List":
    case "Set": {
      const out: JsonValue[] = [];
      for (const x of e.elts) {
        const v = literalJson(x);
        if (!v) return null;
        out.push(v.value);
      }
      return { value: out };
    }
    case "Dict": {
      const out: { [key: string]: JsonValue } = {};
      for (let k = 0; k < e.keys.length; k++) {
        const key = e.keys[k]!;
        if (key.kind !== "Constant" || key.value.type !== "str") return null;
        const v = literalJson(e.values[k]!);
        if (!v) return null;
        out[key.value.value] = v.value;
      }
      return { value: out };
    }
    default:
      return null;
  }
}
