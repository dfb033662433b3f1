/**
 * `inspect.getclosurevars`: the names a function's code refers to, sorted into nonlocals, globals,
 * builtins and unbound names the way CPython 3.11's `getclosurevars` sorts them, from the code
 * object's `co_freevars` and `co_names` as the parser computes them (see the parser's `CodeNames`).
 */
import type { LinkContext } from "../link/context.ts";
import { exports, resolveExpression, resolveName, starImports, type Ref } from "../link/resolve.ts";
import { stdlibFacts } from "../data/stdlib.ts";
import type { DefinedObject } from "../model/objects.ts";
import { predicates } from "./predicates.ts";
import { dottedExpression, transparentlyDecorated, wrapsWrapper } from "./wrappers.ts";

/**
 * One entry of a `ClosureVars` mapping: the name, and the id of the object it holds when that is
 * statically known (`module:qualname` of a class or function, a module's name, a builtin's id such as
 * `builtins:len`), else `null` (a value computed at run time, a parameter of the enclosing function).
 */
export interface ClosureVar {
  readonly name: string;
  readonly id: string | null;
}

/**
 * `inspect.ClosureVars(nonlocals, globals, builtins, unbound)`:
 * - `nonlocals`: `co_freevars` with the cell contents, in `co_freevars` order (sorted);
 * - `globals`: the `co_names` found in the function's module namespace (`__globals__`), in `co_names` order;
 * - `builtins`: the other `co_names` that `builtins` has, in `co_names` order;
 * - `unbound`: the rest (a set in Python: sorted here). Attribute names land here or in the two
 *   mappings above, as in CPython, which cannot tell them from global names.
 * `None`, `True` and `False` are left out, as CPython leaves them out.
 */
export interface ClosureVars {
  readonly nonlocals: readonly ClosureVar[];
  readonly globals: readonly ClosureVar[];
  readonly builtins: readonly ClosureVar[];
  readonly unbound: readonly string[];
}

/**
 * The `def` whose code object `inspect` reads for `o` (a function or method, a classmethod's
 * `__func__`, the `functools.wraps` function a decorator puts in its place), or `null` when the object
 * is not a Python function or not one whose source is known.
 */
export function codeOwner(cx: LinkContext, o: DefinedObject): DefinedObject | null {
  const f = o.function;
  if (!f) return null;
  if (o.kind !== "function" && o.kind !== "method" && o.kind !== "staticmethod" && o.kind !== "classmethod") return null;
  const p = predicates(cx, o.id);
  if (!p.isfunction && !p.ismethod) return null;
  if (!boundAsDefined(cx, o)) return null;
  if (f.wrapper === "wraps") return knownWrapper(cx, o);
  if (f.wrapper !== null) return null;
  if (f.unknownDecorators.length) return wrapsWrapper(cx, o.id) ?? (transparentlyDecorated(cx, o.id) ? o : null);
  return o;
}

/** Whether the owner's namespace still holds the `def` at the end (not rebound: `f = lru_cache()(f)`). */
function boundAsDefined(cx: LinkContext, o: DefinedObject): boolean {
  const parent = o.parent ? cx.object(o.parent) : null;
  if (!parent) return false;
  const summary = cx.module(o.scope);
  if (!summary) return false;
  if (parent.kind === "module") return summary.scope[o.name]?.target === o.id;
  if (parent.kind === "class") {
    const b = summary.classScopes[parent.id]?.[o.name];
    return !b || b.kind !== "definition" || b.target === o.id;
  }
  return true;
}

/**
 * The `@functools.wraps(func)` function a known decorator (`contextlib.contextmanager`) defines
 * inside itself and returns in place of `o`, whose code `inspect` then reads.
 */
function knownWrapper(cx: LinkContext, o: DefinedObject): DefinedObject | null {
  const m = /^([\w.]+)$/.exec(o.decorators[0] ?? "");
  if (!m) return null;
  const ref = resolveExpression(cx, o.scope, dottedExpression(m[1]!), 0, cx.runLine(o));
  if (ref.kind !== "object") return null;
  const prefix = `${ref.id}.<locals>.`;
  const deco = cx.object(ref.id);
  const helpers = (deco ? (cx.module(deco.scope)?.objects ?? []) : []).filter(
    (x) => x.id.startsWith(prefix) && !x.id.slice(prefix.length).includes(".") && x.function && x.decorators.some((d) => /(^|\.)wraps\(/.test(d)),
  );
  return helpers.length === 1 ? helpers[0]! : null;
}

/** The dunder names every module's `__dict__` has (and `__path__` in a package). */
function moduleDunders(cx: LinkContext, isPackage: boolean): Set<string> {
  const names = new Set(stdlibFacts(cx.target.python).moduleAttributes);
  names.delete("__dict__");
  if (!isPackage) names.delete("__path__");
  return names;
}

function refId(r: Ref): string | null {
  switch (r.kind) {
    case "object":
    case "builtin":
      return r.id;
    case "module":
      return r.name;
    default:
      return null;
  }
}

/**
 * `inspect.getclosurevars(func)` for a function or method id (a classmethod as its `__func__`).
 *
 * The module namespace is the final one of the module whose source defines the function (its
 * bindings, what `from m import *` gave it, the module dunders): what `func.__globals__` holds once
 * the module has been imported. A nonlocal's `id` is the nested `def`/`class` of the enclosing
 * function that binds it, or the class for `__class__`, else `null`.
 *
 * Returns `null` where CPython raises `TypeError` (not a Python function: a class, a property, an
 * `lru_cache` wrapper) and where the function object is not known (an unknown decorator replaces it,
 * a syntax error in its body). Never throws.
 */
export function getclosurevars(cx: LinkContext, id: string): ClosureVars | null {
  const o = cx.object(id);
  if (!o) return null;
  const owner = codeOwner(cx, o);
  const code = owner?.function?.code;
  if (!owner || !code) return null;
  const summary = cx.module(owner.scope);
  if (!summary) return null;
  const dunders = moduleDunders(cx, summary.isPackage);
  const stars = starImports(summary.starImports);
  const inGlobals = (name: string) => !!summary.scope[name] || dunders.has(name) || stars.some((b) => exports(cx, b.target, name));
  const builtinNames = cx.builtins.modules.builtins?.names ?? {};

  const nonlocals = code.freevars.map((name) => ({ name, id: nonlocalId(cx, owner, name) }));
  const globals: ClosureVar[] = [];
  const builtins: ClosureVar[] = [];
  const unbound: string[] = [];
  for (const name of code.names) {
    if (name === "None" || name === "True" || name === "False") continue;
    if (inGlobals(name)) globals.push({ name, id: dunders.has(name) && !summary.scope[name] ? null : refId(resolveName(cx, owner.scope, name)) });
    else if (Object.prototype.hasOwnProperty.call(builtinNames, name)) builtins.push({ name, id: refId(resolveName(cx, "builtins", name)) ?? `builtins:${name}` });
    else unbound.push(name);
  }
  unbound.sort();
  return { nonlocals, globals, builtins, unbound };
}

/** What a free variable's cell holds, when an enclosing `def`/`class` statement is what binds it. */
function nonlocalId(cx: LinkContext, fn: DefinedObject, name: string): string | null {
  for (let p = fn.parent ? cx.object(fn.parent) : null; p; p = p.parent ? cx.object(p.parent) : null) {
    if (p.kind === "class") {
      if (name === "__class__") return p.id;
      continue;
    }
    if (!p.function) return null;
    const local = cx.object(`${p.id}.<locals>.${name}`);
    return local && local.parent === p.id ? local.id : null;
  }
  return null;
}
