/**
 * Object matching between two versions: public paths present in both are pairs to compare, the rest
 * are added or removed. Matching is by public path, so an object that moved between private modules
 * but keeps its public path (`pkg._a.X` → `pkg._b.X`, both exported as `pkg.X`) is one pair.
 */
import type { ApiEntry, PublicApi } from "./public-api.ts";

/** An object reachable by the same public path in both versions. */
export interface MatchedPair {
  readonly path: string;
  readonly old: ApiEntry;
  readonly new: ApiEntry;
}

/**
 * The matching of two public APIs.
 *
 * - `pairs`: one per distinct (old id, new id) couple, at its shortest public path (ties: the first
 *   in sorted order), so an object exported under several paths, or inherited by several classes, is
 *   compared once.
 * - `added` / `removed`: paths in one version only, without the paths under an added or removed
 *   parent path (a removed class's members are not listed again).
 */
export interface Matching {
  readonly pairs: readonly MatchedPair[];
  readonly added: readonly ApiEntry[];
  readonly removed: readonly ApiEntry[];
}

const depth = (p: string) => p.split(".").length;

/** Matches `oldApi` against `newApi` by public path. Never throws. */
export function matchApis(oldApi: PublicApi, newApi: PublicApi): Matching {
  const pairs = new Map<string, MatchedPair>();
  const removed: ApiEntry[] = [];
  const added: ApiEntry[] = [];
  for (const [path, o] of oldApi.entries) {
    const n = newApi.entries.get(path);
    if (!n) {
      removed.push(o);
      continue;
    }
    const key = `${o.id}\u0000${n.id}`;
    const prev = pairs.get(key);
    if (!prev || depth(path) < depth(prev.path)) pairs.set(key, { path, old: o, new: n });
  }
  for (const [path, n] of newApi.entries) if (!oldApi.entries.has(path)) added.push(n);
  return {
    pairs: [...pairs.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    added: topmost(added),
    removed: topmost(removed),
  };
}

/** The entries none of whose ancestor paths is also in the list (input sorted by path). */
function topmost(entries: readonly ApiEntry[]): ApiEntry[] {
  const paths = new Set(entries.map((e) => e.path));
  return entries.filter((e) => {
    const parts = e.path.split(".");
    for (let i = 1; i < parts.length; i++) if (paths.has(parts.slice(0, i).join("."))) return false;
    return true;
  });
}
