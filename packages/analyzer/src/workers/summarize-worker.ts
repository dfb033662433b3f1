/**
 * The worker of {@link summarizeInPool}: reads, decodes, parses and binds the files of a task and returns
 * each summary as JSON text, which crosses the thread boundary faster than the object graph and keeps
 * bind's prototype-free records (see summaryFromJSON). With a cache folder, a stored entry is returned
 * as the text it is on disk (not parsed here), and a new summary is stored as the same text sent back.
 */
import { directorySummaryCache, summaryKey, type CacheStats, type DirectorySummaryCache } from "../cache/summary-cache.ts";
import { DEFAULTS } from "../defaults.ts";
import { summaryToJSON } from "../model/summary.ts";
import "../node/data.ts";
import { bindSource, cacheable, nodeSha256, readSource } from "../summarize.ts";
import type { SummarizeTask } from "./pool.ts";

let cache: DirectorySummaryCache | null = null;

/** Runs one task: each file's summary and cache counts, in order. Never throws (read and bind turn every failure into a diagnostic). */
export default function summarize(task: SummarizeTask): { json: string; stats: CacheStats | null }[] {
  const store = task.cacheDir === null ? null : cache?.dir === task.cacheDir ? cache : (cache = directorySummaryCache(task.cacheDir));
  return task.files.map((file) => {
    const before = store ? { ...store.stats } : null;
    const stats = () => (store && before ? delta(store.stats, before) : null);
    const bytes = readSource(file, task.maxFileBytes);
    if (!(bytes instanceof Uint8Array)) return { json: summaryToJSON(bytes), stats: stats() };
    const key = store ? summaryKey(file, { ...DEFAULTS.target, ...task.target }, bytes) : null;
    if (store && key !== null) {
      const text = store.getText(key);
      if (text !== null) return { json: text, stats: stats() };
    }
    const summary = bindSource(file, bytes, task.target, nodeSha256(bytes));
    const json = summaryToJSON(summary);
    if (store && key !== null && cacheable(summary)) store.setText(key, json);
    return { json, stats: stats() };
  });
}

function delta(after: CacheStats, before: CacheStats): CacheStats {
  return {
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    rejected: after.rejected - before.rejected,
    writes: after.writes - before.writes,
    writeErrors: after.writeErrors - before.writeErrors,
  };
}
