/**
 * One fuzz case through the public API: `analyze` on a temporary file, `buildBundle`,
 * `encodeBundle` and `validateBundle`.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, encodeBundle, validateBundle } from "@static-inspect/emit";

/** How a case failed: a thrown error, a bundle the schema rejects, an `internal-error` diagnostic, or too slow. */
export type FailureKind = "crash" | "invalid-bundle" | "internal-error" | "hang";

/** A failed case: its kind and a message (the error, the first schema errors, or the diagnostic). */
export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
}

/**
 * Runs `bytes` as module `m` in folder `dir` (the file `m.py` there is overwritten) and returns the
 * failure, or `null` when the run completed with a valid bundle and no `internal-error`. Never throws.
 */
export async function runCase(bytes: Uint8Array, dir: string): Promise<Failure | null> {
  const file = path.join(dir, "m.py");
  try {
    writeFileSync(file, bytes);
    const program = await analyze({ paths: [file], gitignore: false });
    const bundle = buildBundle(program);
    const text = encodeBundle(bundle);
    const errors = validateBundle(JSON.parse(text));
    if (errors.length > 0) return { kind: "invalid-bundle", message: errors.slice(0, 3).map((e) => `${e.instancePath}: ${e.message}`).join("; ") };
    const internal = bundle.diagnostics.find((d) => d.code === "internal-error");
    if (internal) return { kind: "internal-error", message: internal.message.split("\n")[0]! };
    return null;
  } catch (error) {
    return { kind: "crash", message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * What makes two failures "the same" for deduplication and minimisation: the kind and the first
 * line of the message with numbers, quoted text and paths blanked.
 */
export function failureSignature(f: Failure): string {
  const line = f.message.split("\n")[0]!.replace(/(['"`]).*?\1/g, "…").replace(/\/[^\s:)]+/g, "/…").replace(/\d+/g, "N");
  return `${f.kind}: ${line.slice(0, 200)}`;
}
