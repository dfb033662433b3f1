/**
 * The file paths a bundle records, relative to the analysis root, so the same tree gives the same
 * bytes wherever it lies and from wherever it is analysed.
 *
 * Path arithmetic is pathe's (node:path's functions, `/`-separated on every platform, with no Node
 * import): this module is part of `emit/core`, which runs in browsers too.
 */
import path from "pathe";
import type { Program, SourceFile } from "@static-inspect/analyzer/core";

/** The folder a module's top-level package is imported from (what would be on `sys.path`), as the analyzer's `importRoot`. */
function importRoot(file: { path: string; module: string; isPackage: boolean }): string {
  let dir = path.dirname(path.resolve(file.path));
  const depth = file.module.split(".").length - (file.isPackage ? 0 : 1);
  for (let i = 0; i < depth; i++) dir = path.dirname(dir);
  return dir;
}

/**
 * The prefix of a path relative to the search-path entry a module was found on (`<search-path>/json/decoder.py`):
 * written like CPython's `<frozen …>` and `<string>` file names, so it cannot be taken for a path under the root.
 */
export const SEARCH_PATH_PREFIX = "<search-path>";

/**
 * The default analysis root of a program: the deepest folder holding the import root of every given
 * module (the folder that would be on `sys.path` to import it, see `importRoot`), so a module's
 * `file` reads like its name (`mypkg/sub/mod.py` for `mypkg.sub.mod`, whether `src/` or `src/mypkg`
 * was analysed). An absolute path; the current directory when nothing was analysed.
 */
export function defaultRoot(program: Program): string {
  const roots = program.emitted.map((s) => path.resolve(importRoot({ path: s.path, module: s.name, isPackage: s.isPackage })));
  if (roots.length === 0) return path.resolve(".");
  let common = roots[0]!;
  for (const r of roots.slice(1)) while (!isInside(common, r) && path.dirname(common) !== common) common = path.dirname(common);
  return common;
}

/** Whether `file` (absolute) is `dir` (absolute) or below it. */
function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (rel !== ".." && !rel.startsWith("../") && !path.isAbsolute(rel));
}

/**
 * How a bundle writes file paths (`files[].path`, `modules[].file`, `getsourcefile`, `objects[].file`,
 * `diagnostics[].path`), `/`-separated whatever the platform:
 *
 * - a path under `root` (absolute, or relative to the current directory): relative to it (`pkg/mod.py`;
 *   the root itself is `.`);
 * - else a module read from a search path (its file as the program looked it up): relative to the
 *   search-path entry it was found on, after {@link SEARCH_PATH_PREFIX} (`<search-path>/json/decoder.py`);
 * - else relative to `root` with `..` (`../other/x.py`).
 *
 * Never throws.
 */
export function bundlePaths(program: Program, root: string = defaultRoot(program)): (file: string) => string {
  const base = path.resolve(root);
  const found = new Map<string, SourceFile>();
  for (const [, lookup] of program.moduleLookups) if (lookup.file) found.set(path.resolve(lookup.file.path), lookup.file);
  const memo = new Map<string, string>();
  return (file) => {
    let out = memo.get(file);
    if (out !== undefined) return out;
    const abs = path.resolve(base, file);
    const rel = path.relative(base, abs);
    const module = found.get(abs);
    if (isInside(base, abs)) out = rel === "" ? "." : rel;
    else if (module) out = `${SEARCH_PATH_PREFIX}/${entryRelative(module)}`;
    else out = rel;
    memo.set(file, out);
    return out;
  };
}

/** A module's file relative to the search-path entry it was found on, from its name (`a.b` in `a/b.py`, `a/b/__init__.pyi`, or the folder `a/b` of a namespace package). */
function entryRelative(file: SourceFile): string {
  const parts = file.module.split(".");
  if (file.namespace) return parts.join("/");
  const base = path.basename(file.path);
  return (file.isPackage ? [...parts, base] : [...parts.slice(0, -1), base]).join("/");
}
