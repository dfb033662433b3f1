/**
 * C3 linearisation, the algorithm behind `type.__mro__` (CPython `Objects/typeobject.c`, `mro_implementation`).
 */

/** The result of {@link c3Merge}: the merged order, or the sequences' heads that could not be merged. */
export type C3Result =
  | { readonly ok: true; readonly order: readonly string[] }
  | { readonly ok: false; readonly remaining: readonly string[] };

/**
 * Merges sequences (each base's MRO, then the list of bases) by C3: repeatedly take the first head that
 * appears in no sequence's tail. Never throws: a conflict returns the heads left, in the order CPython
 * names them in its `TypeError` ("Cannot create a consistent method resolution order (MRO) for bases …").
 */
export function c3Merge(sequences: readonly (readonly string[])[]): C3Result {
  const seqs = sequences.map((s) => [...s]).filter((s) => s.length > 0);
  const order: string[] = [];
  for (;;) {
    const live = seqs.filter((s) => s.length > 0);
    if (live.length === 0) return { ok: true, order };
    let candidate: string | null = null;
    for (const s of live) {
      const head = s[0]!;
      if (!live.some((t) => t.indexOf(head) > 0)) {
        candidate = head;
        break;
      }
    }
    if (candidate === null) {
      const heads: string[] = [];
      for (const s of live) if (!heads.includes(s[0]!)) heads.push(s[0]!);
      return { ok: false, remaining: heads };
    }
    order.push(candidate);
    for (const s of live) if (s[0] === candidate) s.shift();
  }
}
