/**
 * The parser's entry points: bytes or text to a {@link ParsedModule} (the syntax facade, comments,
 * diagnostics), after decoding, the nesting limit and Lezer; conversion is in convert-*.ts.
 */
import type { Tree } from "@lezer/common";
import { decodeSource, type DecodedSource } from "./decode.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { cpythonSyntaxErrors } from "./cpython.ts";
import { codeNamesOf, type CodeNamesResult } from "./codenames.ts";
import { pythonParser } from "./lezer.ts";
import { fastParse } from "./fast/parser.ts";
import { LineIndex } from "./span.ts";
import { parseTargetVersion, type PythonVersion } from "./target.ts";
import type { Call, Comment, ModuleSyntax } from "./syntax.ts";
import { Converter, docstringOf } from "./convert-statements.ts";
import { limitNesting } from "./nesting.ts";
import { PARSE_DEFAULTS, type ParseOptions } from "./parse-defaults.ts";

export { PARSE_DEFAULTS, type ParseOptions };


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
    // The fast path gives Lezer's own tree for the source it is sure of, else null (then Lezer,
    // with its error recovery); both read the text the nesting limit leaves.
    const limited = limitNesting(text, lines, path, diagnostics);
    tree = fastParse(limited) ?? pythonParser.parse(limited);
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

