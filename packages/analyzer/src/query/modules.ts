/**
 * inspect's module and file functions: `getmodulename`, `getfile`, `getsourcefile`, `getmodule`, and
 * `getmembers_static` / `getattr_static` on a module, answered from the summaries as CPython 3.11's
 * `inspect` answers them for the imported module.
 */
import type { LinkContext } from "../link/context.ts";
import type { Member, StaticAttribute } from "../link/members.ts";
import { exports, moduleExists, resolveName, starImports } from "../link/resolve.ts";
import { all } from "../link/all.ts";
import { stdlibFacts, type StdlibFacts } from "../data/stdlib.ts";
import { codeOwner } from "./closurevars.ts";

/**
 * `inspect.getmodulename(path)`: the file name without the longest of `importlib.machinery`'s
 * suffixes it ends with (`.py`, `.pyc`, the extension suffixes), or `null` (None) when it ends with
 * none. Only the last path component is read (`/` or, as `os.path.basename` on Windows, `\\` when
 * `windows`). `pkg/__init__.py` gives `"__init__"`. Never throws.
 */
export function getmodulename(path: string, suffixes: StdlibFacts["importSuffixes"], windows = false): string | null {
  const name = path.slice(Math.max(path.lastIndexOf("/"), windows ? path.lastIndexOf("\\") : -1) + 1);
  const all = [...suffixes.source, ...suffixes.bytecode, ...suffixes.extension].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  for (const s of all) if (name.endsWith(s)) return name.slice(0, name.length - s.length);
  return null;
}

/** The file a module's `__file__` names: its source path (`null` for a stub, which nothing imports, or a C module). */
function moduleFile(cx: LinkContext, name: string): string | null {
  const s = cx.module(name);
  if (!s || s.path.endsWith(".pyi")) return null;
  return s.path;
}

/**
 * `inspect.getfile(obj)` for an object id: a module's `__file__`; for a class, the `__file__` of
 * the module its `__module__` names; for a function or method, `co_filename` of its code (the file
 * of the `def`, or of the `functools.wraps` function a known decorator returns). Paths as the
 * analyser was given them. `null` where CPython raises `TypeError` (a C module or class, a property,
 * an `lru_cache` wrapper, a plain attribute) and where the object is not statically known.
 */
export function getfile(cx: LinkContext, id: string): string | null {
  const o = cx.object(id);
  if (!o) return null;
  if (o.kind === "module") return moduleFile(cx, o.id);
  if (o.kind === "class") return moduleFile(cx, o.module);
  const owner = codeOwner(cx, o);
  return owner && !owner.path.endsWith(".pyi") ? owner.path : null;
}

/**
 * `inspect.getsourcefile(obj)`: {@link getfile}'s file when it is source (a `.pyc` name maps to its
 * `.py`, an extension module gives `null`). The analyser reads source files, so for them this is
 * `getfile`'s answer. Never throws.
 */
export function getsourcefile(cx: LinkContext, id: string): string | null {
  const file = getfile(cx, id);
  if (file === null) return null;
  const { source, bytecode, extension } = stdlibFacts(cx.target.python).importSuffixes;
  if (bytecode.some((s) => file.endsWith(s))) return file.replace(/\.[^./\\]*$/, source[0] ?? ".py");
  if (extension.some((s) => file.endsWith(s))) return null;
  return file;
}

/**
 * `inspect.getmodule(obj)` as a module name: a module itself; the module `__module__` names for a
 * class or function (when the program can import it). `null` (None) for objects without
 * `__module__` (a property) and where it is not statically known. Never throws.
 */
export function getmodule(cx: LinkContext, id: string): string | null {
  const o = cx.object(id);
  if (!o) return cx.builtins.objects[id]?.module ?? (moduleExists(cx, id) && !id.includes(":") ? id : null);
  if (o.kind === "module") return o.id;
  if (o.kind === "property" || o.kind === "attribute" || o.kind === "cached_property") return null;
  return moduleExists(cx, o.module) ? o.module : null;
}

/** The dunder names a module's `__dict__` has once imported (`__path__` only in a package). */
function moduleDunders(cx: LinkContext, isPackage: boolean): string[] {
  return stdlibFacts(cx.target.python).moduleAttributes.filter((n) => n !== "__dict__" && (isPackage || n !== "__path__"));
}

/** A module's `__dict__` keys once imported: its bindings, what `from m import *` gave it, the import system's dunders; `null` when not found. */
export function moduleNamespace(cx: LinkContext, name: string): string[] | null {
  const s = cx.module(name);
  if (!s) {
    const c = cx.builtins.modules[name];
    return c ? Object.keys(c.names) : null;
  }
  const names = new Set<string>([...moduleDunders(cx, s.isPackage), ...Object.keys(s.scope)]);
  for (const b of starImports(s.starImports)) {
    const from = cx.module(b.target);
    const candidates = from ? (all(cx, b.target) ?? Object.keys(from.scope)) : Object.keys(cx.builtins.modules[b.target]?.names ?? {});
    for (const n of candidates) if (exports(cx, b.target, n)) names.add(n);
  }
  // An annotated assignment at module level makes the module body start with SETUP_ANNOTATIONS.
  if (s.objects.some((o) => o.kind === "attribute" && o.parent === name && o.attribute?.annotation)) names.add("__annotations__");
  return [...names];
}

/**
 * `inspect.getmembers_static(module)`: the module's `__dict__` names (see {@link moduleNamespace}),
 * sorted, each owned by the module. `null` when the module is not found.
 */
export function moduleMembers(cx: LinkContext, name: string): Member[] | null {
  const names = moduleNamespace(cx, name);
  if (!names) return null;
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => ({ name: n, owner: name }));
}

/**
 * `inspect.getattr_static(module, name)`: the module's `__dict__` entry (a binding, a star-imported
 * name, an import-system dunder), with the id it refers to when that is a defined or builtin object;
 * `null` when the module has no such entry.
 */
export function moduleAttribute(cx: LinkContext, module: string, name: string): StaticAttribute | null {
  const names = moduleNamespace(cx, module);
  if (!names?.includes(name)) return null;
  const r = resolveName(cx, module, name);
  return { owner: module, id: r.kind === "object" || r.kind === "builtin" ? r.id : null };
}
