import type { SyntaxNode, Tree } from "@lezer/common";
import { decodeSource, type DecodedSource } from "./decode.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { cpythonSyntaxErrors } from "./cpython.ts";
import { codeNamesOf, type CodeNamesResult } from "./codenames.ts";
import { pythonParser } from "./lezer.ts";
import { LineIndex, type Span } from "./span.ts";
import { evaluateStringLiteral } from "./strings.ts";
import { parseTargetVersion, type PythonVersion } from "./target.ts";
import type {
  Call,
  CodeNames,
  Alias,
  Argument,
  Comment,
  Decorator,
  Docstring,
  Expression,
  ExceptHandler,
  FunctionDef,
  ClassDef,
  ModuleSyntax,
  Parameter,
  ParameterKind,
  Statement,
} from "./syntax.ts";

/** Options of {@link parse} and {@link parseBytes}. */
export interface ParseOptions {
  /** The file's path, copied into diagnostics. Default `"<string>"` (see {@link PARSE_DEFAULTS}). */
  readonly path?: string;
  /**
   * The Python version whose grammar the module is checked against, written `"3.N"`: syntax newer
   * than it (PEP 695 type parameters, PEP 701 f-strings before 3.12, …) is a `syntax-error`, as
   * that version's `compile()` reports it. Default `"3.11"` (see {@link PARSE_DEFAULTS}).
   */
  readonly target?: string;
  /** Also list the calls whose callee is a module global, function bodies included (`syntax.calls`). Default `false`. */
  readonly calls?: boolean;
}

/** Defaults of {@link ParseOptions}. */
export const PARSE_DEFAULTS = {
  path: "<string>",
  target: "3.11",
  /** Expressions and blocks nested deeper than this are kept as text only (`nesting-too-deep`). */
  maxDepth: 200,
  /** At most this many `syntax-error` diagnostics per file; the rest are counted in one more. */
  maxSyntaxErrors: 50,
  /** Brackets nested deeper than this are a syntax error, as in CPython's tokenizer (`MAXLEVEL`). */
  maxNesting: 200,
} as const;

/**
 * The result of parsing one module: the decoded source, its syntax facade and diagnostics.
 *
 * `lines` maps offsets to lines and gives each line's text (as `linecache.getlines` returns it).
 */
export interface ParsedModule {
  readonly path: string;
  readonly source: DecodedSource;
  readonly lines: LineIndex;
  readonly syntax: ModuleSyntax;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Decodes (see {@link decodeSource}) and parses a Python file's bytes.
 *
 * Never throws for problems in the source (they are diagnostics).
 *
 * @throws RangeError when `options.target` is not a version written `3.N`.
 */
export function parseBytes(bytes: Uint8Array, options: ParseOptions = {}): ParsedModule {
  const path = options.path ?? PARSE_DEFAULTS.path;
  const target = parseTargetVersion(options.target ?? PARSE_DEFAULTS.target);
  const source = decodeSource(bytes, path);
  return parseDecoded(source, path, target, options.calls ?? false);
}

/**
 * Parses Python source text (already decoded; `\r\n` and `\r` are normalised to `\n` here too).
 *
 * Never throws for problems in the source: every syntax error the parser recovered from, and every
 * one CPython of the target version reports beyond those (see {@link cpythonSyntaxErrors}), becomes
 * a `syntax-error` diagnostic with its position, and the rest of the module is still converted.
 *
 * @throws RangeError when `options.target` is not a version written `3.N`.
 */
export function parse(text: string, options: ParseOptions = {}): ParsedModule {
  const path = options.path ?? PARSE_DEFAULTS.path;
  const target = parseTargetVersion(options.target ?? PARSE_DEFAULTS.target);
  const normalised = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const source: DecodedSource = { text: normalised, encoding: "utf-8", bom: false, cookie: null, diagnostics: [] };
  return parseDecoded(source, path, target, options.calls ?? false);
}

function parseDecoded(source: DecodedSource, path: string, target: PythonVersion, calls: boolean): ParsedModule {
  const text = source.text;
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [...source.diagnostics];
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    diagnostics.push({
      code: "nul-byte",
      severity: "error",
      message: "source code cannot contain null bytes",
      path,
      span: lines.span(nul, nul + 1),
    });
  }
  const empty = (comments: Comment[]): ModuleSyntax => ({ kind: "Module", body: [], docstring: null, comments, span: lines.span(0, text.length) });
  let tree: Tree | null = null;
  try {
    tree = pythonParser.parse(limitNesting(text, lines, path, diagnostics));
  } catch (error) {
    // A stack overflow on pathological input must not lose the run.
    diagnostics.push(internalError("the parser failed", error, path));
  }
  if (!tree) return { path, source, lines, syntax: empty([]), diagnostics };
  const converter = new Converter(text, lines, path, diagnostics);
  const genericFrom = diagnostics.length;
  const comments = converter.scanTree(tree);
  let names: CodeNamesResult | null = null;
  try {
    names = codeNamesOf(tree, text, futureAnnotations(tree, text));
    converter.codeNames = names.codes;
  } catch (error) {
    diagnostics.push(internalError("the code-names pass failed", error, path));
  }
  try {
    const merged = cpythonSyntaxErrors(text, tree, lines, path, target, diagnostics.slice(genericFrom));
    diagnostics.splice(genericFrom, diagnostics.length - genericFrom, ...merged);
  } catch (error) {
    diagnostics.push(internalError("the syntax checks failed", error, path));
  }
  let syntax: ModuleSyntax;
  try {
    const body = converter.statements(tree.topNode, "module", 0);
    syntax = {
      kind: "Module",
      body,
      docstring: docstringOf(body),
      comments,
      span: lines.span(0, text.length),
      ...(calls && names ? { calls: { sites: names.calls.map((c) => ({ call: converter.expression(c.node, 0) as Call, deferred: c.deferred, script: c.script })), total: names.callCount } } : {}),
    };
  } catch (error) {
    // A converter bug must not lose the file: report it and keep an empty module.
    diagnostics.push(internalError("the parser facade failed", error, path));
    syntax = empty(comments);
  }
  return { path, source, lines, syntax, diagnostics };
}

/** Whether the module starts with `from __future__ import annotations` (among its leading statements). */
function futureAnnotations(tree: Tree, text: string): boolean {
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    if (c.name === "Comment") continue;
    const t = text.slice(c.from, c.to);
    if (c.name === "ImportStatement" && /^from\s+__future__\s+import\b/.test(t)) {
      if (/\bannotations\b/.test(t)) return true;
      continue;
    }
    // The docstring may come first.
    if (c.name === "ExpressionStatement" && /^[rRuUbB]*['"]/.test(t)) continue;
    return false;
  }
  return false;
}

/** An `internal-error` diagnostic for a crash of ours, so the run goes on. */
function internalError(what: string, error: unknown, path: string): Diagnostic {
  return { code: "internal-error", severity: "error", message: `${what}: ${error instanceof Error ? error.message : String(error)}`, path, span: null };
}

/**
 * CPython's tokenizer refuses brackets nested deeper than 200 ("too many nested parentheses"). We
 * report that at the first such bracket and blank out (with spaces, so offsets and lines stay) what is
 * nested deeper, so the parser's recursion stays bounded and the rest of the file is still analysed.
 * Strings and comments are skipped roughly (quotes and `#`), which is enough to find real nesting.
 */
function limitNesting(text: string, lines: LineIndex, path: string, diagnostics: Diagnostic[]): string {
  const LIMIT = PARSE_DEFAULTS.maxNesting;
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  if (max <= LIMIT) return text;
  const out: string[] = [];
  depth = 0;
  let quote: string | null = null;
  let reported = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === "\\") i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === "#") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl - 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") {
      depth++;
      if (depth === LIMIT + 1) {
        if (!reported) {
          reported = true;
          diagnostics.push({ code: "syntax-error", severity: "error", message: "too many nested parentheses", path, span: lines.span(i, i + 1) });
        }
        out.push(text.slice(start, i));
        start = i;
      }
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === LIMIT + 1) {
        out.push(text.slice(start, i + 1).replace(/[^\n]/g, " "));
        start = i + 1;
      }
      if (depth > 0) depth--;
    }
  }
  out.push(depth > LIMIT ? text.slice(start).replace(/[^\n]/g, " ") : text.slice(start));
  return out.join("");
}

/** The docstring of a body: its first statement, when that is a `str` literal expression. */
function docstringOf(body: readonly Statement[]): Docstring | null {
  const first = body[0];
  if (first?.kind !== "Expr" || first.value.kind !== "Constant" || first.value.type !== "str") return null;
  return { value: first.value.value, span: first.value.span };
}

type Mode = "module" | "class" | "function";

const COMPOUND = new Set(["IfStatement", "TryStatement", "ForStatement", "WhileStatement", "WithStatement", "MatchStatement"]);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== "Comment") out.push(c);
  }
  return out;
}

/** Splits nodes on top-level `,` tokens. */
function splitCommas(nodes: readonly SyntaxNode[]): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [[]];
  for (const n of nodes) {
    if (n.name === ",") groups.push([]);
    else groups[groups.length - 1]!.push(n);
  }
  return groups;
}

class Converter {
  /** `co_names`/`co_freevars` per `def`, by the definition node's start (see codenames.ts). */
  codeNames: ReadonlyMap<number, CodeNames> = new Map();
  private syntaxErrors = 0;
  private deepReported = false;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly path: string,
    private readonly diagnostics: Diagnostic[],
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

  private syntaxError(from: number, to: number): void {
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

  private tooDeep(node: SyntaxNode): void {
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

  private span(node: SyntaxNode): Span {
    return this.lines.span(node.from, node.to);
  }

  private spanOf(first: SyntaxNode, last: SyntaxNode): Span {
    return this.lines.span(first.from, last.to);
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  // ------------------------------------------------------------ statements

  /** The statements directly inside `node` (a Script or a Body). */
  statements(node: SyntaxNode, mode: Mode, depth: number): Statement[] {
    const out: Statement[] = [];
    if (depth > PARSE_DEFAULTS.maxDepth) {
      this.tooDeep(node);
      return out;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) {
      this.statement(c, mode, depth, out);
    }
    return out;
  }

  private statement(node: SyntaxNode, mode: Mode, depth: number, out: Statement[]): void {
    const name = node.name;
    if (name === "StatementGroup") {
      for (let c = node.firstChild; c; c = c.nextSibling) this.statement(c, mode, depth, out);
      return;
    }
    if (name === "FunctionDefinition" || name === "ClassDefinition") {
      out.push(this.definition(node, [], node, depth));
      return;
    }
    if (name === "DecoratedStatement") {
      const decorators: Decorator[] = [];
      let def: SyntaxNode | null = null;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === "Decorator") decorators.push(this.decorator(c, depth));
        else if (c.name === "FunctionDefinition" || c.name === "ClassDefinition") def = c;
      }
      if (def) out.push(this.definition(def, decorators, node, depth));
      return;
    }
    if (mode === "function" && !COMPOUND.has(name)) return;
    switch (name) {
      case "IfStatement":
        out.push(this.ifStatement(node, mode, depth));
        return;
      case "TryStatement":
        out.push(this.tryStatement(node, mode, depth));
        return;
      case "ForStatement":
      case "WhileStatement":
      case "WithStatement":
      case "MatchStatement":
        out.push(this.block(node, mode, depth));
        return;
      case "ExpressionStatement": {
        const kids = children(node);
        out.push({ kind: "Expr", value: this.expressions(kids, node, depth), span: this.span(node) });
        return;
      }
      case "AssignStatement":
        out.push(this.assignment(node, depth));
        return;
      case "UpdateStatement": {
        const kids = children(node);
        const opIndex = kids.findIndex((k) => k.name === "UpdateOp");
        if (opIndex < 0) break;
        out.push({
          kind: "AugAssign",
          target: this.expressions(kids.slice(0, opIndex), node, depth),
          op: this.src(kids[opIndex]!).slice(0, -1),
          value: this.expressions(kids.slice(opIndex + 1), node, depth),
          span: this.span(node),
        });
        return;
      }
      case "ImportStatement":
        out.push(this.importStatement(node));
        return;
      case "ScopeStatement": {
        const kids = children(node);
        out.push({
          kind: kids[0]?.name === "nonlocal" ? "Nonlocal" : "Global",
          names: kids.filter((k) => k.name === "VariableName").map((k) => this.src(k)),
          span: this.span(node),
        });
        return;
      }
      case "DeleteStatement": {
        const kids = children(node).slice(1);
        out.push({
          kind: "Delete",
          targets: splitCommas(kids).filter((g) => g.length > 0).map((g) => this.expression(g[0]!, depth)),
          span: this.span(node),
        });
        return;
      }
      case "TypeDefinition": {
        const kids = children(node);
        const nameNode = kids.find((k) => k.name === "VariableName");
        const value = kids[kids.length - 1];
        if (nameNode && value && value !== nameNode) {
          out.push({ kind: "TypeAlias", name: this.src(nameNode), value: this.expression(value, depth), span: this.span(node) });
          return;
        }
        break;
      }
      case "Comment":
      case ":":
      case ";":
        return;
      default:
        if (node.type.isError) return;
    }
    if (node.type.isError || name === "Script" || name === "Body") return;
    out.push({ kind: "Other", span: this.span(node) });
  }

  private body(node: SyntaxNode | null | undefined, mode: Mode, depth: number): Statement[] {
    if (!node) return [];
    return this.statements(node, mode, depth + 1);
  }

  private ifStatement(node: SyntaxNode, mode: Mode, depth: number): Statement {
    const kids = children(node);
    // Clauses: if test Body (elif test? Body)* (else Body)?
    type Clause = { test: SyntaxNode | null; body: SyntaxNode | null; start: SyntaxNode };
    const clauses: Clause[] = [];
    let elseBody: SyntaxNode | null = null;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === "if" || k.name === "elif") {
        const next = kids[i + 1];
        const hasTest = next && next.name !== "Body";
        const test = hasTest ? next : null;
        const body = kids[i + (hasTest ? 2 : 1)];
        clauses.push({ test, body: body?.name === "Body" ? body : null, start: k });
      } else if (k.name === "else") {
        const body = kids[i + 1];
        elseBody = body?.name === "Body" ? body : null;
      }
    }
    let orelse: Statement[] = this.body(elseBody, mode, depth);
    let result: Statement | null = null;
    for (let i = clauses.length - 1; i >= 0; i--) {
      const c = clauses[i]!;
      const test: Expression = c.test
        ? this.expression(c.test, depth)
        : { kind: "Other", text: "", span: this.lines.span(c.start.to, c.start.to) };
      result = {
        kind: "If",
        test,
        body: this.body(c.body, mode, depth),
        orelse,
        span: this.lines.span(c.start.from, node.to),
      };
      orelse = [result];
    }
    return result ?? { kind: "Other", span: this.span(node) };
  }

  private tryStatement(node: SyntaxNode, mode: Mode, depth: number): Statement {
    const kids = children(node);
    let body: Statement[] = [];
    const handlers: ExceptHandler[] = [];
    let orelse: Statement[] = [];
    let finalbody: Statement[] = [];
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === "try") body = this.body(kids[i + 1], mode, depth);
      else if (k.name === "else") orelse = this.body(kids[i + 1], mode, depth);
      else if (k.name === "finally") finalbody = this.body(kids[i + 1], mode, depth);
      else if (k.name === "except") {
        let j = i + 1;
        if (kids[j]?.name === "*") j++;
        let type: Expression | null = null;
        let name: string | null = null;
        if (kids[j] && kids[j]!.name !== "Body") {
          type = this.expression(kids[j]!, depth);
          j++;
          if (kids[j]?.name === "as" || kids[j]?.name === ",") {
            if (kids[j + 1]?.name === "VariableName") name = this.src(kids[j + 1]!);
            j += 2;
          }
        }
        const bodyNode = kids[j]?.name === "Body" ? kids[j]! : null;
        handlers.push({
          type,
          name,
          body: this.body(bodyNode, mode, depth),
          span: this.lines.span(k.from, (bodyNode ?? k).to),
        });
        i = j;
      }
    }
    return { kind: "Try", body, handlers, orelse, finalbody, span: this.span(node) };
  }

  private block(node: SyntaxNode, mode: Mode, depth: number): Statement {
    const kids = children(node);
    const kind = node.name === "ForStatement" ? "For" : node.name === "WhileStatement" ? "While" : node.name === "WithStatement" ? "With" : "Match";
    const targets: Expression[] = [];
    let body: Statement[] = [];
    let orelse: Statement[] = [];
    if (kind === "Match") {
      const matchBody = kids.find((k) => k.name === "MatchBody");
      const stmts: Statement[] = [];
      if (matchBody) {
        for (const clause of children(matchBody)) {
          if (clause.name === "MatchClause") stmts.push(...this.body(clause.getChild("Body"), mode, depth));
        }
      }
      body = stmts;
    } else {
      let seenBody = false;
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i]!;
        if (k.name === "Body") {
          if (!seenBody) body = this.body(k, mode, depth);
          else orelse = this.body(k, mode, depth);
          seenBody = true;
        }
      }
      if (mode !== "function") {
        if (kind === "For") {
          const forAt = kids.findIndex((k) => k.name === "for");
          const inAt = kids.findIndex((k) => k.name === "in");
          if (forAt >= 0 && inAt > forAt) targets.push(...this.targetsOf(kids.slice(forAt + 1, inAt), depth));
        } else if (kind === "With") {
          for (let i = 0; i < kids.length; i++) {
            if (kids[i]!.name === "as" && kids[i + 1] && kids[i + 1]!.name !== "Body") targets.push(...this.targetsOf([kids[i + 1]!], depth));
          }
        }
      }
    }
    return { kind, targets, body, orelse, span: this.span(node) };
  }

  /** Flattens assignment targets (`a, (b, *c)`) into the expressions that are bound. */
  private targetsOf(nodes: readonly SyntaxNode[], depth: number): Expression[] {
    const out: Expression[] = [];
    const visit = (e: Expression): void => {
      if (e.kind === "Tuple" || e.kind === "List") e.elts.forEach(visit);
      else if (e.kind === "Starred") visit(e.value);
      else out.push(e);
    };
    for (const group of splitCommas(nodes)) {
      const star = group[0]?.name === "*";
      const n = group[star ? 1 : 0];
      if (n) visit(this.expression(n, depth));
    }
    return out;
  }

  private assignment(node: SyntaxNode, depth: number): Statement {
    const kids = children(node);
    const groups: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | null = null;
    for (const k of kids) {
      if (k.name === "AssignOp") groups.push([]);
      else if (k.name === "TypeDef" && groups.length === 1) annotation = k;
      else groups[groups.length - 1]!.push(k);
    }
    const exprs = groups.map((g) => this.expressions(g, node, depth));
    if (annotation) {
      const ann = children(annotation).filter((c) => c.name !== ":");
      return {
        kind: "AnnAssign",
        target: exprs[0]!,
        annotation: ann[0] ? this.expression(ann[0], depth) : this.other(annotation),
        value: exprs.length > 1 ? exprs[exprs.length - 1]! : null,
        span: this.span(node),
      };
    }
    return {
      kind: "Assign",
      targets: exprs.slice(0, -1),
      value: exprs[exprs.length - 1]!,
      span: this.span(node),
    };
  }

  private importStatement(node: SyntaxNode): Statement {
    const kids = children(node);
    const span = this.span(node);
    const aliases = (nodes: SyntaxNode[]): Alias[] => {
      const out: Alias[] = [];
      for (const group of splitCommas(nodes.filter((n) => n.name !== "(" && n.name !== ")"))) {
        const asAt = group.findIndex((n) => n.name === "as");
        const nameParts = (asAt >= 0 ? group.slice(0, asAt) : group).filter((n) => n.name === "VariableName");
        if (nameParts.length === 0) continue;
        const asNode = asAt >= 0 ? group[asAt + 1] : undefined;
        const last = group[group.length - 1]!;
        out.push({
          name: nameParts.map((n) => this.src(n)).join("."),
          asname: asNode ? this.src(asNode) : null,
          span: this.spanOf(group[0]!, last),
        });
      }
      return out;
    };
    if (kids[0]?.name === "import") return { kind: "Import", names: aliases(kids.slice(1)), span };
    // from (. | ...)* dotted import (* | names)
    let level = 0;
    let i = 1;
    for (; i < kids.length; i++) {
      const n = kids[i]!.name;
      if (n === ".") level += 1;
      else if (n === "Ellipsis") level += 3;
      else break;
    }
    const moduleParts: string[] = [];
    for (; i < kids.length && kids[i]!.name !== "import"; i++) {
      if (kids[i]!.name === "VariableName") moduleParts.push(this.src(kids[i]!));
    }
    const rest = kids.slice(i + 1);
    const star = rest.length === 1 && rest[0]!.name === "*";
    return {
      kind: "ImportFrom",
      module: moduleParts.length ? moduleParts.join(".") : null,
      level,
      names: star ? "*" : aliases(rest),
      span,
    };
  }

  // ------------------------------------------------------------ definitions

  private decorator(node: SyntaxNode, depth: number): Decorator {
    const kids = children(node).filter((k) => k.name !== "At");
    let expression: Expression;
    if (kids.length === 1) {
      expression = this.expression(kids[0]!, depth);
    } else {
      // The stock grammar gives `@a.b(args)` flat: VariableName ("." VariableName)* ArgList?
      let expr: Expression | null = null;
      let start = kids[0];
      for (const k of kids) {
        if (k.name === "VariableName") {
          const id = this.src(k);
          expr = expr === null
            ? { kind: "Name", id, text: id, span: this.span(k) }
            : { kind: "Attribute", value: expr, attr: id, text: this.text.slice(start!.from, k.to), span: this.lines.span(start!.from, k.to) };
        } else if (k.name === "ArgList" && expr) {
          expr = { kind: "Call", func: expr, args: this.argList(k, depth), text: this.text.slice(start!.from, k.to), span: this.lines.span(start!.from, k.to) };
        }
      }
      expression = expr ?? this.other(node);
    }
    const end = this.text[node.to - 1] === "\n" ? node.to - 1 : node.to;
    return { expression, span: this.lines.span(node.from, end) };
  }

  private definition(node: SyntaxNode, decorators: Decorator[], outer: SyntaxNode, depth: number): FunctionDef | ClassDef {
    const kids = children(node);
    const nameNode = kids.find((k) => k.name === "VariableName");
    const name = nameNode ? this.src(nameNode) : "";
    const bodyNode = kids.find((k) => k.name === "Body") ?? null;
    const typeParamsNode = kids.find((k) => k.name === "TypeParamList");
    const typeParams = typeParamsNode ? this.src(typeParamsNode) : null;
    const end = bodyNode ? bodyNode.to : node.to;
    const trimmedEnd = this.text[end - 1] === "\n" ? end - 1 : end;
    const span = this.lines.span(outer.from, trimmedEnd);
    const defSpan = this.lines.span(node.from, trimmedEnd);
    if (node.name === "ClassDefinition") {
      const argList = kids.find((k) => k.name === "ArgList");
      const body = this.body(bodyNode, "class", depth);
      return {
        kind: "ClassDef",
        name,
        decorators,
        typeParams,
        bases: argList ? this.argList(argList, depth) : [],
        docstring: docstringOf(body),
        body,
        span,
        defSpan,
      };
    }
    const paramList = kids.find((k) => k.name === "ParamList");
    const returnsNode = kids.find((k) => k.name === "TypeDef");
    const returnsExpr = returnsNode ? children(returnsNode).filter((c) => c.name !== ":")[0] : undefined;
    const body = this.body(bodyNode, "function", depth);
    return {
      kind: "FunctionDef",
      name,
      isAsync: kids[0]?.name === "async",
      decorators,
      typeParams,
      parameters: paramList ? this.parameters(paramList, depth, false) : [],
      parametersText: paramList ? this.text.slice(paramList.from + 1, paramList.to - 1) : "",
      returns: returnsExpr ? this.expression(returnsExpr, depth) : null,
      docstring: bodyNode ? this.functionDocstring(bodyNode, depth) : null,
      body,
      flags: bodyNode ? this.flags(bodyNode) : { yields: false, awaits: false },
      attributeAssignments: bodyNode && name === "__init_subclass__" ? this.attributeAssignments(bodyNode) : [],
      code: this.codeNames.get(node.from) ?? null,
      span,
      defSpan,
    };
  }

  /** A function body is summarised, so its docstring is read from the first statement node directly. */
  private functionDocstring(body: SyntaxNode, depth: number): Docstring | null {
    for (let c = body.firstChild; c; c = c.nextSibling) {
      if (c.name === ":" || c.name === "Comment") continue;
      if (c.name !== "ExpressionStatement") return null;
      const kids = children(c);
      if (kids.length !== 1) return null;
      const e = this.expression(kids[0]!, depth);
      return e.kind === "Constant" && e.type === "str" ? { value: e.value, span: e.span } : null;
    }
    return null;
  }

  /** `co_flags` inputs: yield/await outside nested scopes. */
  private flags(body: SyntaxNode): { yields: boolean; awaits: boolean } {
    const text = this.text.slice(body.from, body.to);
    const mayYield = text.includes("yield");
    const mayAwait = text.includes("await") || text.includes("async");
    if (!mayYield && !mayAwait) return { yields: false, awaits: false };
    let yields = false;
    let awaits = false;
    body.cursor().iterate((n) => {
      const name = n.name;
      if (name === "FunctionDefinition" || name === "ClassDefinition" || name === "LambdaExpression") return false;
      if (name === "yield") yields = true;
      else if (name === "await" || name === "async") awaits = true;
      return undefined;
    });
    return { yields, awaits };
  }

  /** `name.attr = …` targets in a function body, outside nested functions, classes and lambdas. */
  private attributeAssignments(body: SyntaxNode): { object: string; attr: string }[] {
    const out: { object: string; attr: string }[] = [];
    body.cursor().iterate((n) => {
      const name = n.name;
      if (name === "FunctionDefinition" || name === "ClassDefinition" || name === "LambdaExpression") return false;
      if (name !== "AssignStatement" && name !== "UpdateStatement") return undefined;
      for (let c = n.node.firstChild; c; c = c.nextSibling) {
        if (c.name === "AssignOp" || c.name === "UpdateOp" || c.name === "TypeDef") break;
        if (c.name !== "MemberExpression") continue;
        const obj = c.firstChild;
        const dot = obj?.nextSibling;
        const prop = dot?.nextSibling;
        if (obj?.name === "VariableName" && dot?.name === "." && prop?.name === "PropertyName") out.push({ object: this.src(obj), attr: this.src(prop) });
      }
      return false;
    });
    return out;
  }

  /** Parameters of a `def` (`ParamList` with parentheses) or a `lambda` (without). */
  private parameters(node: SyntaxNode, depth: number, lambda: boolean): Parameter[] {
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

  private typeDef(node: SyntaxNode, depth: number): Expression {
    const inner = children(node).filter((c) => c.name !== ":");
    // `*args: *Ts` (PEP 646): a starred annotation.
    if (inner[0]?.name === "*" && inner[1]) {
      return { kind: "Starred", value: this.expression(inner[1], depth), text: this.text.slice(inner[0].from, inner[1].to), span: this.spanOf(inner[0], inner[1]) };
    }
    return inner[0] ? this.expression(inner[0], depth) : this.other(node);
  }

  private argList(node: SyntaxNode, depth: number): Argument[] {
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

  private other(node: SyntaxNode): Expression {
    return { kind: "Other", text: this.src(node), span: this.span(node) };
  }

  /** Comma-separated expressions (`a, *b`) as one expression: a bare tuple when there is a comma. */
  private expressions(nodes: readonly SyntaxNode[], parent: SyntaxNode, depth: number): Expression {
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
        const op = kids[0] ? this.src(kids[0]) : "";
        if (!kids[1] || !["-", "+", "~", "not"].includes(op)) return { kind: "Other", text, span };
        return { kind: "UnaryOp", op: op as "-" | "+" | "~" | "not", operand: this.expression(kids[1], d), text, span };
      }
      case "BinaryExpression": {
        const kids = children(node);
        if (kids.length < 3) return { kind: "Other", text, span };
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
        return { kind: "Lambda", parameters: params ? this.parameters(params, d, true) : [], text, span };
      }
      default:
        return { kind: "Other", text, span };
    }
  }

  /** The inside of `[...]`: one item, a tuple of items, or slices. */
  private subscript(nodes: readonly SyntaxNode[], parent: SyntaxNode, depth: number): Expression {
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
