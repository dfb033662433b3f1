/**
 * The data files read from disk: `data/<kind>/<version>.json` of this package. Importing this
 * module installs {@link readDataFile} as the process's data reader (the package's Node entry points,
 * `.` and `./unstable`, import it), so the analysis finds its data as it always did.
 */
import { readFileSync } from "node:fs";
import { setDataReader, type DataKind } from "../data/source.ts";

/**
 * The bytes of this package's `data/<kind>/<python>.json`, or `null` when the file does not exist
 * (bytes, not text: decoding the 2.4 MB builtins file was most of the cost of reading it).
 *
 * @throws the `fs` error for a file that exists but cannot be read.
 */
export function readDataFile(kind: DataKind, python: string): Uint8Array | null {
  // The version is used in a path: only `3.N` names a data file.
  if (!/^3\.\d+$/.test(python)) return null;
  try {
    return readFileSync(new URL(`../../data/${kind}/${python}.json`, import.meta.url));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

setDataReader(readDataFile);
