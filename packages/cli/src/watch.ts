/**
 * `analyze --watch`: analyse, then again whenever a `.py`/`.pyi` file under the analysed paths is
 * added, changed or removed (chokidar), rewriting the bundle atomically each time and printing one
 * line per update. Summaries stay in memory between updates (in front of the disk cache), so an edit
 * re-reads and re-binds only the edited file before linking again; the bundle's parts stay in memory
 * too, and only those whose making read an edited file are made again (see `part-cache.ts` in the
 * emit package; all of them after a file is added or removed, which can change what every import
 * finds), and so do the folder
 * listings of the module finder, each checked against its folder's modification time. Ends on
 * SIGINT/SIGTERM or when `io.signal` aborts, with exit status 0.
 */
import path from "node:path";
import { watch } from "chokidar";
import { directorySummaryCache, folderListings, memorySummaryCache } from "@static-inspect/analyzer";
import { createPartCache } from "@static-inspect/emit";
import { analyzeAndWrite, shortPath, type AnalyzeRun, type RunResult } from "./analyze-run.ts";
import type { CliIO } from "./main.ts";

/** Changes closer together than this many milliseconds make one update (an editor's save is several events). */
export const WATCH_DEBOUNCE_MS = 15;

const isPython = (file: string) => file.endsWith(".py") || file.endsWith(".pyi");

/** Runs the watch loop until stopped; returns the exit status (0). Errors of one update are printed, and the loop goes on. */
export async function watchAndAnalyze(run: AnalyzeRun, io: CliIO): Promise<number> {
  const summaries = memorySummaryCache(run.cacheDir !== null ? directorySummaryCache(run.cacheDir) : undefined);
  let parts = createPartCache();
  // Folders the module finder listed, used again while their modification time holds (the search
  // roots' too, which are not watched: a package installed meanwhile changes its folder's time).
  let listings = folderListings();
  const line = (text: string) => io.stderr.write(`static-inspect: ${text}\n`);
  const describe = (r: RunResult) => `${r.modules} modules, ${r.objects} objects, ${r.diagnostics} diagnostics (${r.errors} errors)`;
  const cwd = io.cwd ?? process.cwd();

  const update = async (changed: readonly string[]): Promise<void> => {
    const t = performance.now();
    try {
      const result = await analyzeAndWrite({ ...run, quiet: true }, io, { summaries, reuse: false, parts, listings });
      const ms = (performance.now() - t).toFixed(0);
      const what = changed.length === 0 ? "" : `; changed: ${changed.map((f) => shortPath(f, cwd)).join(", ")}`;
      line(`${changed.length === 0 ? "wrote" : "updated"} ${run.shownOutput} in ${ms} ms: ${describe(result)}${what}`);
    } catch (error) {
      line(`error: ${(error as Error).message}; waiting for the next change`);
    }
  };

  await update([]);
  const watcher = watch([...run.inputs], {
    ignoreInitial: true,
    ignored: (file, stats) => (stats?.isFile() === true && !isPython(file)) || path.resolve(file) === run.output,
  });
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const flush = async () => {
    timer = null;
    if (running) return; // the running update re-checks `pending` when it ends
    while (pending.size > 0) {
      const changed = [...pending].sort();
      pending = new Set();
      running = update(changed);
      await running;
      running = null;
    }
  };
  watcher.on("all", (event, file) => {
    if (event !== "change") {
      // A file or folder added or removed: imports may find other modules (and a listing made within
      // the folder's timestamp granularity may be stale).
      parts = createPartCache();
      listings = folderListings();
    }
    if (!isPython(file)) return;
    pending.add(path.resolve(file));
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), WATCH_DEBOUNCE_MS);
  });
  watcher.on("error", (error) => line(`watch error: ${(error as Error).message}`));
  await new Promise<void>((resolve) => watcher.on("ready", () => resolve()));
  if (!run.quiet) line(`watching ${run.inputs.map((p) => shortPath(p, cwd)).join(", ")} (Ctrl-C ends)`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    io.signal?.addEventListener("abort", stop, { once: true });
    if (io.signal?.aborted) stop();
  });
  if (timer) clearTimeout(timer);
  await running;
  await watcher.close();
  return 0;
}
