import type { NameBinding } from "../model/summary.ts";
import type { SummaryExpression } from "../model/expressions.ts";
import type { LinkContext } from "./context.ts";
import { stdlibFacts } from "../data/stdlib.ts";
import { all } from "./all.ts";
import { getattr_static } from "./members.ts";

/** The reason given when resolution comes back to a name it is resolving (an alias or import cycle). */
export const CYCLE = "cyclic alias chain";
/** The reason given when a chain of aliases and imports is longer than {@link MAX_CHAIN} (not a cycle). */
export const TOO_DEEP = "alias chain too long";
/** How many aliases, imports and attribute steps resolution follows before giving up. */
export const MAX_CHAIN = 40;

/** Whether an unresolved reason says resolution ran in a cycle or too deep (either stops a chain). */
export const isChainFailure = (reason: string): boolean => reason.startsWith(CYCLE) || reason.startsWith(TOO_DEEP);

/** What a name or expression refers to. */
export type Ref =
  | { readonly kind: "object"; readonly id: string }
  | { readonly kind: "module"; readonly name: string }
  | { readonly kind: "builtin"; readonly id: string }
  /**
   * A value bound by an assignment: its expression, the module it is written in, the class whose body
   * binds it (`owner`), and the name that statement binds when known (`name`), so `module:name` or
   * `owner.name` is the id of the attribute that holds it.
   */
  | { readonly kind: "value"; readonly expression: SummaryExpression; readonly module: string; readonly owner?: string; readonly line?: number; readonly name?: string }
  /** A value of a C module (or builtins), with its type id and `repr()` when the data records one. */
  | { readonly kind: "constant"; readonly type: string; readonly repr: string | null }
  | { readonly kind: "unresolved"; readonly reason: string };


/**
 * The `from m import *` statements in effect: per imported module, the last one (before `atLine`,
 * 1-based, when given), in source order.
 */
export function starImports(list: readonly NameBinding[], atLine?: number): NameBinding[] {
  const last = new Map<string, NameBinding>();
  for (const b of list) if (atLine === undefined || b.line < atLine) last.set(b.target, b);
  return [...last.values()];
}

/** Whether `from module import name` finds something: a binding, a star-imported name, a submodule or a C attribute. */
export function hasName(cx: LinkContext, moduleName: string, name: string): boolean {
  if (stdlibFacts(cx.target.python).moduleAttributes.includes(name)) return true;
  const s = cx.module(moduleName);
  const replacement = replacingModule(cx, moduleName);
  if (replacement !== null) return replacement !== "" && hasName(cx, replacement, name);
  if (s) {
    if (s.scope[name]) return true;
    if (s.scope.__getattr__) return true; // PEP 562: the module provides names lazily
    if (starImports(s.starImports).some((b) => exports(cx, b.target, name))) return true;
  } else if (cx.builtins.modules[moduleName]?.names[name] !== undefined) return true;
  return cx.module(`${moduleName}.${name}`) !== null;
}

/**
 * The module importers of `moduleName` get when it replaces itself in `sys.modules`
 * (`ModuleSummary.replacedBy`, followed to the end), `null` when it stays itself, `""` for a cycle.
 */
function replacingModule(cx: LinkContext, moduleName: string): string | null {
  let name = moduleName;
  for (let i = 0; i <= MAX_CHAIN; i++) {
    const next = cx.module(name)?.replacedBy;
    if (next === undefined || next === name) return name === moduleName ? null : name;
    if (next === moduleName) return "";
    name = next;
  }
  return "";
}

/** Whether a module can be imported: analysed, found on the search roots, or in the builtins data. */
export function moduleExists(cx: LinkContext, name: string): boolean {
  return cx.canImport(name);
}

/** Resolves `name` as looked up in module `moduleName`'s global namespace, then builtins. */
export function resolveName(cx: LinkContext, moduleName: string, name: string, depth = 0, atLine?: number): Ref {
  const key = `${moduleName}\0${name}\0${atLine ?? ""}`;
  if (cx.resolving.has(key)) return { kind: "unresolved", reason: `${CYCLE} at ${moduleName}.${name}` };
  if (depth > MAX_CHAIN) return { kind: "unresolved", reason: `${TOO_DEEP} at ${moduleName}.${name}` };
  cx.resolving.add(key);
  try {
    return resolveNameIn(cx, moduleName, name, depth, atLine);
  } finally {
    cx.resolving.delete(key);
  }
}

function resolveNameIn(cx: LinkContext, moduleName: string, name: string, depth: number, atLine: number | undefined): Ref {
  const summary = cx.module(moduleName);
  if (!summary) return resolveBuiltinModuleName(cx, moduleName, name);
  const replacement = replacingModule(cx, moduleName);
  if (replacement === "") return { kind: "unresolved", reason: `${CYCLE} of sys.modules replacements at ${moduleName}` };
  if (replacement !== null) return resolveName(cx, replacement, name, depth + 1);
  // The binding in effect: the last one before `atLine` (a statement running at import time), else the final one.
  const before = (list: readonly NameBinding[] | undefined) => {
    let hit: NameBinding | undefined;
    for (const h of list ?? []) if (h.line < atLine!) hit = h;
    return hit;
  };
  const b = atLine === undefined ? summary.scope[name] : before(summary.history[name]);
  // A later `from m import *` that exports the name rebinds it (operator.py ends with `from _operator import *`).
  const stars: NameBinding[] = [];
  for (const candidate of starImports(summary.starImports, atLine)) {
    if ((!b || candidate.line > b.line) && exports(cx, candidate.target, name)) stars.push(candidate);
  }
  stars.sort((x, y) => y.line - x.line);
  let cyclic: Ref | null = null;
  for (const star of stars) {
    const r = resolveFrom(cx, star.target, name, depth + 1);
    // A star import that hands the name back to this module (a circular import) leaves it as the
    // earlier binding made it.
    if (r.kind === "unresolved" && isChainFailure(r.reason)) cyclic ??= r;
    else return r;
  }
  if (cyclic && !b) return cyclic;
  if (b) return resolveBinding(cx, moduleName, b, depth, name);
  const builtin = cx.builtins.modules.builtins?.names[name];
  if (typeof builtin === "string") return { kind: "builtin", id: builtin };
  if (builtin && typeof builtin === "object" && builtin.ref) return { kind: "builtin", id: builtin.ref };
  if (builtin && typeof builtin === "object") return { kind: "constant", type: builtin.type, repr: builtin.value ?? null };
  if (name === "__name__" || name === "__file__" || name === "__doc__") return { kind: "unresolved", reason: "module attribute" };
  return { kind: "unresolved", reason: `name '${name}' is not defined in ${moduleName}` };
}

/** A name of a C module (or builtins) as the builtins data records it. */
export function resolveBuiltinModuleName(cx: LinkContext, moduleName: string, name: string): Ref {
  const entry = cx.builtins.modules[moduleName]?.names[name];
  if (typeof entry === "string") return { kind: "builtin", id: entry };
  if (entry && typeof entry === "object" && entry.ref) return { kind: "builtin", id: entry.ref };
  if (entry && typeof entry === "object" && entry.module) return { kind: "module", name: entry.module };
  if (entry && typeof entry === "object") return { kind: "constant", type: entry.type, repr: entry.value ?? null };
  return { kind: "unresolved", reason: `cannot find '${name}' in module ${moduleName}` };
}

/** What a binding refers to: a definition, a module, an imported name, an alias's target, a value (of the name `name`, when given). */
export function resolveBinding(cx: LinkContext, moduleName: string, b: NameBinding, depth: number, name?: string): Ref {
  switch (b.kind) {
    case "definition":
      return { kind: "object", id: b.target };
    case "import":
      return { kind: "module", name: b.target };
    case "importFrom":
      // `from . import sub` inside package `p` binds p's submodule, not p's own attribute.
      if (b.target === moduleName && cx.module(moduleName)?.isPackage && cx.module(`${moduleName}.${b.name}`)) {
        return { kind: "module", name: `${moduleName}.${b.name}` };
      }
      return resolveFrom(cx, b.target, b.name!, depth + 1);
    case "alias":
      // `x = y` looks `y` up when the assignment runs.
      return resolveExpression(cx, moduleName, b.expression!, depth + 1, b.line);
    case "value": {
      if (!b.expression) return { kind: "unresolved", reason: "value" };
      // `ModuleType = type(sys)`: the class of a value the program knows.
      const cls = typeOfValue(cx, moduleName, b.expression, depth + 1, b.line);
      if (cls) return { kind: "builtin", id: cls };
      return { kind: "value", expression: b.expression, module: moduleName, line: b.line, ...(name !== undefined ? { name } : {}) };
    }
    default:
      return { kind: "unresolved", reason: b.kind };
  }
}

/** The builtin classes of constants, by `Constant.type`, as `type(constant)` gives them. */
const CONSTANT_TYPES: Readonly<Record<string, string>> = { None: "builtins:NoneType", Ellipsis: "builtins:ellipsis", str: "builtins:str", bytes: "builtins:bytes", int: "builtins:int", float: "builtins:float", complex: "builtins:complex", bool: "builtins:bool" };

/**
 * `type(x)` (builtins' `type`, one positional argument) as the builtin class it returns, when `x` is
 * a constant (`None`, `Ellipsis`, a literal), a module (`builtins:module`, as `types.ModuleType = type(sys)`), an undecorated `def`
 * (`builtins:function`) or a C function (`builtins:builtin_function_or_method`); `null` for any
 * other expression or value (a class's type is its metaclass, see `link/classes.ts`).
 */
export function typeOfValue(cx: LinkContext, moduleName: string, e: SummaryExpression, depth: number, atLine?: number): string | null {
  if (e.kind !== "Call" || e.args.length !== 1 || e.args[0]!.name !== null || e.args[0]!.star !== "" || (e.func.kind !== "Name" && e.func.kind !== "Attribute")) return null;
  const f = resolveExpression(cx, moduleName, e.func, depth + 1, atLine);
  if ((f.kind !== "builtin" && f.kind !== "object") || f.id !== "builtins:type") return null;
  const arg = e.args[0]!.value;
  if (arg.kind === "Constant") return CONSTANT_TYPES[arg.type] ?? null;
  if (arg.kind !== "Name" && arg.kind !== "Attribute") return null;
  const r = resolveExpression(cx, moduleName, arg, depth + 1, atLine);
  if (r.kind === "module") return "builtins:module";
  if (r.kind === "constant") return cx.builtins.objects[r.type] ? r.type : null;
  if (r.kind === "object") {
    const o = cx.object(r.id);
    return o?.kind === "function" && o.decorators.length === 0 ? "builtins:function" : null;
  }
  if (r.kind === "builtin") return cx.builtins.objects[r.id]?.kind === "builtin_function" ? "builtins:builtin_function_or_method" : null;
  return null;
}

/** `from module import name`: an attribute of the module, else its submodule. */
export function resolveFrom(cx: LinkContext, moduleName: string, name: string, depth = 0): Ref {
  const summary = cx.module(moduleName);
  const replacement = replacingModule(cx, moduleName);
  if (replacement === "") return { kind: "unresolved", reason: `${CYCLE} of sys.modules replacements at ${moduleName}` };
  if (replacement !== null) return resolveFrom(cx, replacement, name, depth + 1);
  if (summary) {
    if (summary.scope[name] || starImports(summary.starImports).some((b) => exports(cx, b.target, name))) {
      return resolveName(cx, moduleName, name, depth + 1);
    }
    if (cx.module(`${moduleName}.${name}`)) return { kind: "module", name: `${moduleName}.${name}` };
    // PEP 562: a module `__getattr__` provides names lazily; `if TYPE_CHECKING:` imports declare them.
    if (summary.scope.__getattr__) {
      const declared = summary.typeCheckingScope[name];
      if (declared) return resolveBinding(cx, moduleName, declared, depth + 1, name);
      for (const b of starImports(summary.typeCheckingStarImports)) {
        if (exports(cx, b.target, name)) return resolveFrom(cx, b.target, name, depth + 1);
      }
    }
    return { kind: "unresolved", reason: `cannot import name '${name}' from '${moduleName}'` };
  }
  const r = resolveBuiltinModuleName(cx, moduleName, name);
  if (r.kind !== "unresolved") return r;
  if (cx.module(`${moduleName}.${name}`)) return { kind: "module", name: `${moduleName}.${name}` };
  return r;
}

/** Whether `from module import *` binds `name`. */
export function exports(cx: LinkContext, moduleName: string, name: string): boolean {
  const s = cx.module(moduleName);
  const replacement = replacingModule(cx, moduleName);
  if (replacement !== null) return replacement !== "" && exports(cx, replacement, name);
  if (!s) {
    const names = cx.builtins.modules[moduleName]?.names;
    return names ? name in names && !name.startsWith("_") : false;
  }
  const names = all(cx, moduleName);
  if (names) return names.includes(name);
  if (name.startsWith("_")) return false;
  return name in s.scope;
}

/** Resolves a `Name` or dotted `Attribute` expression evaluated in module `moduleName`. */
export function resolveExpression(cx: LinkContext, moduleName: string, e: SummaryExpression, depth = 0, atLine?: number): Ref {
  if (depth > MAX_CHAIN) return { kind: "unresolved", reason: TOO_DEEP };
  if (e.kind === "Name") return resolveName(cx, moduleName, e.id, depth + 1, atLine);
  if (e.kind === "Attribute") {
    const base = resolveExpression(cx, moduleName, e.value, depth + 1, atLine);
    return attributeOf(cx, base, e.attr, depth + 1);
  }
  return { kind: "value", expression: e, module: moduleName };
}

/**
 * `base.attr` statically: a module's attribute or submodule, a class's own or inherited member
 * (`getattr_static`), a C member; unresolved otherwise.
 */
export function attributeOf(cx: LinkContext, base: Ref, attr: string, depth: number): Ref {
  if (base.kind === "module") return resolveFrom(cx, base.name, attr, depth);
  if (base.kind === "object") {
    const obj = cx.object(base.id);
    if (obj?.kind === "class") {
      const scope = cx.module(obj.scope) && cx.summaryOf(obj.scope)?.classScopes[obj.id];
      const b = scope ? scope[attr] : undefined;
      if (b) {
        if (b.kind === "definition") return { kind: "object", id: b.target };
        if (b.kind === "alias" && b.expression) return resolveExpression(cx, obj.scope, b.expression, depth + 1, cx.runLine(obj));
        if (b.kind === "value" && b.expression) return { kind: "value", expression: b.expression, module: obj.scope, owner: obj.id, name: attr };
      }
      const inherited = getattr_static(cx, obj.id, attr);
      if (inherited?.id) return inherited.id.includes(":") && cx.object(inherited.id) ? { kind: "object", id: inherited.id } : { kind: "builtin", id: inherited.id };
    }
    return { kind: "unresolved", reason: `attribute '${attr}' of ${base.id}` };
  }
  if (base.kind === "builtin") {
    const id = `${base.id}.${attr}`;
    if (cx.builtins.objects[id]) return { kind: "builtin", id };
  }
  return { kind: "unresolved", reason: `attribute '${attr}'` };
}
