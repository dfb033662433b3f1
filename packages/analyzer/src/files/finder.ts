/**
 * Finding modules as CPython's path-based finder does (`a/b.py`, `a/b/__init__.py`, `.pyi` where no
 * source exists, PEP 420 namespace portions), and whether the target can import a module.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Target } from "../bind/conditions.ts";
import type { ModuleExists } from "../link/guards.ts";
import type { SourceFile } from "../discover.ts";

/** Standard-library modules that exist only on Windows (CPython's `PC/` and `Modules/` build there). */
const WINDOWS_ONLY = new Set(["msvcrt", "winreg", "_winreg", "winsound", "_winapi", "_overlapped", "nt", "_msi", "msilib", "_wmi"]);
/** Standard-library modules that do not exist on Windows. */
const POSIX_ONLY = new Set(["posix", "pwd", "grp", "fcntl", "termios", "tty", "pty", "resource", "syslog", "_posixsubprocess", "_posixshmem", "spwd", "crypt", "_crypt", "nis", "readline", "curses", "_curses"]);

/** The folder a file's top-level package lives in (what would be on `sys.path` to import it). */
export function importRoot(file: SourceFile): string {
  let dir = path.dirname(path.resolve(file.path));
  const depth = file.module.split(".").length - (file.isPackage ? 0 : 1);
  for (let i = 0; i < depth; i++) dir = path.dirname(dir);
  return dir;
}

/** Finds module `name` under the roots as the path-based finder does: `a/b.py`, then `a/b/__init__.py`. */
export function findModule(name: string, roots: readonly string[]): SourceFile | null {
  const rel = name.split(".");
  let namespace: string | null = null;
  for (const root of roots) {
    const pkg = path.join(root, ...rel, "__init__.py");
    if (existsSync(pkg)) return { path: pkg, module: name, isPackage: true };
    const mod = path.join(root, ...rel) + ".py";
    if (existsSync(mod)) return { path: mod, module: name, isPackage: false };
    const dir = path.join(root, ...rel);
    if (namespace === null && existsSync(dir) && statSync(dir).isDirectory()) namespace = dir;
  }
  // A stub (.pyi) describes a module only where no source exists (C extensions, compiled packages).
  for (const root of roots) {
    const pkg = path.join(root, ...rel, "__init__.pyi");
    if (existsSync(pkg)) return { path: pkg, module: name, isPackage: true };
    const mod = path.join(root, ...rel) + ".pyi";
    if (existsSync(mod)) return { path: mod, module: name, isPackage: false };
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
