/**
 * The fuzz loop: mutants of seed files through {@link CaseRunner}, failures deduplicated by
 * signature, minimised and written as reproducers.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { failureSignature, type Failure } from "./check.ts";
import { minimize } from "./minimize.ts";
import { mutate, type Mutation } from "./mutate.ts";
import { Random } from "./random.ts";
import { CaseRunner } from "./runner.ts";

/** Options of {@link fuzz}; defaults in {@link FUZZ_DEFAULTS}. */
export interface FuzzOptions {
  /** Seed of the run: case `i` is fully determined by `(seed, i)` and the seed files. */
  readonly seed?: number;
  /** Stop after this many seconds of wall time … */
  readonly seconds?: number;
  /** … or after this many cases, whichever comes first. */
  readonly maxCases?: number;
  /** Folders whose `.py` files (up to `maxSeedBytes` each) are the seeds, in sorted order. */
  readonly corpus?: readonly string[];
  readonly maxSeedBytes?: number;
  /** A case taking longer (wall-clock ms) is re-run alone with 10× the time; still over it, a `hang`. */
  readonly limitMs?: number;
  /** Folder for minimised reproducers (`<kind>-<hash>.py` plus `.json`); `null`: write none. */
  readonly outDir?: string | null;
  /** Called every `progressEvery` cases with the counts so far. */
  readonly onProgress?: (stats: FuzzStats) => void;
  readonly progressEvery?: number;
}

/** Defaults of {@link FuzzOptions}. */
export const FUZZ_DEFAULTS = {
  seed: 1,
  seconds: 60,
  maxCases: Number.POSITIVE_INFINITY,
  corpus: ["test/fixtures", "samples"],
  maxSeedBytes: 64 * 1024,
  limitMs: 1000,
  outDir: "tools/fuzz/found",
  progressEvery: 1000,
} as const;

/** One distinct failure (by {@link failureSignature}) and how to reproduce it. */
export interface FoundFailure {
  readonly signature: string;
  readonly failure: Failure;
  readonly count: number;
  readonly seedFile: string;
  readonly caseIndex: number;
  readonly mutations: readonly Mutation[];
  /** The minimised input and where it was written (or `null`). */
  readonly reproducer: Buffer;
  readonly reproducerPath: string | null;
}

/** Counts of a fuzz run so far. */
export interface FuzzStats {
  readonly cases: number;
  readonly failures: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly slowest: { readonly ms: number; readonly caseIndex: number };
  readonly seconds: number;
}

/** The result of {@link fuzz}: the counts and the distinct failures. */
export interface FuzzReport extends FuzzStats {
  readonly seed: number;
  readonly seedFiles: number;
  readonly found: readonly FoundFailure[];
}

/** The seed files: `.py` files under the corpus folders, sorted, at most `maxBytes` long. */
export function seedFiles(corpus: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  for (const dir of corpus) {
    for (const rel of globSync(["**/*.py"], { cwd: dir, dot: false }).sort()) {
      const file = path.join(dir, rel);
      try {
        const size = statSync(file).size;
        if (size > 0 && size <= maxBytes) out.push(file);
      } catch {
        // a file that vanished or cannot be read is no seed
      }
    }
  }
  return out;
}

/** Writes a file atomically (a temporary file renamed over the target). */
function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Runs mutants of the seed files until the time or case budget is spent. Each case is one seed
 * file (chosen by the case's generator) with one to four mutations; a case fails when analysis
 * throws, the bundle does not validate, the bundle holds an `internal-error` diagnostic, or it
 * exceeds the time limit twice (the second time with 10× the limit, to tell a busy machine from a
 * hang). The first case of each distinct failure is minimised and written to `outDir`.
 *
 * @throws Error when the corpus holds no seed file.
 */
export async function fuzz(options: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = options.seed ?? FUZZ_DEFAULTS.seed;
  const seconds = options.seconds ?? FUZZ_DEFAULTS.seconds;
  const maxCases = options.maxCases ?? FUZZ_DEFAULTS.maxCases;
  const limitMs = options.limitMs ?? FUZZ_DEFAULTS.limitMs;
  const outDir = options.outDir === undefined ? FUZZ_DEFAULTS.outDir : options.outDir;
  const every = options.progressEvery ?? FUZZ_DEFAULTS.progressEvery;
  const files = seedFiles(options.corpus ?? FUZZ_DEFAULTS.corpus, options.maxSeedBytes ?? FUZZ_DEFAULTS.maxSeedBytes);
  if (files.length === 0) throw new Error("no seed files in the corpus");
  const seeds = files.map((f) => readFileSync(f));
  const runner = new CaseRunner(limitMs);
  const found = new Map<string, FoundFailure>();
  const byKind: Record<string, number> = {};
  let failures = 0;
  let slowest = { ms: 0, caseIndex: -1 };
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const stats = (cases: number): FuzzStats => ({ cases, failures, byKind: { ...byKind }, slowest, seconds: elapsed() });
  const check = async (bytes: Buffer): Promise<{ failure: Failure | null; ms: number }> => {
    const r = await runner.run(bytes);
    if (r.failure?.kind !== "hang") return r;
    const again = await runner.run(bytes, limitMs * 10);
    if (again.failure === null && again.ms <= limitMs) return again; // the machine was busy
    return again.failure?.kind === "hang" || again.failure === null ? { failure: { kind: "hang", message: `took over ${limitMs} ms (${Math.round(again.ms)} ms alone)` }, ms: again.ms } : again;
  };
  let i = 0;
  try {
    for (; i < maxCases && elapsed() < seconds; i++) {
      const rng = Random.forCase(seed, i);
      const s = rng.int(seeds.length);
      const { bytes, mutations } = mutate(seeds[s]!, rng);
      const r = await check(bytes);
      if (r.ms > slowest.ms) slowest = { ms: r.ms, caseIndex: i };
      if (r.failure) {
        failures++;
        byKind[r.failure.kind] = (byKind[r.failure.kind] ?? 0) + 1;
        const signature = failureSignature(r.failure);
        const known = found.get(signature);
        if (known) found.set(signature, { ...known, count: known.count + 1 });
        else {
          const same = async (c: Buffer): Promise<boolean> => {
            const x = await check(c);
            return x.failure !== null && failureSignature(x.failure) === signature;
          };
          const reproducer = await minimize(bytes, same);
          let reproducerPath: string | null = null;
          if (outDir) {
            mkdirSync(outDir, { recursive: true });
            const name = `${r.failure.kind}-${createHash("sha256").update(reproducer).digest("hex").slice(0, 10)}`;
            reproducerPath = path.join(outDir, `${name}.py`);
            writeAtomic(reproducerPath, reproducer);
            const meta = { signature, failure: r.failure, seed, caseIndex: i, seedFile: files[s], mutations, originalBytes: bytes.length };
            writeAtomic(path.join(outDir, `${name}.json`), JSON.stringify(meta, null, 2) + "\n");
          }
          found.set(signature, { signature, failure: r.failure, count: 1, seedFile: files[s]!, caseIndex: i, mutations, reproducer, reproducerPath });
        }
      }
      if (options.onProgress && (i + 1) % every === 0) options.onProgress(stats(i + 1));
    }
  } finally {
    await runner.close();
  }
  return { ...stats(i), seed, seedFiles: files.length, found: [...found.values()] };
}
