/**
 * The analyzer's only way out to files: an {@link AnalyzerHost} finds modules, reads their bytes and
 * gives the generated data files. The analysis itself (decode, parse, bind, link, query) touches
 * nothing else, so it runs wherever a host can be written: Node (`node/host.ts`, what `analyze`
 * uses), a browser or a Web Worker (`memoryHost`, files held in memory, data fetched first).
 */
import type { Target } from "./bind/conditions.ts";
import { setDataReader, type DataReader } from "./data/source.ts";
import { DEFAULTS } from "./defaults.ts";
import type { SourceFile } from "./discover.ts";
import type { ModuleSummary } from "./model/summary.ts";
import { bindSource, emptySummary } from "./source-summary.ts";

/**
 * What the analysis asks of the world outside it. Every method is synchronous: a host that must
 * fetch (a browser) fetches before analysing.
 */
export interface AnalyzerHost {
  /**
   * Module `name` (dotted, `pkg.mod`) as CPython's path-based finder would find it on the host's
   * search roots (`findModuleIn` implements those rules over any tree), or `null` when it is not
   * there. Must not throw.
   */
  findModule(name: string): SourceFile | null;
  /**
   * The bytes of a file {@link AnalyzerHost.findModule} returned (never called for a namespace
   * package). Throws an `Error` when the file cannot be read; its message goes into a `read-error`
   * diagnostic.
   */
  readFile(file: SourceFile): Uint8Array;
  /** The generated data files (builtins, standard-library facts) by kind and Python version. */
  readonly readData: DataReader;
  /** SHA-256 (hex) of a file's bytes, when the host has a faster digest than the pure-JavaScript one. */
  sha256?(bytes: Uint8Array): string;
}

/** Makes the host's data files the ones the analysis reads (see `setDataReader`). */
export function useHostData(host: AnalyzerHost): void {
  setDataReader(host.readData);
}

/**
 * Reads `file` through `host` and binds it into a module summary. Never throws: a namespace package
 * gives an empty summary; a file over `maxFileBytes` (default `DEFAULTS.maxFileBytes`) a `too-large`
 * warning, one the host cannot read a `read-error`, a crash in a pass an `internal-error`, each with
 * an empty summary.
 */
export function summarizeWithHost(host: AnalyzerHost, file: SourceFile, target?: Target, maxFileBytes: number = DEFAULTS.maxFileBytes): ModuleSummary {
  if (file.namespace) return emptySummary(file, null);
  let bytes: Uint8Array;
  try {
    bytes = host.readFile(file);
  } catch (error) {
    return emptySummary(file, { code: "read-error", severity: "error", message: `cannot read file: ${(error as Error).message}`, path: file.path, span: null });
  }
  if (bytes.length > maxFileBytes) {
    return emptySummary(file, {
      code: "too-large",
      severity: "warning",
      message: `file of ${bytes.length} bytes is larger than ${maxFileBytes} bytes: not analysed`,
      path: file.path,
      span: null,
    });
  }
  return bindSource(file, bytes, target, host.sha256?.(bytes));
}
