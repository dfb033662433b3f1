/**
 * Decode + parse + bind of many files on worker threads (tinypool), a few files a task; link stays on
 * the calling thread. Used by `analyze` when asked for workers and running from compiled JavaScript (a
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

/** Files to summarise, as sent to a worker (one task). */
export interface SummarizeTask {
  readonly files: readonly SourceFile[];
  readonly target: Target;
  readonly maxFileBytes: number;
  /** The folder of a directory summary cache, or `null` for none. */
  readonly cacheDir: string | null;
}

/** The worker script, next to this module (a function: in the CLI's bundle, finding this module's folder costs a package lookup, which a run without workers need not make). */
const worker = () => new URL("./summarize-worker.js", import.meta.url);

/**
 * Files per task: enough that a task's fixed cost (a message each way, and tinypool's reading of the
 * worker's memory use after each task, ~0.1 ms) is spread over several files, few enough that every
 * thread gets about eight tasks, so that the last ones end close together. 1 to 16.
 */
export function batchSize(files: number, threads: number): number {
  return Math.max(1, Math.min(16, Math.floor(files / (Math.max(1, threads) * 8))));
}

/** Whether worker threads can run here (the compiled worker script exists next to this module). */
export function workersAvailable(): boolean {
  return import.meta.url.endsWith(".js") && existsSync(worker());
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
  const pool = new Tinypool({ filename: fileURLToPath(worker()), minThreads: options.threads, maxThreads: options.threads, idleTimeout: 1000 });
  const cacheDir = options.cache?.dir ?? null;
  const size = batchSize(files.length, options.threads);
  const batches: SourceFile[][] = [];
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
  try {
    const done = await Promise.all(
      batches.map(async (batch) => {
        const task: SummarizeTask = { files: batch, target: options.target, maxFileBytes: options.maxFileBytes, cacheDir };
        const results = (await pool.run(task)) as { json: string; stats: CacheStats | null }[];
        return results.map(({ json, stats }, i) => {
          if (stats && options.cache) for (const k of Object.keys(stats) as (keyof CacheStats)[]) options.cache.stats[k] += stats[k];
          let summary: ModuleSummary;
          try {
            summary = summaryFromJSON(json);
          } catch {
            // A cache entry whose body is corrupt (its header was right): count it and bind here.
            if (options.cache) options.cache.stats.rejected++;
            summary = summarizeFile(batch[i]!, options.target, options.maxFileBytes);
          }
          options.onDone?.();
          return summary;
        });
      }),
    );
    return done.flat();
  } finally {
    await pool.destroy();
  }
}
