/**
 * Decode + parse + bind of many files on worker threads (tinypool), one file a task; link stays on the
 * calling thread. Used by `analyze` when asked for workers and running from compiled JavaScript (a
 * worker cannot load the TypeScript source without a loader; from source the files are summarised on
 * the calling thread, with the same result).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Target } from "../bind/conditions.ts";
import type { CacheStats, SummaryCache } from "../cache/summary-cache.ts";
import type { SourceFile } from "../discover.ts";
import { summaryFromJSON, type ModuleSummary } from "../model/summary.ts";
import { summarizeFile } from "../summarize.ts";

/** One file to summarise, as sent to a worker. */
export interface SummarizeTask {
  readonly file: SourceFile;
  readonly target: Target;
  readonly maxFileBytes: number;
  /** The folder of a directory summary cache, or `null` for none. */
  readonly cacheDir: string | null;
}

const WORKER = new URL("./summarize-worker.js", import.meta.url);

/** Whether worker threads can run here (the compiled worker script exists next to this module). */
export function workersAvailable(): boolean {
  return import.meta.url.endsWith(".js") && existsSync(WORKER);
}

/**
 * The summaries of `files`, in order, made by `threads` workers. `onDone` is called after each file
 * (in completion order). Cache statistics of the workers are added to `cache.stats` when given.
 *
 * @throws Error when a worker cannot start (the caller may fall back to the calling thread).
 */
export async function summarizeInPool(
  files: readonly SourceFile[],
  options: { threads: number; target: Target; maxFileBytes: number; cache?: SummaryCache & { readonly dir?: string }; onDone?: () => void },
): Promise<ModuleSummary[]> {
  // Loaded when first needed: a run without threads never reads tinypool (and the CLI's bundle keeps it a package import).
  const { default: Tinypool } = await import("tinypool");
  const pool = new Tinypool({ filename: fileURLToPath(WORKER), minThreads: options.threads, maxThreads: options.threads, idleTimeout: 1000 });
  const cacheDir = options.cache?.dir ?? null;
  try {
    return await Promise.all(
      files.map(async (file) => {
        const task: SummarizeTask = { file, target: options.target, maxFileBytes: options.maxFileBytes, cacheDir };
        const { json, stats } = (await pool.run(task)) as { json: string; stats: CacheStats | null };
        if (stats && options.cache) for (const k of Object.keys(stats) as (keyof CacheStats)[]) options.cache.stats[k] += stats[k];
        let summary: ModuleSummary;
        try {
          summary = summaryFromJSON(json);
        } catch {
          // A cache entry whose body is corrupt (its header was right): count it and bind here.
          if (options.cache) options.cache.stats.rejected++;
          summary = summarizeFile(file, options.target, options.maxFileBytes);
        }
        options.onDone?.();
        return summary;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
