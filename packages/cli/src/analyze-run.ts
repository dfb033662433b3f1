/**
 * One `analyze` run after the command line is read: find the files, reuse the cached result when
 * nothing it depends on changed, else analyse (through the summary cache, on worker threads when there
 * are many files), build the bundle, write it atomically (or to stdout) and remember the run.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import {
  analyze,
  directorySummaryCache,
  importRoot,
  type DocstringStyle,
  type FolderListings,
  type SummaryCache,
} from "@static-inspect/analyzer";
import { encodeProgramChunks, encodeProgramPieces, type EncodedCounts, type PartCache } from "@static-inspect/emit";
import { writeChunksAtomically } from "./atomic.ts";
import { capHeapGrowthFor } from "./heap.ts";
import { lookedUpFiles, lookUpRun, reusedStep, runOptions, writeReused } from "./cached-run.ts";
import type { CliIO } from "./main.ts";
import { createProgress } from "./progress.ts";
import { RunCache, type RunCounts } from "./run-cache.ts";

/** What one analysis needs, resolved from flags and configuration (absolute paths). */
export interface AnalyzeRun {
  readonly inputs: readonly string[];
  /** `--root`: the folder the bundle's file paths are relative to, or `null` for the default (`defaultRoot`). */
  readonly root: string | null;
  /**
   * The search roots, or their promise while python3 is asked for its `sys.path` (which must never
   * reject): the given files are read and bound meanwhile, and only linking waits for them.
   */
  readonly searchPaths: readonly string[] | Promise<readonly string[]>;
  readonly exclude: readonly string[];
  readonly target: { readonly python?: string; readonly platform?: string };
  /** The bundle file, or `null` for stdout. */
  readonly output: string | null;
  /** `output` as the user wrote it, for messages. */
  readonly shownOutput: string;
  readonly pretty: boolean;
  readonly checkDocstrings: boolean;
  readonly docstringStyle?: DocstringStyle;
  /** The cache folder, or `null` (`--no-cache`). */
  readonly cacheDir: string | null;
  /** Worker threads (`--jobs`); default: one per core when there are {@link MANY_FILES} files or more. */
  readonly jobs?: number;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

/** From this many files on, parsing and binding go to worker threads by default (fewer: a thread's start costs more). */
export const MANY_FILES = 48;

/** The counts of the summary line, and whether the cached result was reused. */
export interface RunResult extends RunCounts {
  readonly reused: boolean;
}

/**
 * Analyses `run.inputs` and writes the bundle. `summaries` overrides the summary cache (watch mode
 * passes one that keeps summaries in memory); `reuse: false` skips the whole-result cache; `parts`
 * keeps the bundle's encoded parts for the next run of this process (see `createPartCache`), and
 * `listings` the folder listings the module finder made (see `folderListings`).
 * Throws only for I/O errors on the output (the caller maps them to exit status 2).
 */
export async function analyzeAndWrite(run: AnalyzeRun, io: CliIO, options: { summaries?: SummaryCache | null; reuse?: boolean; parts?: PartCache; listings?: FolderListings } = {}): Promise<RunResult> {
  const verbose = (text: string) => {
    if (run.verbose) io.stderr.write(`static-inspect: ${text}\n`);
  };
  const step = (name: string, since: number) => verbose(`${name} in ${((performance.now() - since) / 1000).toFixed(2)} s`);
  let t = performance.now();
  const lookup = await lookUpRun(run, options.reuse !== false);
  let runs = lookup.runs;
  const { discovered, reusable } = lookup;
  const files = lookedUpFiles(lookup);
  if (reusable) {
    const counts = writeReused(run, reusable);
    step(reusedStep(files.length), t);
    return { ...counts, reused: true };
  }
  const summaries = options.summaries !== undefined ? options.summaries : run.cacheDir !== null ? directorySummaryCache(run.cacheDir) : null;
  const jobs = run.jobs ?? availableParallelism();

  const columns = (io.stderr as { columns?: number }).columns;
  const progress = createProgress({ write: (text) => io.stderr.write(text), isTTY: io.isTTY, ...(columns ? { columns } : {}) }, !run.quiet);
  let found: number | null = null;
  const program = await analyze({
    paths: run.inputs,
    searchPaths: run.searchPaths,
    exclude: run.exclude,
    target: run.target,
    workers: jobs,
    // --jobs N means N threads whatever the count; by default threads start only for many files.
    minFilesForWorkers: run.jobs !== undefined ? 0 : MANY_FILES,
    ...(summaries ? { cache: summaries } : {}),
    ...(options.listings ? { listings: options.listings } : {}),
    ...(discovered ? { discovered } : {}),
    // Files bound move the bar; modules linked are counted beside it.
    onProgress: (p) => {
      if (found === null) {
        found = p.total;
        if (capHeapGrowthFor(found)) verbose("a large run: V8's old generation grows by at most 1.3× between full collections");
        const threads = jobs > 1 && (run.jobs !== undefined || found >= MANY_FILES);
        verbose(`${found} files to analyse${threads ? ` on ${jobs} worker threads` : ""}`);
        progress.start("analysing", found, "files");
      }
      if (p.phase === "bind") progress.update(p.done);
      else progress.modules(p.done);
    },
  });
  progress.modules(program.emitted.length);
  if (found !== null) progress.update(found);
  const bundleOptions = { checkDocstrings: run.checkDocstrings, ...(run.root !== null ? { root: run.root } : {}), ...(run.docstringStyle ? { docstringStyle: run.docstringStyle } : {}) };
  // Entries to write, for the progress bar only: an estimate made before the objects are (files, modules, objects, diagnostics).
  // (The modules' own diagnostics only: the program's whole list would compute every view first.)
  const estimate = program.emitted.reduce((n, s) => n + 2 + s.objects.length + s.diagnostics.length, 0);
  const analysed = performance.now() - t;
  t = performance.now();
  // The bundle on stdout may share the terminal with stderr: draw no bar over it.
  if (run.output) progress.start("writing", estimate, "entries");
  else progress.stop();
  let done = 0;
  const counted = function* <T>(chunks: Iterable<T>): Generator<T> {
    for (const chunk of chunks) {
      yield chunk;
      if (++done % 1024 === 0) progress.update(Math.min(done, estimate));
    }
  };
  const written: EncodedCounts = { modules: 0, objects: 0, diagnostics: 0, errors: 0 };
  if (discovered) runs ??= new RunCache(run.cacheDir!, runOptions(run, await run.searchPaths));
  // A run that could not reuse the whole result writes the parts that did not change from the last one.
  const kept = runs && !options.parts && !run.checkDocstrings ? runs.keptParts() : null;
  const parts = options.parts ?? kept?.cache;
  const indent = run.pretty ? 2 : 0;
  try {
    // Kept parts read back from the last bundle go to the file as the bytes they are.
    if (run.output) await writeChunksAtomically(run.output, counted(encodeProgramPieces(program, bundleOptions, indent, written, parts)));
    else {
      const chunks = counted(encodeProgramChunks(program, bundleOptions, indent, written, parts));
      // Respect backpressure when stdout is a stream (a pipe to a slow reader).
      const out = io.stdout as { write(text: string): unknown; once?(event: "drain", listener: () => void): unknown };
      for (const chunk of chunks) {
        if (out.write(chunk) === false && out.once) await new Promise<void>((resolve) => out.once!("drain", resolve));
      }
    }
  } finally {
    kept?.close();
    progress.stop();
  }
  const entries = program.emitted.length * 2 + written.objects + written.diagnostics;
  verbose(`analysed and linked ${program.emitted.length} modules in ${(analysed / 1000).toFixed(2)} s`);
  step(`wrote ${entries} entries`, t);
  if (summaries) {
    const s = summaries.stats;
    verbose(`summary cache: ${s.hits} hits, ${s.misses} misses, ${s.writes} written`);
    if (parts) verbose(`bundle parts: ${parts.stats.reused} reused, ${parts.stats.made} made`);
    if (s.rejected > 0) io.stderr.write(`static-inspect: warning: ${s.rejected} corrupt or foreign cache entries ignored (rewritten)\n`);
    if (s.writeErrors > 0) io.stderr.write(`static-inspect: warning: ${s.writeErrors} cache entries could not be written\n`);
  }
  const counts: RunCounts = { modules: written.modules, objects: written.objects, diagnostics: written.diagnostics, errors: written.errors, entries };
  if (runs) runs.store(files, [...new Set([...files.map(importRoot), ...(await run.searchPaths)])], program, run.output!, counts, kept?.cache);
  return { ...counts, reused: false };
}

/** `file` relative to `cwd` when under it, for short messages. */
export function shortPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
