/**
 * Reading a bundle file for an emitter, and writing outputs atomically: the helpers every
 * `emit FORMAT` shares.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { validateBundle, type Bundle } from "@static-inspect/emit";
import { UsageError } from "../errors.ts";

/**
 * Reads and validates the bundle at `file` (relative to `cwd`).
 *
 * @throws UsageError when it cannot be read, is not JSON, or breaks the schema (the first violation is named).
 */
export function readBundle(file: string, cwd: string): Bundle {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const errors = validateBundle(data);
  if (errors.length > 0) throw new UsageError(`${file}: not a valid bundle: ${errors[0]!.instancePath}: ${errors[0]!.message}`);
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
 * Writes `data` to `file` atomically (a temporary file renamed over it, by write-file-atomic).
 *
 * @throws UsageError when the directory does not exist or the file cannot be written.
 */
export function writeAtomically(file: string, data: string | Uint8Array, shown: string): void {
  const dir = path.dirname(file);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`cannot write ${shown}: directory ${dir} does not exist`);
  try {
    writeFileAtomic.sync(file, typeof data === "string" ? data : Buffer.from(data));
  } catch (error) {
    throw new UsageError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
