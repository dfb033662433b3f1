/**
 * Finding modules on disk as CPython's path-based finder does (the rules are `find.ts`'s), and the
 * folder a file's top-level package is imported from.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
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
 * Folder listings kept from one run to the next in one process (watch mode: see {@link listedDisk}),
 * each with its folder's modification time (ms) when it was listed.
 */
export interface FolderListings {
  readonly kept: Map<string, { readonly mtimeMs: number; readonly names: ReadonlyMap<string, FolderEntry> }>;
}

/** What a listing gives of one name (a `Dirent`; its own type, so that the declarations need no `@types/node`). */
export interface FolderEntry {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isBlockDevice(): boolean;
  isCharacterDevice(): boolean;
}

/** An empty {@link FolderListings}. */
export function folderListings(): FolderListings {
  return { kept: new Map() };
}

/**
 * Told by a {@link listedDisk} what its answers rest on: each folder it lists (or finds missing or
 * unreadable), and each answer it took from off the listings (a symbolic link, or an entry of a type
 * the listing does not give, checked on disk). While the folders told of are unchanged and no answer
 * was taken off them, the same questions get the same answers.
 */
export interface ListingObserver {
  listed(dir: string): void;
  offListing(): void;
}

/** A folder's names (`null`: missing, not a folder, or unreadable: nothing is there for the finder). */
function list(dir: string): ReadonlyMap<string, FolderEntry> | null {
  try {
    return new Map(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, d]));
  } catch {
    return null;
  }
}

/**
 * The file system as the finder sees it, each folder listed once and its listing kept (as CPython's
 * `FileFinder` keeps a folder's names): a module lookup then costs a `Map` look-up per candidate name
 * instead of a `stat`, and the names match by case, as the path finder's do (without
 * `PYTHONCASEOK`) even on a file system that does not. A symlink, or an entry whose type the listing
 * does not give, is checked on disk as {@link DISK} checks it. For one run: a folder changed after it
 * was listed is seen as it was.
 *
 * With `keep`, a listing made by an earlier run is used again when its folder's modification time is
 * the same (one `stat` instead of a listing; CPython's `FileFinder` checks its cache the same way, so
 * an entry added within the file system's timestamp granularity can be missed, as there), and a new
 * listing is kept there. With `seen`, tells it what the answers rest on (see {@link ListingObserver}).
 */
export function listedDisk(keep?: FolderListings, seen?: ListingObserver): FinderTree {
  const listings = new Map<string, ReadonlyMap<string, FolderEntry> | null>();
  const listed = (dir: string): ReadonlyMap<string, FolderEntry> | null => {
    seen?.listed(dir);
    if (!keep) return list(dir);
    let mtimeMs: number | undefined;
    try {
      mtimeMs = statSync(dir, { throwIfNoEntry: false })?.mtimeMs; // most folders asked about are not there
    } catch {
      mtimeMs = undefined; // unreadable
    }
    if (mtimeMs === undefined) {
      keep.kept.delete(dir);
      return null;
    }
    const kept = keep.kept.get(dir);
    if (kept?.mtimeMs === mtimeMs) return kept.names;
    const names = list(dir);
    if (names) keep.kept.set(dir, { mtimeMs, names });
    else keep.kept.delete(dir);
    return names;
  };
  // A folder whose parent was listed without it is not there: no call to find that out again.
  const absent = (dir: string): boolean => {
    const parent = path.dirname(dir);
    const siblings = parent === dir ? undefined : listings.get(parent);
    return siblings === null || (siblings !== undefined && !siblings.has(path.basename(dir)));
  };
  const entry = (p: string): FolderEntry | null => {
    const dir = path.dirname(p);
    let names = listings.get(dir);
    if (names === undefined) listings.set(dir, (names = absent(dir) ? null : listed(dir)));
    return names?.get(path.basename(p)) ?? null;
  };
  const typed = (d: FolderEntry) => !d.isSymbolicLink() && (d.isFile() || d.isDirectory() || d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice());
  return {
    join: DISK.join,
    exists: (p) => {
      const d = entry(p);
      if (d !== null && !typed(d)) seen?.offListing();
      return d !== null && (typed(d) || DISK.exists(p));
    },
    isDirectory: (p) => {
      const d = entry(p);
      if (d !== null && !typed(d)) seen?.offListing();
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
