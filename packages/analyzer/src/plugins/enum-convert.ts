/**
 * `Enum._convert_(name, module, filter, source=None)` at module level (socket, signal, ssl):
 * `EnumType._convert_` builds an enum class `module:name` from the names of the module's globals (or
 * of `source`'s `__dict__`) that `filter` accepts, sorted by value then name, and binds it as a global.
 *
 * ```python
 * from _socket import *
 * IntEnum._convert_('AddressFamily', __name__, lambda C: C.isupper() and C.startswith('AF_'))
 * # socket.AddressFamily: an IntEnum whose members are AF_UNIX, AF_INET, …
 * ```
 *
 * The class is recorded at bind time (its base is the receiver of `_convert_`); its members are
 * decided at link time when the filter is a lambda of the forms the stdlib writes (`startswith`,
 * `endswith`, `isupper`, `islower`, `==`/`!=`, `in`/`not in` a literal of strings, `and`/`or`/`not`);
 * otherwise the class has no members.
 */
import type { Call, Span } from "@static-inspect/parser";
import type { SummaryExpression, Unlocated } from "../model/expressions.ts";
import type { Binder, ScopeFrame } from "../bind/binder.ts";
import type { ClassInfo } from "../model/objects.ts";
import type { LinkContext } from "../link/context.ts";
import { resolveExpression } from "../link/resolve.ts";
import { starExportedNames } from "../link/module-members.ts";

/** What `ClassInfo.plugins.enum` records for a class made by `_convert_` (plain JSON data). */
export interface ConvertFacts {
  readonly convert: {
    /** The filter lambda's parameter name and body; `null` when the filter is not a one-parameter lambda. */
    readonly filter: { readonly parameter: string; readonly body: SummaryExpression } | null;
    /** The `source=` expression (a module), or `null` for the module's own globals. */
    readonly source: SummaryExpression | null;
    /** The 1-based line of the call: the globals are the names bound before it. */
    readonly line: number;
  };
}

/**
 * Bind: records the class a module-level `X._convert_('Name', __name__, filter, …)` expression
 * statement makes (id `module:Name`, base `X`, no source lines: `inspect.findsource` finds no class
 * statement; `__doc__` 'An enumeration.'), and binds `Name` to it. Returns whether `call` was such a call. Never throws.
 */
export function bindConvertCall(b: Binder, call: Unlocated<Call>, frame: ScopeFrame, span: Span): boolean {
  if (frame.kind !== "module" || call.func.kind !== "Attribute" || call.func.attr !== "_convert_") return false;
  const positional = call.args.filter((a) => a.name === null && a.star === "").map((a) => a.value);
  const keyword = (n: string) => call.args.find((a) => a.name === n)?.value;
  const nameArg = positional[0] ?? keyword("name");
  const moduleArg = positional[1] ?? keyword("module");
  const filterArg = positional[2] ?? keyword("filter");
  if (nameArg?.kind !== "Constant" || nameArg.type !== "str" || !nameArg.value || !/^[A-Za-z_]\w*$/.test(nameArg.value)) return false;
  if (moduleArg?.kind !== "Name" || moduleArg.id !== "__name__") return false;
  const name = nameArg.value;
  const filter = filterArg?.kind === "Lambda" && filterArg.parameters.length === 1 && filterArg.parameters[0]!.kind === "POSITIONAL_OR_KEYWORD" ? { parameter: filterArg.parameters[0]!.name, body: filterArg.body } : null;
  const facts: ConvertFacts = { convert: { filter, source: positional[3] ?? keyword("source") ?? null, line: span.line } };
  const info: ClassInfo = { bases: [call.func.value], keywords: [], namespace: ["__module__", "__doc__"], annotations: [], slots: null, plugins: { enum: facts } };
  const id = b.id(name);
  // `_simple_enum` (3.11+), and the functional API before it, give a class without a doc this one
  b.define(b.classWithoutStatement(b.located(id, name, name, frame.owner, { line: span.line, endLine: span.endLine }, span), "An enumeration.", info));
  b.setBinding(frame, name, { kind: "definition", target: id, line: span.line });
  return true;
}

/** The `_convert_` facts of class `id`, or `null` when it was not made so. */
export function convertFacts(cx: LinkContext, id: string): ConvertFacts["convert"] | null {
  const facts = cx.object(id)?.class?.plugins?.["enum"] as ConvertFacts | undefined;
  return facts?.convert ?? null;
}

/**
 * The member names of class `id` made by `_convert_`, in `__members__` order (by value, then name,
 * when every value is a known int; else by name, as `_convert_` falls back on a `TypeError`); `[]`
 * when the filter or the source's names cannot be decided; `null` when `id` was not made by `_convert_`.
 */
export function convertedMemberNames(cx: LinkContext, id: string): string[] | null {
  return convertedMembers(cx, id)?.map(([n]) => n) ?? null;
}

// Memo tables: the members of each converted class per link context, the converted classes per summary.
const membersMemo = new WeakMap<LinkContext, Map<string, [string, bigint | null][] | null>>();
const convertedMemo = new WeakMap<object, readonly string[]>();

/** {@link convertedMemberNames} with each member's int value (`null` when unknown). */
function convertedMembers(cx: LinkContext, id: string): [string, bigint | null][] | null {
  let memo = membersMemo.get(cx);
  if (!memo) membersMemo.set(cx, (memo = new Map()));
  if (memo.has(id)) {
    cx.touch("enum", id);
    return memo.get(id)!;
  }
  const out = cx.computing(() => computeMembers(cx, id), { table: "enum", id });
  memo.set(id, out);
  return out;
}

function computeMembers(cx: LinkContext, id: string): [string, bigint | null][] | null {
  const facts = convertFacts(cx, id);
  const o = cx.object(id);
  if (!facts || !o) return null;
  if (!facts.filter) return [];
  const names = sourceNames(cx, o.scope, facts.source, facts.line);
  if (!names) return [];
  const picked: [string, bigint | null][] = [];
  for (const [n, v] of names) {
    const keep = accepts(facts.filter.body, facts.filter.parameter, n);
    if (keep === null) return [];
    if (keep) picked.push([n, v]);
  }
  const byName = (a: [string, bigint | null], b: [string, bigint | null]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  if (picked.every(([, v]) => v !== null)) return picked.sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : byName(a, b)));
  return picked.sort(byName);
}

/**
 * `repr()` of module-level name `name` of module `moduleName` as a statement at `atLine` sees it
 * (`undefined`: after the whole module ran) when a `_convert_` call before that line rebound it to a
 * member of the class it built (`_convert_` updates the globals with `cls.__members__`):
 * `<AddressFamily.AF_INET: 2>`, an alias value naming its canonical member (the first by value, then name). `null` when the name is
 * not such a member, its value is unknown, or the module binds the name again after the call.
 */
export function convertedMemberRepr(cx: LinkContext, moduleName: string, name: string, atLine?: number): string | null {
  const s = cx.module(moduleName);
  if (!s) return null;
  let converted = convertedMemo.get(s);
  if (!converted) convertedMemo.set(s, (converted = s.objects.filter((o) => o.kind === "class" && (o.class?.plugins?.["enum"] as ConvertFacts | undefined)?.convert).map((o) => o.id)));
  for (const id of converted) {
    const o = cx.object(id);
    const facts = convertFacts(cx, id);
    if (!o || !facts || (atLine !== undefined && facts.line >= atLine)) continue;
    if ((s.history[name] ?? []).some((b) => b.line > facts.line && (atLine === undefined || b.line < atLine))) continue;
    const members = convertedMembers(cx, o.id) ?? [];
    const value = members.find(([n]) => n === name)?.[1];
    if (value === undefined || value === null) continue;
    const canonical = members.find(([, v]) => v === value)![0];
    return `<${o.name}.${canonical}: ${value}>`;
  }
  return null;
}

/**
 * The names (with int values where the builtins data knows them) of `source`'s `__dict__` (a C
 * module), or of module `moduleName`'s globals bound before `line` (its own bindings and the names
 * of its star imports); `null` when not known.
 */
function sourceNames(cx: LinkContext, moduleName: string, source: SummaryExpression | null, line: number): Map<string, bigint | null> | null {
  const out = new Map<string, bigint | null>();
  const cModuleNames = (m: string, only?: readonly string[]) => {
    const names = cx.builtins.modules[m]?.names;
    if (!names) return false;
    for (const n of only ?? Object.keys(names)) {
      const v = names[n];
      if (v === undefined) continue;
      const int = typeof v === "object" && v.type === "builtins:int" && v.value !== null && /^-?\d+$/.test(v.value) ? BigInt(v.value) : null;
      out.set(n, int);
    }
    return true;
  };
  if (source) {
    const ref = resolveExpression(cx, moduleName, source, 0, line);
    return ref.kind === "module" && cModuleNames(ref.name) ? out : null;
  }
  const s = cx.module(moduleName);
  if (!s) return null;
  for (const b of s.starImports) {
    if (b.line >= line) continue;
    if (cx.module(b.target)) for (const n of starExportedNames(cx, b.target)) out.set(n, null);
    else if (!cModuleNames(b.target, starExportedNames(cx, b.target))) return null;
  }
  for (const [n, history] of Object.entries(s.history)) if (history.some((b) => b.line < line)) out.set(n, null);
  return out;
}

/** Whether filter body `e` (parameter `p`) is true for `name`; `null` when not decidable. */
function accepts(e: SummaryExpression, p: string, name: string): boolean | null {
  const str = (x: SummaryExpression): string | null => (x.kind === "Constant" && x.type === "str" ? x.value ?? null : null);
  const strs = (x: SummaryExpression): string[] | null => {
    if (x.kind !== "Tuple" && x.kind !== "List" && x.kind !== "Set") return null;
    const out = x.elts.map(str);
    return out.every((s) => s !== null) ? (out as string[]) : null;
  };
  const isParam = (x: SummaryExpression) => x.kind === "Name" && x.id === p;
  if (e.kind === "UnaryOp" && e.op === "not") {
    const v = accepts(e.operand, p, name);
    return v === null ? null : !v;
  }
  if (e.kind === "BinOp" && (e.op === "and" || e.op === "or")) {
    const l = accepts(e.left, p, name);
    if (l === null) return null;
    if (e.op === "and" ? !l : l) return l;
    return accepts(e.right, p, name);
  }
  if (e.kind === "BinOp" && (e.op === "==" || e.op === "!=") && isParam(e.left) && str(e.right) !== null) return (name === str(e.right)) === (e.op === "==");
  if (e.kind === "BinOp" && (e.op === "in" || e.op === "not in") && isParam(e.left)) {
    const set = strs(e.right);
    return set === null ? null : set.includes(name) === (e.op === "in");
  }
  if (e.kind === "Call" && e.func.kind === "Attribute" && isParam(e.func.value)) {
    const args = e.args.every((a) => a.name === null && a.star === "") ? e.args.map((a) => a.value) : null;
    if (!args) return null;
    switch (e.func.attr) {
      case "isupper":
        return args.length === 0 ? name !== name.toLowerCase() && name === name.toUpperCase() : null;
      case "islower":
        return args.length === 0 ? name !== name.toUpperCase() && name === name.toLowerCase() : null;
      case "startswith":
      case "endswith": {
        if (args.length !== 1) return null;
        const prefixes = str(args[0]!) !== null ? [str(args[0]!)!] : strs(args[0]!);
        if (!prefixes) return null;
        return prefixes.some((x) => (e.func.kind === "Attribute" && e.func.attr === "startswith" ? name.startsWith(x) : name.endsWith(x)));
      }
      default:
        return null;
    }
  }
  return null;
}
