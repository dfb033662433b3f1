/**
 * Whether an `analyze` run can reuse the whole result of an earlier one (see `run-cache.ts`), and
 * writing that result: the first step of every run, kept apart from the analysis so that the start
 * which tries it before loading the rest of the CLI (`fast-start.ts`) runs the same code.
 */
import { discoverFiles, type SourceFile } from "@static-inspect/analyzer";
import type { AnalyzeRun } from "./analyze-run.ts";
import { writeFileFromAtomically } from "./atomic.ts";
import { RunCache, type RunCounts } from "./run-cache.ts";

/** What {@link lookUpRun} found: the run cache to store into (when there is one), the files discovered, and a reusable result. */
export interface RunLookup {
  /** The run cache for these options, or `null` (no cache folder, stdout, or the search roots not known yet). */
  readonly runs: RunCache | null;
  /** The files found, when a cached result was looked for (analysis then reads these, not the folders again). */
  readonly discovered: ReturnType<typeof discoverFiles> | null;
  /** The kept bundle and the counts of the run that wrote it, when nothing it depends on changed. */
  readonly reusable: { readonly bundle: string; readonly counts: RunCounts } | null;
}

/**
 * The options a cached result must have been made with, as data. The root is part of it (a bundle
 * written for one root has other file paths than one for another); the default root follows from the
 * inputs, which are part of it too.
 */
export function runOptions(run: AnalyzeRun, searchPaths: readonly string[]): unknown {
  return [run.inputs, run.root, searchPaths, run.exclude, run.target, run.pretty, run.checkDocstrings, run.docstringStyle ?? null];
}

/**
 * Looks for a cached result of `run` (unless `reuse` is false): only for a run with a cache folder and
 * an output file, and only when the search roots are known without starting python3 (when it has to
 * be asked its answer was not cached either, and the files are bound meanwhile). Never throws for a
 * cache problem (see `RunCache.reusable`); a discovery error is the caller's.
 */
export async function lookUpRun(run: AnalyzeRun, reuse = true): Promise<RunLookup> {
  const remembered = run.cacheDir !== null && run.output !== null && reuse;
  if (!remembered) return { runs: null, discovered: null, reusable: null };
  const roots = await settledNow(run.searchPaths);
  const runs = roots !== undefined ? new RunCache(run.cacheDir!, runOptions(run, roots)) : null;
  const discovered = discoverFiles(run.inputs, { exclude: run.exclude });
  return { runs, discovered, reusable: runs?.reusable(discovered.files) ?? null };
}

/** The files a lookup discovered (none when it discovered nothing). */
export const lookedUpFiles = (lookup: RunLookup): readonly SourceFile[] => lookup.discovered?.files ?? [];

/** What `--verbose` says of a reused result, before ` in S s`: it was written, after `files` files were checked. */
export const reusedStep = (files: number): string => `unchanged since the cached run: wrote the cached bundle (${files} files checked)`;

/**
 * Writes a reusable result to `run.output` (atomically; see `writeFileFromAtomically`) and gives its
 * counts. @throws the I/O error of writing the output.
 */
export function writeReused(run: AnalyzeRun, reusable: NonNullable<RunLookup["reusable"]>): RunCounts {
  writeFileFromAtomically(run.output!, reusable.bundle);
  return reusable.counts;
}

/**
 * `value` when it is not a promise, or a promise that settles in this turn of the event loop (its
 * answer was at hand: read from a cache, with no process or I/O waited for); `undefined` while it is
 * still pending after that turn. `value` must not reject.
 */
async function settledNow<T>(value: T | Promise<T>): Promise<T | undefined> {
  if (!(value instanceof Promise)) return value;
  let settled: { value: T } | undefined;
  void value.then((v) => {
    settled = { value: v };
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  return settled?.value;
}
