/**
 * A persistent cache of module summaries, keyed by the file's content and everything else bind reads
 * (module name, path, package-ness, target, and the code of the parser and analyzer): what makes a warm
 * run skip decoding, parsing and binding, for the analysed files and for the modules reached through
 * the search path alike (like mypy's and ruff's caches).
 *
 * On disk: `DIR/summaries/v1/<key[0:2]>/<key>.json`, each file a header line `{"key": …}` then the
 * summary as {@link summaryToJSON} writes it. Entries are written atomically (a temporary file renamed
 * over the entry), so concurrent runs never see half an entry; an entry that does not parse, or whose
 * header names another key (a foreign or corrupt file), is ignored, counted in `rejected`, and
 * replaced. Nothing read from the cache is trusted beyond that: the key is a SHA-256 of the inputs.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { Target } from "../bind/conditions.ts";
import type { SourceFile } from "../discover.ts";
import { summaryFromJSON, summaryToJSON, type ModuleSummary } from "../model/summary.ts";
import { summaryCodeFingerprint } from "./fingerprint.ts";

/** What a cache did in one run; reported on stderr by the CLI. */
export interface CacheStats {
  /** Entries found and used. */
  hits: number;
  /** Keys with no entry. */
  misses: number;
  /** Entries found but not usable (corrupt, truncated, or made for another key). */
  rejected: number;
  /** Entries written. */
  writes: number;
  /** Entries that could not be written (full disk, no permission): the run goes on without them. */
  writeErrors: number;
}

/** Where summaries are kept between runs. */
export interface SummaryCache {
  /** The summary stored under `key`, or `null` (a miss or a rejected entry). Never throws. */
  get(key: string): ModuleSummary | null;
  /** Stores `summary` under `key`. Never throws (a failure is counted in `stats.writeErrors`). */
  set(key: string, summary: ModuleSummary): void;
  readonly stats: CacheStats;
  /** The folder of a directory cache (worker threads open the same one), if it is one. */
  readonly dir?: string;
}

/** The layout version of the entries; part of their folder name. */
const FORMAT = "v1";

/**
 * The key of a file's summary (SHA-256, hex): the code fingerprint, the target, the module's name,
 * path and package-ness, then the file's bytes.
 */
export function summaryKey(file: SourceFile, target: Target, bytes: Uint8Array): string {
  return createHash("sha256")
    .update(JSON.stringify([FORMAT, summaryCodeFingerprint(), target.python, target.platform, file.module, file.path, file.isPackage]))
    .update("\0")
    .update(bytes)
    .digest("hex");
}

/**
 * A {@link SummaryCache} on disk, which also hands out and takes entries as the JSON text
 * {@link summaryToJSON} writes (what a worker thread sends back without parsing it).
 */
export interface DirectorySummaryCache extends SummaryCache {
  readonly dir: string;
  /** The summary JSON stored under `key`, checked as `get` checks it but not parsed, or `null`. Never throws. */
  getText(key: string): string | null;
  /** Stores summary JSON under `key`. Never throws. */
  setText(key: string, json: string): void;
}

/** A {@link DirectorySummaryCache} in the folder `dir` (created when first written). */
export function directorySummaryCache(dir: string): DirectorySummaryCache {
  const root = path.join(dir, "summaries", FORMAT);
  const stats: CacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0, writeErrors: 0 };
  const entry = (key: string) => path.join(root, key.slice(0, 2), `${key}.json`);
  /** The entry's summary text after its header, or null (counted as a miss or a rejection). */
  const read = (key: string): string | null => {
    let text: string;
    try {
      text = readFileSync(entry(key), "utf8");
    } catch {
      stats.misses++;
      return null;
    }
    const newline = text.indexOf("\n");
    try {
      const header = JSON.parse(text.slice(0, newline)) as { key?: unknown };
      if (newline < 0 || header.key !== key) throw new Error("foreign entry");
    } catch {
      stats.rejected++;
      return null;
    }
    return text.slice(newline + 1);
  };
  const setText = (key: string, json: string) => {
    const file = entry(key);
    const text = `${JSON.stringify({ key })}\n${json}`;
    try {
      try {
        writeFileAtomic.sync(file, text, { fsync: false });
      } catch (error) {
        // The entry's folder does not exist yet (or was removed meanwhile): make it and write again.
        // Most writes go to a folder that exists, so the folder is not made before every write.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomic.sync(file, text, { fsync: false });
      }
      stats.writes++;
    } catch {
      stats.writeErrors++;
    }
  };
  return {
    stats,
    dir,
    getText(key) {
      const text = read(key);
      if (text === null) return null;
      // A truncated or corrupt body is rejected here too, though the caller parses it later.
      if (!text.endsWith("}")) {
        stats.rejected++;
        return null;
      }
      stats.hits++;
      return text;
    },
    get(key) {
      const text = read(key);
      if (text === null) return null;
      try {
        const summary = summaryFromJSON(text);
        stats.hits++;
        return summary;
      } catch {
        stats.rejected++;
        return null;
      }
    },
    setText,
    set(key, summary) {
      setText(key, summaryToJSON(summary));
    },
  };
}

/**
 * A {@link SummaryCache} in memory in front of `inner` (or alone): what a long-running process (watch
 * mode) keeps, so that an unchanged file costs a hash, not a read and a JSON parse. Summaries are
 * immutable once bound, so the same object is handed out each time. `stats` counts this layer's
 * hits and `inner`'s outcomes.
 */
export function memorySummaryCache(inner?: SummaryCache): SummaryCache {
  const entries = new Map<string, ModuleSummary>();
  const stats = inner?.stats ?? { hits: 0, misses: 0, rejected: 0, writes: 0, writeErrors: 0 };
  return {
    stats,
    ...(inner?.dir !== undefined ? { dir: inner.dir } : {}),
    get(key) {
      const known = entries.get(key);
      if (known) {
        stats.hits++;
        return known;
      }
      const found = inner ? inner.get(key) : (stats.misses++, null);
      if (found) entries.set(key, found);
      return found;
    },
    set(key, summary) {
      entries.set(key, summary);
      if (inner) inner.set(key, summary);
      else stats.writes++;
    },
  };
}
