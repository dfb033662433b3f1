/**
 * The bundle parts of a run kept for the next run with the same options (see `run-cache.ts`): when
 * some file changed, the parts whose dependencies did not are read back from the bundle the earlier
 * run wrote instead of being made again (see `part-cache.ts` in the emit package for when a part is
 * reusable). The kept bundle is the run cache's own hard link (or copy) of that output, so nothing is
 * stored twice: the index says where each part is in it.
 *
 * On disk: `DIR/runs/v1/<key>.parts.json`, written atomically after the bundle it indexes:
 * ```
 * { "key", "bundleFile", "bundleBytes", "bundleMtimeMs",
 *   "modules": [[name, sha256 | null, findable], …],      // every dependency, once
 *   "lists": [[module index, …], …],                        // every dependency list, once
 *   "parts": [[part key, settings, list index, count, start, end, diagnostics], …] }
 * ```
 * `start` and `end` are UTF-16 offsets into the bundle's text, parts in the bundle's order. An index
 * that does not parse, names another key, or whose bundle is missing or has another size or mtime is
 * ignored (every part is made); a part whose text is not where the index says is made again.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { PartCache, PartDependency, PartEntry } from "@static-inspect/emit";
import type { BundleDiagnostic } from "@static-inspect/emit";

interface PartIndex {
  readonly key: string;
  readonly bundleFile: string;
  readonly bundleBytes: number;
  readonly bundleMtimeMs: number;
  readonly modules: readonly PartDependency[];
  readonly lists: readonly (readonly number[])[];
  readonly parts: readonly (readonly [key: string, settings: string, list: number, count: number, start: number, end: number, diagnostics: readonly BundleDiagnostic[]])[];
}

/** The index's file for run key `key` in the run cache's `folder`. */
const indexFile = (folder: string, key: string) => path.join(folder, `${key}.parts.json`);

/** Bytes read from the kept bundle at a time. */
const BLOCK = 1 << 20;

/**
 * Ranges of a UTF-8 file's text read in increasing order, decoding the file once from its start:
 * what reading the parts of a bundle back costs is one pass over it, with only the text between the
 * last range read and the next held.
 */
class ForwardText {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private readonly block = Buffer.allocUnsafe(BLOCK);
  /** The text held, and the offset (UTF-16 units) of its first unit in the file's text. */
  private held = "";
  private heldStart = 0;
  private done = false;

  constructor(private fd: number | null) {}

  /** The text of `[start, end)`, or `null` when it is before a range already read, past the end, or not UTF-8. */
  read(start: number, end: number): string | null {
    if (this.fd === null || start < this.heldStart || end < start) return null;
    try {
      while (this.heldStart + this.held.length < end && !this.done) {
        const n = readSync(this.fd, this.block, 0, BLOCK, null);
        if (n === 0) {
          this.done = true;
          this.held += this.decoder.decode();
        } else this.held += this.decoder.decode(this.block.subarray(0, n), { stream: true });
        // Text before `start` is never asked for again.
        const skip = Math.min(start - this.heldStart, this.held.length);
        if (skip > 0) {
          this.held = this.held.slice(skip);
          this.heldStart += skip;
        }
      }
    } catch {
      this.close();
      return null;
    }
    if (this.heldStart + this.held.length < end) return null;
    const text = this.held.slice(start - this.heldStart, end - this.heldStart);
    this.held = this.held.slice(end - this.heldStart);
    this.heldStart = end;
    return text;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

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
  const cache: PartCache = { entries: new Map(), retain: false, stats: { reused: 0, made: 0 }, positions: new Map() };
  let fd: number | null = null;
  try {
    const index = JSON.parse(readFileSync(indexFile(folder, key), "utf8")) as PartIndex;
    if (index.key !== key || typeof index.bundleFile !== "string" || path.basename(index.bundleFile) !== index.bundleFile) throw new Error("foreign index");
    fd = openSync(path.join(folder, index.bundleFile), "r");
    const kept = fstatSync(fd);
    if (kept.size !== index.bundleBytes || kept.mtimeMs !== index.bundleMtimeMs) throw new Error("bundle changed");
    const text = new ForwardText(fd);
    const lists = index.lists.map((list) => list.map((i) => index.modules[i]!));
    for (const [partKey, settings, list, count, start, end, diagnostics] of index.parts) {
      const dependencies = lists[list];
      if (!dependencies) throw new Error("corrupt index");
      const entry: PartEntry = {
        settings,
        dependencies,
        count,
        diagnostics,
        text: () => {
          if (count === 0) return "";
          const t = text.read(start, end);
          // The index and the bundle belong together (size and mtime checked); an element is an object.
          return t !== null && t.startsWith("{") && t.endsWith("}") ? t : null;
        },
      };
      cache.entries.set(partKey, entry);
    }
    return { cache, close: () => text.close() };
  } catch {
    if (fd !== null) closeSync(fd);
    cache.entries.clear();
    return { cache, close: () => {} };
  }
}

/**
 * Writes the index of the parts `cache` placed in the bundle kept as `bundleFile` in `folder` (see
 * the module comment). Throws the file system's error (the caller ignores it: the next run then
 * makes every part).
 */
export function storePartIndex(folder: string, key: string, bundleFile: string, bundle: { readonly size: number; readonly mtimeMs: number }, cache: PartCache): void {
  const modules: PartDependency[] = [];
  const moduleIndex = new Map<PartDependency, number>();
  const moduleByContent = new Map<string, number>();
  const lists: number[][] = [];
  const listIndex = new Map<string, number>();
  const parts: PartIndex["parts"][number][] = [];
  for (const [partKey, { start, end }] of cache.positions) {
    const entry = cache.entries.get(partKey);
    if (!entry) continue;
    // Parts made share their dependency objects (see storePart), and parts read back share theirs:
    // each object is looked up by its content once.
    const list = entry.dependencies.map((d) => {
      let i = moduleIndex.get(d);
      if (i === undefined) {
        const k = `${d[0]}\0${d[1] ?? ""}\0${d[2]}`;
        i = moduleByContent.get(k);
        if (i === undefined) moduleByContent.set(k, (i = modules.push(d) - 1));
        moduleIndex.set(d, i);
      }
      return i;
    });
    const listKey = list.join(",");
    let l = listIndex.get(listKey);
    if (l === undefined) listIndex.set(listKey, (l = lists.push(list) - 1));
    parts.push([partKey, entry.settings, l, entry.count, start, end, entry.diagnostics]);
  }
  const index: PartIndex = { key, bundleFile, bundleBytes: bundle.size, bundleMtimeMs: bundle.mtimeMs, modules, lists, parts };
  writeFileAtomic.sync(indexFile(folder, key), JSON.stringify(index), { fsync: false });
}
