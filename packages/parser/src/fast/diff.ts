/**
 * The differential check of the fast path against Lezer over a set of sources (see
 * tools/fast-parser-diff.ts and test/parser/fast-diff.test.ts).
 */
import { pythonParser } from "../lezer.ts";
import { treeDifference } from "./compare.ts";
import { fastParse } from "./parser.ts";

/** The outcome of {@link diffSources}; speeds in MB/s (10^6 UTF-16 code units per second). */
export interface DiffResult {
  files: number;
  accepted: number;
  identical: number;
  mismatched: { path: string; difference: string }[];
  fastMBps: number;
  lezerMBps: number;
}

/** Parses each source with both parsers and compares the trees wherever the fast path accepts. */
export function diffSources(sources: readonly { path: string; text: string }[]): DiffResult {
  const r: DiffResult = { files: sources.length, accepted: 0, identical: 0, mismatched: [], fastMBps: 0, lezerMBps: 0 };
  let fastMs = 0;
  let lezerMs = 0;
  let chars = 0;
  for (const { path, text } of sources) {
    chars += text.length;
    let t0 = performance.now();
    let fast = null;
    try {
      fast = fastParse(text);
    } catch (error) {
      r.mismatched.push({ path, difference: `fast parser threw: ${String(error)}` });
    }
    fastMs += performance.now() - t0;
    t0 = performance.now();
    const lezer = pythonParser.parse(text);
    lezerMs += performance.now() - t0;
    if (!fast) continue;
    r.accepted++;
    const d = treeDifference(lezer, fast);
    if (d === null) r.identical++;
    else r.mismatched.push({ path, difference: d });
  }
  r.fastMBps = chars / 1e6 / (fastMs / 1000);
  r.lezerMBps = chars / 1e6 / (lezerMs / 1000);
  return r;
}
