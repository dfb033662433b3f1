/**
 * Finding modules as CPython's path-based finder does (`a/b.py`, `a/b/__init__.py`, `.pyi` where no
 * source exists, PEP 420 namespace portions) over any file tree a host describes, and whether the
 * target can import a module. No file access of its own: Node's finder (`finder.ts`) and the
 * in-memory host give the tree.
 */
import type { Target } from "../bind/conditions.ts";
import type { ModuleExists } from "../link/guards.ts";
import type { SourceFile } from "../discover.ts";

/**
 * A file tree as the path-based finder sees it: `join` builds a path from a root and name parts;
 * `exists` says whether anything is at a path (as `os.path.exists`), `isDirectory` whether a folder
 * is. They must not throw (missing is `false`).
 */
export interface FinderTree {
  join(root: string, ...parts: string[]): string;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
}

/** Standard-library modules that exist only on Windows (CPython's `PC/` and `Modules/` build there). */
const WINDOWS_ONLY = new Set(["msvcrt", "winreg", "_winreg", "winsound", "_winapi", "_overlapped", "nt", "_msi", "msilib", "_wmi"]);
/** Standard-library modules that do not exist on Windows. */
const POSIX_ONLY = new Set(["posix", "pwd", "grp", "fcntl", "termios", "tty", "pty", "resource", "syslog", "_posixsubprocess", "_posixshmem", "spwd", "crypt", "_crypt", "nis", "readline", "curses", "_curses"]);

/**
 * Finds module `name` under the roots of `tree` as the path-based finder does: `a/b/__init__.py`,
 * then `a/b.py` on each root in order; a `.pyi` stub only where no root has source; else the first
 * folder of that name, a PEP 420 namespace package. `null` when none is found. Never throws.
 */
export function findModuleIn(name: string, roots: readonly string[], tree: FinderTree): SourceFile | null {
  const rel = name.split(".");
  let namespace: string | null = null;
  for (const root of roots) {
    const pkg = tree.join(root, ...rel, "__init__.py");
    if (tree.exists(pkg)) return { path: pkg, module: name, isPackage: true };
    const mod = tree.join(root, ...rel) + ".py";
    if (tree.exists(mod)) return { path: mod, module: name, isPackage: false };
    const dir = tree.join(root, ...rel);
    if (namespace === null && tree.isDirectory(dir)) namespace = dir;
  }
  // A stub (.pyi) describes a module only where no source exists (C extensions, compiled packages).
  for (const root of roots) {
    const pkg = tree.join(root, ...rel, "__init__.pyi");
    if (tree.exists(pkg)) return { path: pkg, module: name, isPackage: true };
    const mod = tree.join(root, ...rel) + ".pyi";
    if (tree.exists(mod)) return { path: mod, module: name, isPackage: false };
  }
  // PEP 420: a folder without __init__.py on any root is a namespace package (a regular package or
  // module of the same name on a later root still wins, as in the path finder).
  return namespace ? { path: namespace, module: name, isPackage: true, namespace: true } : null;
}

/**
 * Whether the target can import a module: `true` when `found` finds it; `false` for a standard-library
 * module of another platform (Windows-only on POSIX and the reverse); else `null` (unknown, e.g. a
 * third-party package not installed here). Memoised per name.
 */
export function moduleExistence(found: (name: string) => boolean, target: Target): ModuleExists {
  const cache = new Map<string, boolean | null>();
  return (name) => {
    let known = cache.get(name);
    if (known === undefined) {
      const top = name.split(".")[0]!;
      if (found(name)) known = true;
      else if (target.platform !== "win32" && WINDOWS_ONLY.has(top)) known = false;
      else if (target.platform === "win32" && POSIX_ONLY.has(top)) known = false;
      else known = null;
      cache.set(name, known);
    }
    return known;
  };
}
