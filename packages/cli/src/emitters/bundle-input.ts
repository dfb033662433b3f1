/**
 * What the `emit` formats that read a bundle share: loading and validating `BUNDLE`, `--select GLOB`
 * over object ids, and writing the result to stdout or atomically to `-o FILE`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { validateBundle, type Bundle } from "@static-inspect/emit";
import { isSystemError, UsageError } from "../errors.ts";
import { writeChunksAtomically } from "../atomic.ts";
import type { CliIO } from "../main.ts";

/**
 * Reads and validates a bundle file.
 *
 * @throws UsageError (exit 2) when the file cannot be read, is not JSON, or does not validate
 *   against the bundle schema (the first violation is named).
 */
export function readBundle(file: string, cwd: string): Bundle {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${isSystemError(error) ? (error.code ?? error.message) : String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const errors = validateBundle(data);
  if (errors.length > 0) throw new UsageError(`${file}: not a valid bundle: ${errors[0]!.instancePath || "/"}: ${errors[0]!.message}`);
  return data as Bundle;
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
