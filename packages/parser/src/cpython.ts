/**
 * Syntax errors CPython reports that the Lezer grammar accepts or reports only as "invalid syntax":
 * checks of the tree against one target version, with CPython's messages and positions.
 */
import type { SyntaxNode, Tree } from "@lezer/common";
import type { Diagnostic } from "./diagnostic.ts";
import { fstringError311 } from "./fstrings.ts";
import { indentationError } from "./indentation.ts";
import type { LineIndex } from "./span.ts";
import { atLeast, type PythonVersion } from "./target.ts";

/**
 * `__future__` features and the version each first appeared in (`__future__.all_feature_names`;
 * `braces` is CPython's joke: "not a chance").
 */
const FUTURE_FEATURES: Readonly<Record<string, number>> = {
  nested_scopes: 0,
  generators: 0,
  division: 0,
  absolute_import: 0,
  with_statement: 0,
  print_function: 0,
  unicode_literals: 0,
  barry_as_FLUFL: 0,
  generator_stop: 5,
  annotations: 7,
};

/** A Python identifier (PEP 3131), tested after NFKC normalisation as CPython does. */
const IDENTIFIER = /^[\p{XID_Start}_][\p{XID_Continue}]*$/u;
/** Characters `str.isprintable()` rejects (other than the space). */
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u;

/**
 * The syntax errors CPython (the `target` version) reports in a module beyond the grammar's own
 * error nodes, each a `syntax-error` diagnostic with CPython's message:
 *
 * - indentation (see {@link indentationError}): `TabError`, inconsistent dedent, unexpected indent;
 * - Python 2 statements: `print x` and `exec code` ("Missing parentheses in call to 'print'. Did
 *   you mean print(...)?"), `except E, e:` ("multiple exception types must be parenthesized");
 * - decimal integers with leading zeros, `0777` ("leading zeros in decimal integer literals are
 *   not permitted; use an 0o prefix for octal integers");
 * - syntax newer than the target ("invalid syntax" unless said): PEP 614 decorators `@a[0].b`
 *   (3.9), `match` statements (3.10), `except*` (3.11), PEP 695 `type X = …`, `def f[T]()`
 *   ("expected '('"), `class C[T]` (3.12), PEP 701 f-strings (3.12, see {@link fstringError311});
 * - misplaced or unknown `from __future__` imports;
 * - characters that cannot appear in a name or between tokens ("invalid character '€' (U+20AC)").
 *
 * `generic` are the grammar's own `syntax-error` diagnostics ("invalid syntax: …"); the result
 * replaces those that one of the errors above explains (on the same lines), and is sorted by position.
 * Spans follow CPython's offsets where it gives one (its 1-based column minus one). Never throws.
 */
export function cpythonSyntaxErrors(
  text: string,
  tree: Tree,
  lines: LineIndex,
  path: string,
  target: PythonVersion,
  generic: readonly Diagnostic[],
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (message: string, from: number, to: number): void => {
    found.push({ code: "syntax-error", severity: "error", message, path, span: lines.span(from, to) });
  };
  const indentation = indentationError(text, lines, path);
  if (indentation) found.push(indentation);
  const fstrings = !atLeast(target, 12);
  let seenStatement = false; // a module-level statement other than the docstring and __future__ imports
  let first = true;
  const cursor = tree.cursor();
  // The names of the cursor's ancestors (outermost first), so no node is made just to ask its parent.
  const ancestors: string[] = [];
  for (;;) {
    const name = cursor.name;
    // A SyntaxNode is made only for a check that reads more than the cursor's name and range.
    let made: SyntaxNode | null = null;
    const node = () => (made ??= cursor.node);
    const parent = ancestors[ancestors.length - 1];
    const topLevel = parent === "Script" || (parent === "StatementGroup" && ancestors[ancestors.length - 2] === "Script");
    if (topLevel) {
      // Module-level statements, in order, for the __future__ rule.
      if (name !== "Comment" && name !== "StatementGroup" && !cursor.type.isError && name !== ";") {
        const isFuture = name === "ImportStatement" && isFutureImport(text, node());
        const isDocstring = first && name === "ExpressionStatement" && isStringStatement(node());
        if (!isFuture && !isDocstring) seenStatement = true;
        first = false;
      }
    }
    let descend = true;
    switch (name) {
      case "PrintStatement":
        add("Missing parentheses in call to 'print'. Did you mean print(...)?", cursor.from, cursor.to);
        break;
      case "TryStatement":
        exceptClauses(node(), target, add);
        break;
      case "Number": {
        const t = text.slice(cursor.from, cursor.to);
        if (/^0[0-9_]*$/.test(t) && /[1-9]/.test(t)) add("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", cursor.from, cursor.from + 1);
        else {
          // An underscore must sit between two digits (PEP 515): `1__0`, `1_`.
          const bad = (/^0[xX]/.test(t) ? /_(?![0-9a-fA-F])/ : /_(?![0-9])/).exec(t);
          if (bad) {
            const at = cursor.from + bad.index;
            add(`invalid ${numberKind(t)} literal`, at, at);
          }
        }
        break;
      }
      case "MatchStatement":
        if (!atLeast(target, 10)) {
          // Before 3.10 `match` is a name, and the subject after it is the error.
          const subject = node().firstChild?.nextSibling;
          add("invalid syntax", subject ? subject.from : cursor.from, subject ? subject.to : cursor.to);
        }
        break;
      case "Decorator":
        if (!atLeast(target, 9)) {
          const at = relaxedDecorator(text, node());
          if (at !== null) add("invalid syntax", at, at + 1);
        }
        break;
      case "TypeDefinition":
        if (!atLeast(target, 12)) {
          const n = node().getChild("VariableName");
          add("invalid syntax", n ? n.from : cursor.from, n ? n.to : cursor.to);
        }
        break;
      case "FunctionDefinition":
      case "ClassDefinition": {
        const params = atLeast(target, 12) ? null : node().getChild("TypeParamList");
        if (params) add(name === "FunctionDefinition" ? "expected '('" : "invalid syntax", params.from, params.from + 1);
        break;
      }
      case "ImportStatement":
        if (isFutureImport(text, node())) futureImport(node(), text, target, topLevel ? seenStatement : true, add);
        break;
      case "FormatString":
        if (fstrings) {
          const problem = fstringError311(text.slice(cursor.from, cursor.to), lines.lineOf(cursor.from));
          if (problem) add(problem.message, cursor.from + problem.at, cursor.from + problem.at);
          descend = false; // nested f-strings were checked as part of this one
        }
        break;
      case "VariableName":
      case "PropertyName": {
        if (asciiName(text, cursor.from, cursor.to)) break;
        const t = text.slice(cursor.from, cursor.to);
        if (!IDENTIFIER.test(t.normalize("NFKC"))) {
          const bad = [...t].findIndex((ch, i) => !IDENTIFIER.test(i === 0 ? ch.normalize("NFKC") : `a${ch}`.normalize("NFKC")));
          const offset = cursor.from + [...t].slice(0, Math.max(bad, 0)).join("").length;
          add(invalidCharacter(text.codePointAt(offset)!), offset, offset);
        }
        break;
      }
      default:
        if (cursor.type.isError) refineError(text, cursor.from, add);
    }
    if (descend && cursor.firstChild()) {
      ancestors.push(name);
      continue;
    }
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return merge(found, generic);
      ancestors.pop();
    }
  }
}

/** An expression statement that is one string literal (a docstring, when it comes first). */
function isStringStatement(node: SyntaxNode): boolean {
  const c = node.firstChild;
  return (c?.name === "String" || c?.name === "ContinuedString") && c.nextSibling === null;
}

/** Whether `text[from, to)` is an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`), read without slicing. */
function asciiName(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (i > from && c >= 48 && c <= 57)) continue;
    return false;
  }
  return true;
}

/** CPython's message for a character that is not allowed outside strings and comments. */
function invalidCharacter(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, "0");
  const ch = String.fromCodePoint(cp);
  return NOT_PRINTABLE.test(ch) && ch !== " " ? `invalid non-printable character U+${hex}` : `invalid character '${ch}' (U+${hex})`;
}

/**
 * What CPython says about a place where the grammar found an error: an invalid character there,
 * or a Python 2 `print x` / `exec code` statement just before it.
 */
function refineError(text: string, at: number, add: (message: string, from: number, to: number) => void): void {
  let p = at;
  while (text[p] === " " || text[p] === "\t") p++;
  const cp = text.codePointAt(p);
  if (cp !== undefined && cp > 127 && !IDENTIFIER.test(`a${String.fromCodePoint(cp)}`.normalize("NFKC"))) {
    add(invalidCharacter(cp), p, p);
    return;
  }
  const digits = badDigit(text, p);
  if (digits) {
    add(digits.message, digits.at, digits.at);
    return;
  }
  let b = at;
  while (b > 0 && (text[b - 1] === " " || text[b - 1] === "\t")) b--;
  const before = /(?:^|[^\w.])(print|exec)$/.exec(text.slice(Math.max(0, b - 6), b));
  if (!before) return;
  const next = text[p] ?? "";
  if (!/[\p{L}\p{N}_'"]/u.test(next)) return;
  const word = before[1]!;
  const from = b - word.length;
  const eol = text.indexOf("\n", p);
  const lineEnd = eol === -1 ? text.length : eol;
  const hash = text.lastIndexOf("#", lineEnd);
  const end = (hash >= p ? text.slice(p, hash) : text.slice(p, lineEnd)).trimEnd().length + p;
  add(`Missing parentheses in call to '${word}'. Did you mean ${word}(...)?`, from, end);
}

/** "decimal", "hexadecimal", "octal" or "binary", as CPython names a numeric literal's kind. */
function numberKind(t: string): string {
  const p = t.slice(0, 2).toLowerCase();
  return p === "0x" ? "hexadecimal" : p === "0o" ? "octal" : p === "0b" ? "binary" : "decimal";
}

/**
 * A prefixed integer the grammar could not read, around offset `p`: `0b2` ("invalid digit '2' in
 * binary literal", at the digit), `0x` ("invalid hexadecimal literal", at the `x`).
 */
function badDigit(text: string, p: number): { message: string; at: number } | null {
  let s = p;
  while (s > 0 && /[0-9A-Za-z_]/.test(text[s - 1]!)) s--;
  const m = /^0([xXoObB])([0-9A-Za-z_]*)/.exec(text.slice(s, s + 64));
  if (!m || s + m[0].length < p) return null;
  const kind = numberKind(m[0]);
  const valid = kind === "hexadecimal" ? /[0-9a-fA-F_]/ : kind === "octal" ? /[0-7_]/ : /[01_]/;
  const rest = m[2]!;
  const i = [...rest].findIndex((c) => !valid.test(c));
  if (i === -1 && rest.replace(/_/g, "") !== "") return null;
  if (i === -1 || i === 0 && !/[0-9]/.test(rest[0]!)) return { message: `invalid ${kind} literal`, at: s + 1 };
  if (/[0-9]/.test(rest[i]!)) return { message: `invalid digit '${rest[i]}' in ${kind} literal`, at: s + 2 + i };
  return { message: `invalid ${kind} literal`, at: s + 2 + i };
}

/** `except E, e:` and `except (E, F), e:`: before 3.14 (PEP 758) a comma needs parentheses. */
function exceptClauses(node: SyntaxNode, target: PythonVersion, add: (message: string, from: number, to: number) => void): void {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== "except") continue;
    // PEP 654 `except*` is 3.11 syntax: older versions stop at the `*`.
    const star = c.nextSibling;
    if (star?.name === "*" && !atLeast(target, 11)) add("invalid syntax", star.from, star.to);
    let first: SyntaxNode | null = null;
    let last: SyntaxNode | null = null;
    let comma = false;
    let alias = false;
    for (let e = c.nextSibling; e && e.name !== "Body"; e = e.nextSibling) {
      if (e.name === "Comment" || (e.name === "*" && first === null)) continue;
      if (e.name === ",") comma = true;
      if (e.name === "as" || e.type.isError) alias = true; // the grammar may wrap `as e` after a comma in an error node
      first ??= e;
      last = e;
    }
    if (comma && first && last && (!atLeast(target, 14) || alias)) add("multiple exception types must be parenthesized", first.from, last.to);
  }
}

/**
 * Where a decorator leaves the grammar of Python 3.8 (`@` dotted name, optionally one call, newline;
 * PEP 614 relaxed it in 3.9): the offset of the first character outside it, or `null` when it fits.
 */
function relaxedDecorator(text: string, node: SyntaxNode): number | null {
  const kids: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") kids.push(c);
  let i = 1; // after At
  let expectName = true;
  for (; i < kids.length; i++) {
    const k = kids[i]!;
    if (expectName && k.name === "VariableName") expectName = false;
    else if (!expectName && k.name === ".") expectName = true;
    else break;
  }
  if (i < kids.length && !expectName && kids[i]!.name === "ArgList") i++;
  if (i === kids.length && !expectName) return null;
  // The first character after the dotted prefix (`[` in `@a[0].b`).
  const m = /^@\s*[\p{XID_Start}_][\p{XID_Continue}]*(?:\s*\.\s*[\p{XID_Start}_][\p{XID_Continue}]*)*\s*/u.exec(text.slice(node.from, node.to));
  return node.from + (m ? m[0].length : 1);
}

/** Whether an ImportStatement is `from __future__ import …`. */
function isFutureImport(text: string, node: SyntaxNode): boolean {
  const from = node.firstChild;
  const mod = from?.nextSibling;
  return from?.name === "from" && mod?.name === "VariableName" && text.slice(mod.from, mod.to) === "__future__";
}

/** A `from __future__ import …`: its features must exist in the target, and it must come first. */
function futureImport(node: SyntaxNode, text: string, target: PythonVersion, misplaced: boolean, add: (message: string, from: number, to: number) => void): void {
  let afterImport = false;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === "import") afterImport = true;
    else if (afterImport && (c.name === "VariableName" || c.name === "*")) {
      const feature = text.slice(c.from, c.to);
      const since = FUTURE_FEATURES[feature];
      if (feature === "braces") return add("not a chance", node.from, node.to);
      if (since === undefined || !atLeast(target, since)) return add(`future feature ${feature} is not defined`, node.from, node.to);
      if (c.nextSibling?.name === "as") c = c.nextSibling.nextSibling ?? c;
    }
  }
  if (misplaced) add("from __future__ imports must occur at the beginning of the file", node.from, node.to);
}

/** Our errors plus the grammar's that none of ours explains, sorted by position. */
function merge(found: readonly Diagnostic[], generic: readonly Diagnostic[]): Diagnostic[] {
  if (found.length === 0) return [...generic];
  const explained = (g: Diagnostic): boolean =>
    g.span !== null && found.some((f) => f.span !== null && g.span!.line >= f.span.line && g.span!.line <= Math.max(f.span.endLine, f.span.line));
  const out = [...found, ...generic.filter((g) => !explained(g))];
  return out.sort((a, b) => (a.span?.from ?? Infinity) - (b.span?.from ?? Infinity));
}
