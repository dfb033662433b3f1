/**
 * The bundle parts of a run kept for the next run with the same options (see `run-cache.ts`): when
 * some file changed, the parts whose dependencies did not are read back from the bundle the earlier
 * run wrote instead of being made again (see `part-cache.ts` in the emit package for when a part is
 * reusable). The kept bundle is the run cache's own hard link (or copy) of that output, so nothing is
 * stored twice: the index says where each part is in it.
 *
 * On disk: `DIR/runs/v2/<key>.parts.json`, written atomically after the bundle it indexes:
 * ```
 * { "key", "bundleFile", "bundleBytes", "bundleMtimeMs",
 *   "names": [name, …],                                  // the modules the parts depend on (Program.dependencyStates)
 *   "states": [sha256 | true | false | null, …],         // per name: the bytes read, else whether it was found
 *   "parts": [[part key, settings, [root name index, …], count, start, end, diagnostics, view reports], …] }
 * ```
 * `start` and `end` are byte offsets into the bundle, parts in the bundle's order; a part is read back
 * as those bytes and written as they are (a positioned read, no decoding). An index
 * that does not parse, names another key, or whose bundle is missing or has another size or mtime is
 * ignored (every part is made); a part whose text is not where the index says is made again.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { DependencyState, Diagnostic } from "@static-inspect/analyzer";
import type { BundleDiagnostic, PartCache, PartEntry } from "@static-inspect/emit";

interface PartIndex {
  readonly key: string;
  readonly bundleFile: string;
  readonly bundleBytes: number;
  readonly bundleMtimeMs: number;
  readonly names: readonly string[];
  readonly states: readonly (string | boolean | null)[];
  readonly parts: readonly (readonly [
    key: string,
    settings: string,
    roots: readonly number[],
    count: number,
    start: number,
    end: number,
    diagnostics: readonly BundleDiagnostic[],
    viewReports: readonly (readonly [string, Diagnostic])[],
  ])[];
}

/** The index's file for run key `key` in the run cache's `folder`. */
const indexFile = (folder: string, key: string) => path.join(folder, `${key}.parts.json`);

/** A part cache that reads its parts back from the kept bundle, and closes that file when done. */
export interface KeptParts {
  readonly cache: PartCache;
  /** Closes the kept bundle (call once the new bundle is written). */
  close(): void;
}

/**
 * The parts the last full run of `key` kept in the run cache's `folder`, or an empty cache when there
 * are none (or the index or its bundle is unusable). Either way a cache that does not retain the text
 * of the parts made: {@link storePartIndex} says where they are in the bundle written. Never throws.
 */
export function keptParts(folder: string, key: string): KeptParts {
  const cache: PartCache = { entries: new Map(), retain: false, stats: { reused: 0, made: 0, unitsReused: 0 }, positions: new Map(), states: null, measure: (text) => Buffer.byteLength(text) };
  let fd: number | null = null;
  try {
    const index = JSON.parse(readFileSync(indexFile(folder, key), "utf8")) as PartIndex;
    if (index.key !== key || typeof index.bundleFile !== "string" || path.basename(index.bundleFile) !== index.bundleFile) throw new Error("foreign index");
    fd = openSync(path.join(folder, index.bundleFile), "r");
    const kept = fstatSync(fd);
    if (kept.size !== index.bundleBytes || kept.mtimeMs !== index.bundleMtimeMs) throw new Error("bundle changed");
    const name = (i: number): string => {
      const n = index.names[i];
      if (typeof n !== "string") throw new Error("corrupt index");
      return n;
    };
    const states = new Map<string, DependencyState>();
    index.names.forEach((n, i) => {
      const state = index.states[i] ?? null;
      states.set(n, { sha256: typeof state === "string" ? state : null, found: typeof state === "boolean" ? state : null });
    });
    cache.states = states;
    const bundle = fd;
    let open = true;
    for (const [partKey, settings, roots, count, start, end, diagnostics, viewReports] of index.parts) {
      if (!Array.isArray(viewReports)) throw new Error("corrupt index");
      const entry: PartEntry = {
        settings,
        roots: roots.map(name),
        count,
        diagnostics,
        viewReports,
        text: () => {
          if (count === 0) return "";
          if (!open || !(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && end > start && end <= kept.size)) return null;
          const bytes = Buffer.allocUnsafe(end - start);
          try {
            if (readSync(bundle, bytes, 0, bytes.length, start) !== bytes.length) return null;
          } catch {
            return null;
          }
          // The index and the bundle belong together (size and mtime checked); an element is an object.
          return bytes[0] === 0x7b && bytes[bytes.length - 1] === 0x7d ? bytes : null;
        },
      };
      cache.entries.set(partKey, entry);
    }
    return {
      cache,
      close: () => {
        if (open) closeSync(bundle);
        open = false;
      },
    };
  } catch {
    if (fd !== null) closeSync(fd);
    cache.entries.clear();
    cache.states = null;
    return { cache, close: () => {} };
  }
}

/**
 * Writes the index of the parts `cache` placed in the bundle kept as `bundleFile` in `folder`, with
 * the dependency states they were checked against (see the module comment). Throws the file system's
 * error (the caller ignores it: the next run then makes every part).
 */
export function storePartIndex(folder: string, key: string, bundleFile: string, bundle: { readonly size: number; readonly mtimeMs: number }, cache: PartCache): void {
  const states = cache.states ?? new Map<string, DependencyState>();
  const names = [...states.keys()];
  const at = new Map(names.map((n, i) => [n, i]));
  const index = (n: string): number => {
    const i = at.get(n);
    if (i === undefined) throw new RangeError(`a part's root ${n} has no kept state`);
    return i;
  };
  const parts: PartIndex["parts"][number][] = [];
  for (const [partKey, { start, end }] of cache.positions) {
    const entry = cache.entries.get(partKey);
    if (entry) parts.push([partKey, entry.settings, entry.roots.map(index), entry.count, start, end, entry.diagnostics, entry.viewReports]);
  }
  const out: PartIndex = {
    key,
    bundleFile,
    bundleBytes: bundle.size,
    bundleMtimeMs: bundle.mtimeMs,
    names,
    states: [...states.values()].map((n) => n.sha256 ?? n.found),
    parts,
  };
  writeFileAtomic.sync(indexFile(folder, key), JSON.stringify(out), { fsync: false });
}
