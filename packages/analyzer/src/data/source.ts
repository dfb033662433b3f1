/**
 * Where the generated data files come from: `data/builtins/<version>.json` and
 * `data/stdlib/<version>.json`. The analysis reads them through one {@link DataReader}, so the same
 * code runs where they are files on disk (Node: `node/data.ts`, installed by the package's Node
 * entry points) and where they are fetched first (a browser: `@static-inspect/analyzer/core` with
 * {@link setDataReader}).
 */

/** The two generated data sets, one file per Python version each. */
export type DataKind = "builtins" | "stdlib";

/**
 * Gives data set `kind` for Python `python` (`"3.11"`): the file's JSON text, or its bytes (UTF-8,
 * as on disk: the builtins data is then searched without decoding the whole file), or `null` when
 * there is no such file. Synchronous: a browser fetches the files it needs before analysing. It may
 * throw only for a failure to read a file that exists.
 */
export type DataReader = (kind: DataKind, python: string) => string | Uint8Array | null;

let reader: DataReader | null = null;

/**
 * Makes `next` the reader of the data files for this process (or worker). Each file is read once
 * per process and version (the loaders memoise the parsed data), so a reader installed after a
 * version was loaded serves only the versions not loaded yet.
 */
export function setDataReader(next: DataReader): void {
  reader = next;
}

/**
 * Data set `kind` for `python` as the reader gives it (text or UTF-8 bytes), or `null` when the
 * reader has none.
 *
 * @throws Error when no reader was installed (the core entry point used without {@link setDataReader}).
 */
export function readData(kind: DataKind, python: string): string | Uint8Array | null {
  if (!reader) throw new Error(`no data reader for the ${kind} data of Python ${python}: call setDataReader first`);
  return reader(kind, python);
}

/**
 * The JSON text of `kind` for `python` (bytes from the reader decoded as UTF-8), or `null` when the
 * reader has none.
 *
 * @throws Error when no reader was installed (see {@link readData}).
 */
export function readDataText(kind: DataKind, python: string): string | null {
  const data = readData(kind, python);
  return data === null || typeof data === "string" ? data : new TextDecoder().decode(data);
}
