/**
 * One file to its module summary: read (within the size limit), decode, parse, bind — through a
 * summary cache when one is given. What `analyze` does per file, on the calling thread or a worker.
 */
import { readFileSync, statSync } from "node:fs";
import { parseBytes, type Diagnostic } from "@static-inspect/parser";
import { bind } from "./bind/binder.ts";
import type { Target } from "./bind/conditions.ts";
import { dict } from "./bind/names.ts";
import { summaryKey, type SummaryCache } from "./cache/summary-cache.ts";
import { DEFAULTS } from "./defaults.ts";
import type { SourceFile } from "./discover.ts";
import type { ModuleSummary } from "./model/summary.ts";

/**
 * The bytes of `file`, or the empty summary that says why there are none: a namespace package (no
 * source), a file over `maxFileBytes` (`too-large`), an unreadable one (`read-error`). Never throws.
 */
export function readSource(file: SourceFile, maxFileBytes: number = DEFAULTS.maxFileBytes): Uint8Array | ModuleSummary {
  if (file.namespace) return emptySummary(file, null);
  try {
    const size = statSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path).size;
    if (size > maxFileBytes) {
      return emptySummary(file, {
        code: "too-large",
        severity: "warning",
        message: `file of ${size} bytes is larger than ${maxFileBytes} bytes: not analysed`,
        path: file.path,
        span: null,
      });
    }
    // A name that is not UTF-8 is opened through its bytes (see SourceFile.bytesPath).
    return readFileSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path);
  } catch (error) {
    return emptySummary(file, {
      code: "read-error",
      severity: "error",
      message: `cannot read file: ${(error as Error).message}`,
      path: file.path,
      span: null,
    });
  }
}

/**
 * Parses and binds `bytes`, the content of `file`. Never throws: a crash in a pass becomes an
 * `internal-error` diagnostic and an empty summary.
 */
export function bindSource(file: SourceFile, bytes: Uint8Array, target?: Target): ModuleSummary {
  try {
    const parsed = parseBytes(bytes, { path: file.path, ...(target ? { target: target.python } : {}) });
    return bind(parsed, { name: file.module, isPackage: file.isPackage, bytes, target });
  } catch (error) {
    return emptySummary(file, {
      code: "internal-error",
      severity: "error",
      message: `analysis failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`,
      path: file.path,
      span: null,
    });
  }
}

/** Whether a summary may be cached: not one with an `internal-error`, which may not happen again. */
export function cacheable(summary: ModuleSummary): boolean {
  return !summary.diagnostics.some((d) => d.code === "internal-error");
}

/**
 * Parses and binds one file into a module summary. Never throws: an unreadable file, one over
 * `maxFileBytes` (default `DEFAULTS.maxFileBytes`) or a crash in a pass becomes a diagnostic
 * (`read-error`, `too-large`, `internal-error`) and an empty summary. With a `cache`, a summary stored
 * under the file's {@link summaryKey} is returned instead of parsing, and a new one is stored (not one
 * with an `internal-error`, which may not happen again).
 */
export function summarizeFile(file: SourceFile, target?: Target, maxFileBytes: number = DEFAULTS.maxFileBytes, cache?: SummaryCache): ModuleSummary {
  const bytes = readSource(file, maxFileBytes);
  if (!(bytes instanceof Uint8Array)) return bytes;
  const key = cache ? summaryKey(file, { ...DEFAULTS.target, ...target }, bytes) : null;
  if (key !== null) {
    const cached = cache!.get(key);
    if (cached) return cached;
  }
  const summary = bindSource(file, bytes, target);
  if (key !== null && cacheable(summary)) cache!.set(key, summary);
  return summary;
}

function emptySummary(file: SourceFile, d: Diagnostic | null): ModuleSummary {
  return {
    name: file.module,
    path: file.path,
    isPackage: file.isPackage,
    encoding: "utf-8",
    sha256: "0".repeat(64),
    objects: [],
    scope: dict(),
    history: dict(),
    typeCheckingScope: dict(),
    starImports: [],
    typeCheckingStarImports: [],
    classHistories: dict(),
    classScopes: dict(),
    all: null,
    allOps: [],
    futureAnnotations: false,
    guards: [],
    stringAnnotations: dict(),
    diagnostics: d ? [d] : [],
  };
}

