/**
 * Finding modules on disk as CPython's path-based finder does (the rules are `find.ts`'s), and the
 * folder a file's top-level package is imported from.
 */
import { existsSync, statSync } from "node:fs";
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

/** The folder a file's top-level package lives in (what would be on `sys.path` to import it). */
export function importRoot(file: SourceFile): string {
  let dir = path.dirname(path.resolve(file.path));
  const depth = file.module.split(".").length - (file.isPackage ? 0 : 1);
  for (let i = 0; i < depth; i++) dir = path.dirname(dir);
  return dir;
}

/** Finds module `name` under the roots on disk as the path-based finder does (see {@link findModuleIn}). */
export function findModule(name: string, roots: readonly string[]): SourceFile | null {
  return findModuleIn(name, roots, DISK);
}
