/**
 * Whether a module defines a name on the target, from its static namespace: what decides the guards
 * that ask about module attributes (`if hasattr(typing, "ParamSpec"):`) and the names a guarded
 * `from m import a` takes (`except ImportError:` runs when `m` has no `a`).
 */
import type { BuiltinsData } from "../data/builtins.ts";
import type { ModuleSummary } from "../model/summary.ts";
import type { ModuleExists } from "./guards.ts";

/** What {@link staticallyDefines} reads. */
export interface DefinesInput {
  /** A module's summary as bound (its own guards undecided), or `null` when no source is found. */
  readonly summary: (module: string) => ModuleSummary | null;
  /** The target's builtins data: the namespaces of modules without source (`sys`, `_io`). */
  readonly builtins: BuiltinsData;
  /** Whether the target can import a module. */
  readonly exists: ModuleExists;
}

/** Names every module object has once imported (set by the import system; `__path__` for packages). */
const MODULE_DUNDERS = new Set(["__name__", "__doc__", "__package__", "__loader__", "__spec__", "__dict__"]);
const FILE_DUNDERS = new Set(["__file__", "__cached__", "__builtins__"]);

/**
 * Whether `module` defines `name` right after it is imported on the target: `true`, `false`, or `null`
 * when that is not statically known.
 *
 * - A module with source: `true` when its module level binds the name outside any import guard (a
 *   `def`, `class`, assignment or import, in a branch the target takes); `false` when nothing at its
 *   module level ever binds it and it has no `from … import *`, no module `__getattr__` (PEP 562),
 *   writes no names through `globals()` (`ModuleSummary.dynamicNamespace`) and does not replace
 *   itself in `sys.modules`; `null` otherwise (a name bound only under a guard, or
 *   deleted again).
 * - A module without source: its names in the builtins data.
 * - The import system's names (`__name__`, `__spec__` …; `__file__` for a module with a file, `__path__`
 *   for a package) are defined.
 * - A submodule `module.name` that exists: `true` for a `from module import name` (`fromImport`),
 *   which imports it; `null` for `hasattr`, since it is an attribute only once something imported it.
 *
 * Never throws.
 */
export function staticallyDefines(input: DefinesInput, module: string, name: string, fromImport: boolean, depth = 0): boolean | null {
  if (depth > MAX_STAR_DEPTH) return null;
  const s = input.summary(module);
  if (MODULE_DUNDERS.has(name)) return true;
  const submodule = () => {
    const e = input.exists(`${module}.${name}`);
    return e === true ? (fromImport ? true : null) : e;
  };
  if (!s) {
    const c = input.builtins.modules[module];
    if (!c) return null;
    if (Object.hasOwn(c.names, name)) return true;
    return FILE_DUNDERS.has(name) ? null : false;
  }
  if (FILE_DUNDERS.has(name) || (name === "__path__" && s.isPackage)) return true;
  if (s.replacedBy) return null;
  const b = s.scope[name];
  if (b) return b.when ? null : true;
  if (s.history[name]?.length) return null;
  if (s.scope["__getattr__"] || s.dynamicNamespace) return null;
  for (const star of s.starImports) {
    const got = starBinds(input, star.target, name, depth);
    if (got !== false) return star.when && got ? null : got;
  }
  const sub = s.isPackage ? submodule() : false;
  return sub === false ? false : sub;
}

/** How many `from … import *` deep {@link staticallyDefines} follows. */
const MAX_STAR_DEPTH = 8;

/**
 * Whether `from module import *` binds `name`: the names of its static `__all__`, else its public
 * names (no leading underscore) that it defines. `null` when unknown (`__all__` built at run time).
 */
function starBinds(input: DefinesInput, module: string, name: string, depth: number): boolean | null {
  const s = input.summary(module);
  if (s) {
    if (s.all !== null) return s.all.includes(name);
    if (s.allOps.length) return null;
  } else if (!input.builtins.modules[module]) return null;
  if (name.startsWith("_")) return false;
  return staticallyDefines(input, module, name, false, depth + 1);
}
