/**
 * A module's members as `inspect.getmembers_static(module)` lists them (the names of its `__dict__`,
 * sorted), each with what it resolves to and how it came to be bound: by a statement of the module
 * (`def`, `class`, assignment), by an import, by `from m import *`, or by the import system
 * (`__name__`, `__file__`, …).
 *
 * ```python
 * import os                      # os: imported, id "os"
 * from .impl import Thing        # Thing: imported, id "pkg.impl:Thing" (aliases followed)
 * from .consts import *          # each name consts exports: star-imported
 * def f(): ...                   # f: defined, id "pkg:f"
 * VERSION = "1.0"                # VERSION: defined, id "pkg:VERSION" (the attribute)
 * ```
 */
import type { NameBinding } from "../model/summary.ts";
import type { LinkContext } from "./context.ts";
import { all } from "./all.ts";
import { resolveName, starImports, type Ref } from "./resolve.ts";

/** How a module-level name was bound (see the module doc). */
export type MemberHow = "defined" | "imported" | "star-imported" | "implicit";

/** One member of a module: its name, the id it resolves to (`null` when unknown or a plain value), and how it came. */
export interface ModuleMember {
  readonly name: string;
  /** An object id (`m:f`), a module name (`os`), a builtin id (`builtins:len`), or `null`. */
  readonly id: string | null;
  readonly how: MemberHow;
  /** For imports: the 1-based line of the statement that binds the name. */
  readonly line: number | null;
}

/** What the import system sets in every module loaded from a source file (CPython 3.11 `_init_module_attrs`). */
const IMPLICIT = ["__builtins__", "__cached__", "__doc__", "__file__", "__loader__", "__name__", "__package__", "__spec__"];

const MAX_STAR_DEPTH = 20;

/**
 * The names `from moduleName import *` binds: `__all__` when known, else the public names of its
 * namespace (its own star imports included); C modules from the builtins data. Cycles end empty.
 */
export function starExportedNames(cx: LinkContext, moduleName: string, seen: Set<string> = new Set()): string[] {
  if (seen.has(moduleName) || seen.size > MAX_STAR_DEPTH) return [];
  seen.add(moduleName);
  const listed = all(cx, moduleName);
  if (listed) return [...listed];
  const s = cx.module(moduleName);
  if (!s) return Object.keys(cx.builtins.modules[moduleName]?.names ?? {}).filter((n) => !n.startsWith("_"));
  const names = new Set(Object.keys(s.scope).filter((n) => !n.startsWith("_")));
  for (const b of starImports(s.starImports)) for (const n of starExportedNames(cx, b.target, seen)) names.add(n);
  return [...names];
}

function idOf(cx: LinkContext, moduleName: string, name: string, ref: Ref): string | null {
  switch (ref.kind) {
    case "object":
    case "builtin":
      return ref.id;
    case "module":
      return ref.name;
    case "value": {
      // the attribute object of the module whose statement binds the value (same name: star imports, `from m import X`)
      for (const m of [ref.module, moduleName]) if (cx.object(`${m}:${name}`)?.kind === "attribute") return `${m}:${name}`;
      return null;
    }
    default:
      return null;
  }
}

/**
 * `getmembers_static(module)` for module `moduleName`: every module-level name (the final binding),
 * every name a `from m import *` in effect binds and no later statement rebinds, and the import
 * system's names, sorted by name as inspect sorts them; `null` when the module has no source here.
 * Never throws for Python-level problems (an unresolvable name has id `null`).
 */
export function moduleMembers(cx: LinkContext, moduleName: string): ModuleMember[] | null {
  const s = cx.module(moduleName);
  if (!s) return null;
  const out = new Map<string, ModuleMember>();
  for (const n of [...IMPLICIT, ...(s.isPackage ? ["__path__"] : [])]) out.set(n, { name: n, id: null, how: "implicit", line: null });
  const stars = starImports(s.starImports);
  const starOf = new Map<string, NameBinding>();
  for (const b of stars) for (const n of starExportedNames(cx, b.target)) starOf.set(n, b);
  for (const [name, b] of Object.entries(s.scope)) {
    const star = starOf.get(name);
    if (star && star.line > b.line) continue; // rebound by the later star import (below)
    const how: MemberHow = b.kind === "import" || b.kind === "importFrom" ? "imported" : "defined";
    out.set(name, { name, id: idOf(cx, moduleName, name, resolveName(cx, moduleName, name)), how, line: how === "imported" ? b.line : null });
  }
  for (const [name, b] of starOf) {
    const own = s.scope[name];
    if (own && own.line > b.line) continue;
    out.set(name, { name, id: idOf(cx, moduleName, name, resolveName(cx, moduleName, name)), how: "star-imported", line: b.line });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
