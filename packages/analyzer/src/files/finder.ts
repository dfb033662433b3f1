/**
 * Finding modules on disk as CPython's path-based finder does (the rules are `find.ts`'s), and the
 * folder a file's top-level package is imported from.
 */
import { existsSync, readdirSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import type { SourceFile } from "../discover.ts";
import { findModuleIn, moduleExistence, type FinderTree } from "./find.ts";

export { moduleExistence };

/** The file system as the finder sees it (`existsSync` follows symlinks, as the path finder does). */
const DISK: FinderTree = {
  join: (root, ...parts) => path.join(root, ...parts),
  exists: (p) => existsSync(p),
  isDirectory: (p) => existsSync(p) && statSync(p).isDirectory(),
};

/**
 * The file system as the finder sees it, each folder listed once and its listing kept (as CPython's
 * `FileFinder` keeps a folder's names): a module lookup then costs a `Map` look-up per candidate name
 * instead of a `stat`, and the names match by case, as the path finder's do (without
 * `PYTHONCASEOK`) even on a file system that does not. A symlink, or an entry whose type the listing
 * does not give, is checked on disk as {@link DISK} checks it. For one run: a folder changed after it
 * was listed is seen as it was.
 */
export function listedDisk(): FinderTree {
  const listings = new Map<string, Map<string, Dirent> | null>();
  const entry = (p: string): Dirent | null => {
    const dir = path.dirname(p);
    let names = listings.get(dir);
    if (names === undefined) {
      try {
        names = new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
      } catch {
        names = null; // missing, not a folder, or unreadable: nothing is there for the finder
      }
      listings.set(dir, names);
    }
    return names?.get(path.basename(p)) ?? null;
  };
  const typed = (d: Dirent) => !d.isSymbolicLink() && (d.isFile() || d.isDirectory() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice());
  return {
    join: DISK.join,
    exists: (p) => {
      const d = entry(p);
      return d !== null && (typed(d) || DISK.exists(p));
    },
    isDirectory: (p) => {
      const d = entry(p);
      return d !== null && (typed(d) ? d.isDirectory() : DISK.isDirectory(p));
    },
  };
}

/** The folder a file's top-level package lives in (what would be on `sys.path` to import it). */
export function importRoot(file: SourceFile): string {
  let dir = path.dirname(path.resolve(file.path));
  const depth = file.module.split(".").length - (file.isPackage ? 0 : 1);
  for (let i = 0; i < depth; i++) dir = path.dirname(dir);
  return dir;
}

/**
 * Finds module `name` under the roots on disk as the path-based finder does (see {@link findModuleIn}),
 * through `tree` when given (a {@link listedDisk} shared by the lookups of one run), else by `stat`.
 */
export function findModule(name: string, roots: readonly string[], tree: FinderTree = DISK): SourceFile | null {
  return findModuleIn(name, roots, tree);
}
