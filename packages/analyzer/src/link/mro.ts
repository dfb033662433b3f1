/**
 * C3 linearisation, the algorithm behind `type.__mro__` (CPython `Objects/typeobject.c`, `mro_implementation`),
 * and `inspect.getmro` over the program's classes.
 */
import type { LinkContext } from "./context.ts";
import { classView } from "./classes.ts";
import { nameOf } from "../ids.ts";

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

/**
 * `inspect.getmro(cls)`: the C3 linearisation of a class, itself first, as ids; `null` when a base is
 * unresolved or no consistent order exists (an `mro-conflict` diagnostic with CPython's message).
 */
export function getmro(cx: LinkContext, id: string): readonly string[] | null {
  if (cx.mroCache.has(id)) {
    cx.touch("mro", id);
    return cx.mroCache.get(id)!;
  }
  return cx.computing(() => computeMro(cx, id), { table: "mro", id });
}

function computeMro(cx: LinkContext, id: string): readonly string[] | null {
  const view = classView(cx, id);
  if (!view) return null;
  if (view.builtin) {
    const mro = view.builtin.mro ?? null;
    cx.mroCache.set(id, mro);
    return mro;
  }
  if (cx.mroActive.has(id)) {
    cx.report(`cycle:${id}`, { code: "inheritance-cycle", message: `class ${id} inherits from itself`, path: view.python!.path, span: null, severity: "error" });
    return null;
  }
  if (!view.bases) {
    cx.mroCache.set(id, null);
    return null;
  }
  cx.mroActive.add(id);
  const seqs: string[][] = [];
  let ok = true;
  for (const b of view.bases) {
    const m = getmro(cx, b);
    if (!m) {
      ok = false;
      break;
    }
    seqs.push([...m]);
  }
  cx.mroActive.delete(id);
  let mro: string[] | null = null;
  if (ok) {
    seqs.push([...view.bases]);
    const merged = c3Merge(seqs);
    if (merged.ok) mro = [id, ...merged.order];
    else {
      const names = merged.remaining.map(nameOf);
      cx.report(`mro:${id}`, {
        code: "mro-conflict",
        severity: "error",
        message: `Cannot create a consistent method resolution\norder (MRO) for bases ${names.join(", ")}`,
        path: view.python!.path,
        span: null,
      });
    }
  }
  cx.mroCache.set(id, mro);
  return mro;
}
