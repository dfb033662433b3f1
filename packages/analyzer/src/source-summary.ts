/**
 * A module's bytes to its summary: decode, parse, bind (no file access; see `summarize.ts` for
 * reading a file first). What every host does per module, in Node or in a browser.
 */
import { parseBytes, type Diagnostic } from "@static-inspect/parser";
import { bind } from "./bind/binder.ts";
import type { Target } from "./bind/conditions.ts";
import { dict } from "./bind/names.ts";
import type { SourceFile } from "./discover.ts";
import type { ModuleSummary } from "./model/summary.ts";

/**
 * Parses and binds `bytes`, the content of `file`; `sha256` is the bytes' digest when the caller has
 * it (else the binder computes it). Never throws: a crash in a pass becomes an `internal-error`
 * diagnostic and an empty summary.
 */
export function bindSource(file: SourceFile, bytes: Uint8Array, target?: Target, sha256?: string): ModuleSummary {
  try {
    const parsed = parseBytes(bytes, { path: file.path, ...(target ? { target: target.python } : {}) });
    return bind(parsed, { name: file.module, isPackage: file.isPackage, bytes, target, ...(sha256 ? { sha256 } : {}) });
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

/** The summary of a module without source (a namespace package), or of one that could not be read (`d` says why). */
export function emptySummary(file: SourceFile, d: Diagnostic | null): ModuleSummary {
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
