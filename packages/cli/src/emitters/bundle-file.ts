/**
 * Reading a bundle file for an emitter, selecting objects, and writing outputs atomically: the
 * helpers every `emit FORMAT` shares.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { validateBundle, type Bundle } from "@static-inspect/emit";
import { writeChunksAtomically } from "../atomic.ts";
import { isSystemError, UsageError } from "../errors.ts";
import type { CliIO } from "../main.ts";

/**
 * Reads the JSON document at `file` (relative to `cwd`).
 *
 * @throws UsageError (exit 2) when the file cannot be read or is not JSON.
 */
export function readJson(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${isSystemError(error) ? (error.code ?? error.message) : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads and validates a bundle file.
 *
 * @throws UsageError (exit 2) when the file cannot be read, is not JSON, or does not validate
 *   against the bundle schema (the first violation is named).
 */
export function readBundle(file: string, cwd: string): Bundle {
  const data = readJson(file, cwd);
  const errors = validateBundle(data);
  if (errors.length > 0) throw new UsageError(`${file}: not a valid bundle: ${errors[0]!.instancePath || "/"}: ${errors[0]!.message}`);
  return data as Bundle;
}

/**
 * Makes directory `dir` (relative to `cwd`) if needed and returns its absolute path.
 *
 * @throws UsageError when it exists and is not a directory, or cannot be made.
 */
export function outputDirectory(dir: string, cwd: string): string {
  const abs = path.resolve(cwd, dir);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new UsageError(`cannot write into ${dir}: not a directory`);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return abs;
}

/**
 * Writes `data` to `file` atomically (a temporary file beside it, flushed and renamed over it; removed
 * if the run is interrupted — see `../atomic.ts`).
 *
 * @throws UsageError when the directory does not exist or the file cannot be written.
 */
export async function writeAtomically(file: string, data: string | Uint8Array, shown: string): Promise<void> {
  const dir = path.dirname(file);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`cannot write ${shown}: directory ${dir} does not exist`);
  try {
    await writeChunksAtomically(file, [data]);
  } catch (error) {
    throw new UsageError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * The object-id filter of `--select GLOB…` (picomatch globs over ids such as `pkg.mod:Class.method`;
 * `*` matches any run of characters, dots and colons included, since ids contain no `/`). No glob
 * selects everything.
 */
export function idSelector(globs: readonly string[] | undefined): ((id: string) => boolean) | undefined {
  if (!globs || globs.length === 0) return undefined;
  const matchers = globs.map((g) => picomatch(g, { dot: true }));
  return (id) => matchers.some((m) => m(id));
}

/** Writes JSON (2-space indented, newline-terminated) to `-o FILE` atomically, or to stdout. */
export async function writeJson(value: unknown, output: string | undefined, io: CliIO, cwd: string): Promise<void> {
  const text = JSON.stringify(value, null, 2) + "\n";
  if (output === undefined) io.stdout.write(text);
  else await writeChunksAtomically(path.resolve(cwd, output), [text]);
}

/** `static-inspect: N diagnostics (codes…) → FILE` on stderr, one line. */
export function summarise(what: string, count: number, diagnostics: readonly { code: string }[], output: string | undefined, io: CliIO): void {
  const codes = new Map<string, number>();
  for (const d of diagnostics) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
  const detail = [...codes].map(([c, n]) => `${n} ${c}`).join(", ");
  io.stderr.write(`${what}: ${count} written, ${diagnostics.length} diagnostics${detail ? ` (${detail})` : ""} → ${output ?? "<stdout>"}\n`);
}
