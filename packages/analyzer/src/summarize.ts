/**
 * One file to its module summary: read (within the size limit), decode, parse, bind — through a
 * summary cache when one is given. What `analyze` does per file, on the calling thread or a worker
 * (Node only: the reading; the rest is `source-summary.ts`).
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import type { Target } from "./bind/conditions.ts";
import { summaryKey, type SummaryCache } from "./cache/summary-cache.ts";
import { DEFAULTS } from "./defaults.ts";
import type { SourceFile } from "./discover.ts";
import type { ModuleSummary } from "./model/summary.ts";
import { bindSource, cacheable, emptySummary } from "./source-summary.ts";

export { bindSource, cacheable };

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
  const summary = bindSource(file, bytes, target, nodeSha256(bytes));
  if (key !== null && cacheable(summary)) cache!.set(key, summary);
  return summary;
}

/** SHA-256 (hex) with Node's native digest: 30× faster than the pure-JS one over whole environments. */
export function nodeSha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
