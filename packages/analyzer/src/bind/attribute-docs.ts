/**
 * Attribute docstrings and `#:` comments, as Sphinx autodoc's `ModuleAnalyzer.attr_docs` reads them
 * (`sphinx.pycode.parser.VariableCommentPicker`): what documents a name bound by an assignment, kept
 * apart from `__doc__` (an attribute has none of its own).
 *
 * Which statements qualify (Sphinx's rule; griffe reads the same docstrings and `__init__`
 * assignments, but makes no attribute of a tuple-unpacking target, so it documents single names only):
 * - an `Assign` or `AnnAssign` in a module body, a class body (nested `if`/`try`/`for`/`with` bodies
 *   included), or in a class's `__init__` for `self.x = …` (the first positional parameter's name;
 *   other methods' assignments are not documented, as in Sphinx and griffe);
 * - a docstring: the very next statement is a plain string literal (an f-string is not one); it
 *   documents every name of the first target (`a, b = 1, 2` → both; `a = b = 1` → `a` only);
 * - a `#:` comment on the assignment's last line, after it (`x = 1  #: doc`), or, when the assignment
 *   starts its line, the unbroken run of `#:` lines right above it; these document every name of
 *   every target. A docstring wins over a comment, a `#:` comment after over the lines above; of
 *   several documented assignments of a name in one scope (`__init__` counts as the class's), the
 *   last in source order documents it, and an undocumented one keeps the earlier doc.
 *
 * Text is cleaned as `inspect.cleandoc` cleans it (the `#: ` markers removed first). Targets that are
 * not names (`a[i] = …`, `obj.x = …` outside `__init__`, `self.x.y = …`) document nothing.
 */
import type { AnnAssign, Assign, Expression, Statement } from "@static-inspect/parser";
import type { AttributeDoc, DefinedObject } from "../model/objects.ts";
import type { Binder, ScopeFrame } from "./binder.ts";
import { cleandoc } from "./sourcelines.ts";
import { mangle } from "./names.ts";

const COMMENT_LINE = /^\s*#: ?(.*?)\r?\n?$/;

/**
 * Records the attribute doc of assignment `s` (followed by `next` in its body) for the ids of the
 * names it binds (`b.attributeDocs`, given to the objects by {@link withAttributeDocs} when binding
 * ends); in `__init__`, a documented instance attribute becomes an attribute object of the class
 * (see `AttributeInfo.instance`) unless the class already has one of that name. Never throws.
 */
export function recordAttributeDoc(b: Binder, s: Assign | AnnAssign, next: Statement | undefined, frame: ScopeFrame): void {
  const targets = s.kind === "Assign" ? s.targets : [s.target];
  const self = frame.kind === "function" ? selfName(b, frame) : null;
  if (frame.kind === "function" && self === null) return;
  const docstring = next?.kind === "Expr" && next.value.kind === "Constant" && next.value.type === "str" && next.value.value !== null ? next.value.value : null;
  const comment = docstring === null ? commentFor(b, s) : null;
  if (docstring === null && comment === null) return;
  const doc: AttributeDoc = docstring !== null ? { text: cleandoc(docstring), source: "docstring" } : { text: comment!, source: "comment" };
  const documented = docstring !== null ? targets.slice(0, 1) : targets;
  for (const t of documented) {
    for (const name of targetNames(t, self)) {
      if (frame.kind === "function") instanceAttribute(b, s, name, doc, frame);
      else b.attributeDocs.set(b.id(frame.prefix + name), doc);
    }
  }
}

/** The name `self` has in `frame` when it is the body of a class's `__init__` (a plain method), else `null`. */
function selfName(b: Binder, frame: ScopeFrame): string | null {
  // Kind `method` is a def bound directly in a class body (the class object is made after its body).
  const method = b.objects.get(frame.owner);
  if (method?.kind !== "method" || method.name !== "__init__" || !method.parent || !method.function) return null;
  const first = method.function.parameters.find((p) => p.kind === "POSITIONAL_ONLY" || p.kind === "POSITIONAL_OR_KEYWORD");
  return first?.name ?? null;
}

/** The names a target binds: `a`, each of `a, (b, *c)`; in `__init__`, `x` of `self.x`. */
function targetNames(t: Expression, self: string | null): string[] {
  if (t.kind === "Tuple" || t.kind === "List") return t.elts.flatMap((e) => targetNames(e, self));
  if (t.kind === "Starred") return targetNames(t.value, self);
  if (self === null) return t.kind === "Name" ? [t.id] : [];
  return t.kind === "Attribute" && t.value.kind === "Name" && t.value.id === self ? [t.attr] : [];
}

/** The `#:` comment after the assignment on its last line, else the `#:` lines right above it; `null` when none. */
function commentFor(b: Binder, s: Assign | AnnAssign): string | null {
  const last = b.lineTexts[s.span.endLine - 1] ?? "";
  const end = s.span.line === s.span.endLine ? s.span.endColumn : 0;
  // A plain comment after it (`x = 1  # note`) leaves the `#:` lines above to document it.
  const after = commentAfter(last, end);
  const m = after === null ? null : COMMENT_LINE.exec(after);
  if (m) return cleandoc(m[1]!);
  const first = b.lineTexts[s.span.line - 1] ?? "";
  if (first.slice(0, s.span.column).trim() !== "") return null;
  const lines: string[] = [];
  for (let i = s.span.line - 2; i >= 0; i--) {
    const m = COMMENT_LINE.exec(b.lineTexts[i]!);
    if (!m) break;
    lines.unshift(m[1]!);
  }
  return lines.length ? cleandoc(lines.join("\n")) : null;
}

/** The `#` comment of `line` at or after column `from` (quotes skipped), or `null`. */
function commentAfter(line: string, from: number): string | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return i >= from ? line.slice(i) : null;
  }
  return null;
}

/**
 * The objects with the attribute docs recorded in `b.attributeDocs` (each attribute object of the id
 * gets its id's doc; other kinds none). Map order is kept: objects come back in the given order.
 */
export function withAttributeDocs(b: Binder, objects: readonly DefinedObject[]): DefinedObject[] {
  if (b.attributeDocs.size === 0) return [...objects];
  return objects.map((o) => {
    const doc = o.kind === "attribute" ? b.attributeDocs.get(o.id) : undefined;
    return doc ? { ...o, attributeDoc: doc } : o;
  });
}

/** `self.name = …` with a doc in `__init__`: the class's attribute object of that name gets it, made when missing. */
function instanceAttribute(b: Binder, s: Assign | AnnAssign, name: string, doc: AttributeDoc, frame: ScopeFrame): void {
  const method = b.objects.get(frame.owner)!;
  const classQualname = method.qualname!.slice(0, -".__init__".length);
  const key = mangle(classQualname.slice(classQualname.lastIndexOf(".") + 1), name);
  const qualname = `${classQualname}.${key}`;
  const id = b.id(qualname);
  b.attributeDocs.set(id, doc);
  if (b.objects.has(id)) return;
  const obj = b.attributeObject(b.located(id, qualname, key, method.parent!, { line: s.span.line, endLine: s.span.endLine }, s.span), {
    annotation: s.kind === "AnnAssign" ? s.annotation : null,
    value: s.value,
    instance: true,
  });
  b.define(obj);
}
