/**
 * Compares two Lezer trees as the facade sees them: the named nodes of a full `iterate` walk
 * (type name, from, to, depth). Used by the fast path's tests and tools/fast-parser-diff.ts.
 */
import type { Tree } from "@lezer/common";

/** The first difference between the two walks as a short text, or null when they are the same. */
export function treeDifference(a: Tree, b: Tree): string | null {
  const wa = walk(a);
  const wb = walk(b);
  const n = Math.max(wa.length, wb.length);
  for (let i = 0; i < n; i++) {
    if (wa[i] !== wb[i]) return `node ${i}: ${wa[i] ?? "(end)"} vs ${wb[i] ?? "(end)"}`;
  }
  return null;
}

function walk(tree: Tree): string[] {
  const out: string[] = [];
  let depth = 0;
  tree.iterate({
    enter(n) {
      out.push(`${depth} ${n.name} ${n.from}-${n.to}`);
      depth++;
    },
    leave() {
      depth--;
    },
  });
  return out;
}
