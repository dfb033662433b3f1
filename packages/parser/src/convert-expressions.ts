/**
 * Lezer's syntax tree to the facade's expressions (and the parameters and arguments expressions
 * carry), with the shared state of a conversion: spans, source text, syntax-error and nesting
 * diagnostics. {@link Converter} (convert-statements.ts) adds statements and definitions.
 */
import type { SyntaxNode, Tree } from "@lezer/common";
import type { Diagnostic } from "./diagnostic.ts";
import { LineIndex, type Span } from "./span.ts";
import { evaluateStringLiteral } from "./strings.ts";
import type { CodeNames, Argument, Comment, Expression, Parameter, ParameterKind } from "./syntax.ts";
import { PARSE_DEFAULTS } from "./parse-defaults.ts";

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== "Comment") out.push(c);
  }
  return out;
}

/** Splits nodes on top-level `,` tokens. */
export function splitCommas(nodes: readonly SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === ",") groups.push([]);
    else groups[groups.length - 1]!.push(n);
  }
  return groups;
}

/** Converts expressions; the base of the statement converter. */
const BOOLEAN_OPS: ReadonlySet<string> = new Set(["and", "or"]);

export class ExpressionConverter {
  /** `co_names`/`co_freevars` per `def`, by the definition node's start (see codenames.ts). */
  codeNames: ReadonlyMap<number, CodeNames> = new Map();
  protected syntaxErrors = 0;
  protected deepReported = false;

  constructor(
    protected readonly text: string,
    protected readonly lines: LineIndex,
    protected readonly path: string,
    protected readonly diagnostics: Diagnostic[],
  ) {}

  /** One pass over the whole tree: collects comments and reports error nodes. */
  scanTree(tree: Tree): Comment[] {
    const comments: Comment[] = [];
    const cursor = tree.cursor();
    let lastErrorAt = -1;
    for (;;) {
      const type = cursor.type;
      if (type.isError) {
        if (cursor.from !== lastErrorAt) this.syntaxError(cursor.from, cursor.to);
        lastErrorAt = cursor.from;
      } else if (type.name === "Comment") {
        comments.push({ text: this.text.slice(cursor.from, cursor.to), span: this.lines.span(cursor.from, cursor.to) });
      }
      if (cursor.firstChild()) continue;
      while (!cursor.nextSibling()) {
        if (!cursor.parent()) {
          if (this.syntaxErrors > PARSE_DEFAULTS.maxSyntaxErrors) {
            this.diagnostics.push({
              code: "syntax-error",
              severity: "error",
              message: `${this.syntaxErrors - PARSE_DEFAULTS.maxSyntaxErrors} more syntax errors in this file`,
              path: this.path,
              span: null,
            });
          }
          return comments;
        }
      }
    }
  }

  protected syntaxError(from: number, to: number): void {
    this.syntaxErrors++;
    if (this.syntaxErrors > PARSE_DEFAULTS.maxSyntaxErrors) return;
    const span = this.lines.span(from, to);
    const lineText = this.lines.lineText(span.line).replace(/\n$/, "");
    this.diagnostics.push({
      code: "syntax-error",
      severity: "error",
      message: from === to && from >= this.text.length ? "invalid syntax: unexpected end of file" : `invalid syntax: ${JSON.stringify(lineText.trim().slice(0, 80))}`,
      path: this.path,
      span,
    });
  }

  protected tooDeep(node: SyntaxNode): void {
    if (this.deepReported) return;
    this.deepReported = true;
    this.diagnostics.push({
      code: "nesting-too-deep",
      severity: "warning",
      message: `nested more than ${PARSE_DEFAULTS.maxDepth} levels deep: kept as text only`,
      path: this.path,
      span: this.span(node),
    });
  }

  protected span(node: SyntaxNode): Span {
    return this.lines.span(node.from, node.to);
  }

  protected spanOf(first: SyntaxNode, last: SyntaxNode): Span {
    return this.lines.span(first.from, last.to);
  }

  protected src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }


  /** Parameters of a `def` (`ParamList` with parentheses) or a `lambda` (without). */
  protected parameters(node: SyntaxNode, depth: number, lambda: boolean): Parameter[] {
    const kids = children(node).filter((k) => k.name !== "(" && k.name !== ")");
    const params: { name: string; kind: ParameterKind; annotation: Expression | null; default: Expression | null; span: Span }[] = [];
    let afterStar = false;
    // Segments between commas; an empty segment whose text holds "/" is the positional-only marker.
    let segment: SyntaxNode[] = [];
    let segStart = lambda ? node.from : node.from + 1;
    const flush = (segEnd: number): void => {
      const seg = segment;
      segment = [];
      const rawText = this.text.slice(segStart, segEnd);
      if (seg.length === 0 || (seg.length === 1 && (seg[0]!.name === "/" || seg[0]!.name === "SlashMarker"))) {
        if (rawText.includes("/")) {
          for (const p of params) if (p.kind === "POSITIONAL_OR_KEYWORD") p.kind = "POSITIONAL_ONLY";
        }
        return;
      }
      const first = seg[0]!;
      const last = seg[seg.length - 1]!;
      const span = this.spanOf(first, last);
      if (first.name === "*" || first.name === "**") {
        const nameNode = seg.find((n) => n.name === "VariableName");
        if (first.name === "*") afterStar = true;
        if (!nameNode) return; // bare `*`
        const ann = seg.find((n) => n.name === "TypeDef");
        params.push({
          name: this.src(nameNode),
          kind: first.name === "*" ? "VAR_POSITIONAL" : "VAR_KEYWORD",
          annotation: ann ? this.typeDef(ann, depth) : null,
          default: null,
          span,
        });
        return;
      }
      const nameNode = first.name === "VariableName" ? first : seg.find((n) => n.name === "VariableName");
      if (!nameNode) return;
      const ann = seg.find((n) => n.name === "TypeDef");
      const eq = seg.findIndex((n) => n.name === "AssignOp");
      const def = eq >= 0 ? seg[eq + 1] : undefined;
      params.push({
        name: this.src(nameNode),
        kind: afterStar ? "KEYWORD_ONLY" : "POSITIONAL_OR_KEYWORD",
        annotation: ann ? this.typeDef(ann, depth) : null,
        default: def ? this.expression(def, depth) : null,
        span,
      });
    };
    for (const k of kids) {
      if (k.type.isError) continue;
      if (k.name === ",") {
        flush(k.from);
        segStart = k.to;
      } else segment.push(k);
    }
    flush(lambda ? node.to : node.to - 1);
    return params;
  }

  protected typeDef(node: SyntaxNode, depth: number): Expression {
    const inner = children(node).filter((c) => c.name !== ":");
    // `*args: *Ts` (PEP 646): a starred annotation.
    if (inner[0]?.name === "*" && inner[1]) {
      return { kind: "Starred", value: this.expression(inner[1], depth), text: this.text.slice(inner[0].from, inner[1].to), span: this.spanOf(inner[0], inner[1]) };
    }
    return inner[0] ? this.expression(inner[0], depth) : this.other(node);
  }

  protected argList(node: SyntaxNode, depth: number): Argument[] {
    const kids = children(node).filter((k) => k.name !== "(" && k.name !== ")");
    const out: Argument[] = [];
    // `f(x for a, b in y)`: one generator argument, whatever commas its targets have.
    if (kids.some((k) => k.name === "for") && kids.length) {
      const span = this.spanOf(kids[0]!, kids[kids.length - 1]!);
      return [{ name: null, star: "", value: { kind: "Other", text: this.text.slice(kids[0]!.from, kids[kids.length - 1]!.to), span }, span }];
    }
    for (const group of splitCommas(kids)) {
      if (group.length === 0) continue;
      const first = group[0]!;
      const last = group[group.length - 1]!;
      const span = this.spanOf(first, last);
      if (first.name === "*" || first.name === "**") {
        const v = group[1];
        out.push({ name: null, star: first.name, value: v ? this.expression(v, depth) : this.other(first), span });
      } else if (group.length >= 3 && first.name === "VariableName" && group[1]!.name === "AssignOp" && this.src(group[1]!) === "=") {
        out.push({ name: this.src(first), star: "", value: this.expression(group[2]!, depth), span });
      } else if (group.length === 1) {
        out.push({ name: null, star: "", value: this.expression(first, depth), span });
      } else {
        // A generator argument `f(x for x in y)` or something unusual: keep its text.
        out.push({ name: null, star: "", value: { kind: "Other", text: this.text.slice(first.from, last.to), span }, span });
      }
    }
    return out;
  }


  // ------------------------------------------------------------ expressions

  protected other(node: SyntaxNode): Expression {
    return { kind: "Other", text: this.src(node), span: this.span(node) };
  }

  /** Comma-separated expressions (`a, *b`) as one expression: a bare tuple when there is a comma. */
  protected expressions(nodes: readonly SyntaxNode[], parent: SyntaxNode, depth: number): Expression {
    const hasComma = nodes.some((n) => n.name === ",");
    if (!hasComma && nodes.length === 1) return this.expression(nodes[0]!, depth);
    if (nodes.length === 0) return { kind: "Other", text: "", span: this.lines.span(parent.from, parent.from) };
    const first = nodes[0]!;
    const last = nodes[nodes.length - 1]!;
    const span = this.spanOf(first, last);
    const text = this.text.slice(first.from, last.to);
    if (!hasComma) return { kind: "Other", text, span };
    const elts: Expression[] = [];
    for (const g of splitCommas(nodes)) {
      if (g.length === 0) continue;
      if (g[0]!.name === "*" && g[1]) {
        elts.push({ kind: "Starred", value: this.expression(g[1], depth), text: this.text.slice(g[0]!.from, g[1].to), span: this.spanOf(g[0]!, g[1]) });
      } else elts.push(this.expression(g[0]!, depth));
    }
    return { kind: "Tuple", elts, text, span };
  }

  /** The operator text of a `BinaryExpression`'s children (`not in`, `is not` with one space). */
  private binaryOp(kids: readonly SyntaxNode[]): string {
    return kids.length < 3 ? "" : this.text.slice(kids[1]!.from, kids[kids.length - 2]!.to).replace(/\s+/g, " ");
  }

  /**
   * A chain of `and`, `or` and `not` re-read with Python's precedences (`or` < `and` < `not`, both
   * binary operators left-associative). Lezer's grammar lets a `not` take everything after it
   * (`not a and b` is `not (a and b)` in its tree), so the chain's operands and operators are taken
   * in source order and parsed again; parenthesized operands stay whole.
   */
  private booleanChain(node: SyntaxNode, d: number): Expression {
    const items: (SyntaxNode | "and" | "or" | "not")[] = [];
    const flatten = (n: SyntaxNode): void => {
      const kids = children(n);
      if (n.name === "BinaryExpression" && BOOLEAN_OPS.has(this.binaryOp(kids))) {
        flatten(kids[0]!);
        items.push(this.binaryOp(kids) as "and" | "or");
        flatten(kids[kids.length - 1]!);
      } else if (n.name === "UnaryExpression" && kids[0] && kids[1] && this.src(kids[0]) === "not") {
        items.push("not");
        flatten(kids[1]);
      } else items.push(n);
    };
    flatten(node);
    let i = 0;
    const starts: number[] = [];
    const made = (from: number, to: number) => ({ text: this.text.slice(from, to), span: this.lines.span(from, to) });
    // each parse step returns the expression and its source range
    type Part = { e: Expression; from: number; to: number };
    const operand = (): Part => {
      const item = items[i];
      if (item === "not") {
        const from = starts[i]!;
        i++;
        const inner = operand();
        return { e: { kind: "UnaryOp", op: "not", operand: inner.e, ...made(from, inner.to) }, from, to: inner.to };
      }
      i++;
      if (item === undefined || typeof item === "string") return { e: { kind: "Other", ...made(node.to, node.to) }, from: node.to, to: node.to };
      return { e: this.expression(item, d), from: item.from, to: item.to };
    };
    const level = (op: "and" | "or", next: () => Part): Part => {
      let left = next();
      while (items[i] === op) {
        i++;
        const right = next();
        left = { e: { kind: "BinOp", op, left: left.e, right: right.e, ...made(left.from, right.to) }, from: left.from, to: right.to };
      }
      return left;
    };
    // where each `not` starts: the keyword just before its operand, found by position in the source
    let cursor = node.from;
    for (const item of items) {
      if (typeof item !== "string") {
        starts.push(item.from);
        cursor = item.to;
      } else {
        const at = this.text.indexOf(item, cursor);
        starts.push(at < 0 ? cursor : at);
        cursor = at < 0 ? cursor : at + item.length;
      }
    }
    return level("or", () => level("and", operand)).e;
  }

  expression(node: SyntaxNode, depth: number): Expression {
    if (depth > PARSE_DEFAULTS.maxDepth) {
      this.tooDeep(node);
      return this.other(node);
    }
    const d = depth + 1;
    const text = this.src(node);
    const span = this.span(node);
    switch (node.name) {
      case "VariableName":
        return { kind: "Name", id: text, text, span };
      case "Number":
        return numberConstant(text, span);
      case "String": {
        const v = evaluateStringLiteral(text);
        if (v.type === "fstring") return { kind: "Other", text, span };
        return { kind: "Constant", type: v.type, value: v.value, text, span };
      }
      case "ContinuedString": {
        let value: string | null = "";
        let type: "str" | "bytes" | null = null;
        for (const part of children(node)) {
          if (part.name !== "String") return { kind: "Other", text, span };
          const v = evaluateStringLiteral(this.src(part));
          if (v.type === "fstring" || (type !== null && type !== v.type)) return { kind: "Other", text, span };
          type = v.type;
          value = value === null || v.value === null ? null : value + v.value;
        }
        return { kind: "Constant", type: type ?? "str", value, text, span };
      }
      case "None":
        return { kind: "Constant", type: "None", value: "None", text, span };
      case "Boolean":
        return { kind: "Constant", type: "bool", value: text, text, span };
      case "Ellipsis":
        return { kind: "Constant", type: "Ellipsis", value: "Ellipsis", text, span };
      case "ParenthesizedExpression": {
        const inner = children(node).filter((k) => k.name !== "(" && k.name !== ")");
        if (inner.length === 1 && inner[0]!.name !== "YieldExpression") {
          const e = this.expression(inner[0]!, d);
          return { ...e, text, span } as Expression;
        }
        return { kind: "Other", text, span };
      }
      case "TupleExpression":
      case "ArrayExpression":
      case "SetExpression": {
        const inner = children(node).filter((k) => !["(", ")", "[", "]", "{", "}"].includes(k.name));
        const elts: Expression[] = [];
        for (const g of splitCommas(inner)) {
          if (g.length === 0) continue;
          if (g[0]!.name === "*" && g[1]) {
            elts.push({ kind: "Starred", value: this.expression(g[1], d), text: this.text.slice(g[0]!.from, g[1].to), span: this.spanOf(g[0]!, g[1]) });
          } else elts.push(this.expression(g[0]!, d));
        }
        const kind = node.name === "TupleExpression" ? "Tuple" : node.name === "ArrayExpression" ? "List" : "Set";
        return { kind, elts, text, span };
      }
      case "DictionaryExpression": {
        const inner = children(node).filter((k) => k.name !== "{" && k.name !== "}");
        const keys: (Expression | null)[] = [];
        const values: Expression[] = [];
        for (const g of splitCommas(inner)) {
          if (g.length === 0) continue;
          if (g[0]!.name === "**" && g[1]) {
            keys.push(null);
            values.push(this.expression(g[1], d));
          } else if (g.length >= 3 && g[1]!.name === ":") {
            keys.push(this.expression(g[0]!, d));
            values.push(this.expression(g[2]!, d));
          } else return { kind: "Other", text, span };
        }
        return { kind: "Dict", keys, values, text, span };
      }
      case "MemberExpression": {
        const kids = children(node);
        const obj = kids[0];
        if (!obj) return { kind: "Other", text, span };
        if (kids[1]?.name === "." && kids[2]?.name === "PropertyName") {
          return { kind: "Attribute", value: this.expression(obj, d), attr: this.src(kids[2]), text, span };
        }
        if (kids[1]?.name === "[") {
          const inner = kids.slice(2, kids[kids.length - 1]?.name === "]" ? -1 : undefined);
          return { kind: "Subscript", value: this.expression(obj, d), slice: this.subscript(inner, node, d), text, span };
        }
        return { kind: "Other", text, span };
      }
      case "CallExpression": {
        const kids = children(node);
        const args = kids.find((k) => k.name === "ArgList");
        if (!kids[0] || !args) return { kind: "Other", text, span };
        return { kind: "Call", func: this.expression(kids[0], d), args: this.argList(args, d), text, span };
      }
      case "UnaryExpression": {
        const kids = children(node);
        if (kids[0] && this.src(kids[0]) === "not") return this.booleanChain(node, d);
        const op = kids[0] ? this.src(kids[0]) : "";
        if (!kids[1] || !["-", "+", "~", "not"].includes(op)) return { kind: "Other", text, span };
        return { kind: "UnaryOp", op: op as "-" | "+" | "~", operand: this.expression(kids[1], d), text, span };
      }
      case "BinaryExpression": {
        const kids = children(node);
        if (kids.length < 3) return { kind: "Other", text, span };
        if (BOOLEAN_OPS.has(this.binaryOp(kids))) return this.booleanChain(node, d);
        const left = kids[0]!;
        const right = kids[kids.length - 1]!;
        const op = this.text.slice(kids[1]!.from, kids[kids.length - 2]!.to).replace(/\s+/g, " ");
        return { kind: "BinOp", op, left: this.expression(left, d), right: this.expression(right, d), text, span };
      }
      case "ConditionalExpression": {
        const kids = children(node);
        const ifAt = kids.findIndex((k) => k.name === "if");
        const elseAt = kids.findIndex((k) => k.name === "else");
        if (ifAt !== 1 || elseAt !== 3 || kids.length !== 5) return { kind: "Other", text, span };
        return { kind: "IfExp", body: this.expression(kids[0]!, d), test: this.expression(kids[2]!, d), orelse: this.expression(kids[4]!, d), text, span };
      }
      case "LambdaExpression": {
        const params = node.getChild("ParamList");
        const last = node.lastChild;
        const body = last && last.name !== ":" && last.name !== "lambda" && last.name !== "ParamList" ? this.expression(last, d) : { kind: "Other" as const, text: "", span };
        return { kind: "Lambda", parameters: params ? this.parameters(params, d, true) : [], body, code: this.codeNames.get(node.from) ?? null, text, span };
      }
      default:
        return { kind: "Other", text, span };
    }
  }

  /** The inside of `[...]`: one item, a tuple of items, or slices. */
  protected subscript(nodes: readonly SyntaxNode[], parent: SyntaxNode, depth: number): Expression {
    const groups = splitCommas(nodes);
    const hasComma = groups.length > 1;
    const items: Expression[] = [];
    for (const g of groups) {
      if (g.length === 0) continue;
      if (g.some((n) => n.name === ":")) {
        const parts: (Expression | null)[] = [null];
        for (const n of g) {
          if (n.name === ":") parts.push(null);
          else parts[parts.length - 1] = this.expression(n, depth);
        }
        items.push({
          kind: "Slice",
          lower: parts[0] ?? null,
          upper: parts[1] ?? null,
          step: parts[2] ?? null,
          text: this.text.slice(g[0]!.from, g[g.length - 1]!.to),
          span: this.spanOf(g[0]!, g[g.length - 1]!),
        });
      } else if (g[0]!.name === "*" && g[1]) {
        items.push({ kind: "Starred", value: this.expression(g[1], depth), text: this.text.slice(g[0]!.from, g[1].to), span: this.spanOf(g[0]!, g[1]) });
      } else items.push(this.expression(g[0]!, depth));
    }
    if (!hasComma && items.length === 1) return items[0]!;
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    const span = first && last ? this.spanOf(first, last) : this.lines.span(parent.from, parent.from);
    return { kind: "Tuple", elts: items, text: first && last ? this.text.slice(first.from, last.to) : "", span };
  }
}

/** A numeric literal: ints in decimal digits (via BigInt), floats and complex as cleaned text. */
function numberConstant(text: string, span: Span): Expression {
  const clean = text.replace(/_/g, "");
  const lower = clean.toLowerCase();
  if (lower.endsWith("j")) return { kind: "Constant", type: "complex", value: clean.slice(0, -1), text, span };
  if (/^0[xob]/.test(lower)) {
    try {
      return { kind: "Constant", type: "int", value: BigInt(lower).toString(), text, span };
    } catch {
      return { kind: "Other", text, span };
    }
  }
  if (/[.e]/.test(lower)) return { kind: "Constant", type: "float", value: clean, text, span };
  try {
    return { kind: "Constant", type: "int", value: BigInt(clean).toString(), text, span };
  } catch {
    return { kind: "Other", text, span };
  }
}
