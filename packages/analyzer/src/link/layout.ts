import type { LinkContext } from "./context.ts";
import { classView } from "./classes.ts";
import { getmro } from "./mro.ts";

/**
 * Whether instances of class `id` have a `__dict__` (`tp_dictoffset != 0`) or support weak
 * references (`tp_weaklistoffset != 0`): C classes from the data file's layout; Python classes unless
 * `__slots__` leaves the slot out, then as their best base does.
 */
export function provides(cx: LinkContext, id: string, slot: "__dict__" | "__weakref__", depth = 0): boolean {
  const b = cx.builtins.objects[id];
  if (b) return (slot === "__dict__" ? b.layout?.dictoffset : b.layout?.weaklistoffset) ?? false;
  const slots = cx.object(id)?.class?.slots;
  if (slots === null || slots === undefined || slots.includes(slot)) return true;
  const base = depth < 40 ? bestBase(cx, classView(cx, id)?.bases ?? []) : null;
  return base !== null && provides(cx, base, slot, depth + 1);
}

/**
 * CPython's `solid_base`: the nearest class that adds instance fields. A Python class with non-empty
 * `__slots__` (besides `__dict__`/`__weakref__`) is its own; C classes are taken as their own (the
 * data file does not record `tp_basicsize`), `object` included.
 */
export function solidBase(cx: LinkContext, id: string, depth = 0): string {
  if (cx.builtins.objects[id] || depth > 40) return id;
  const slots = cx.object(id)?.class?.slots;
  if (slots && slots.some((n) => n !== "__dict__" && n !== "__weakref__")) return id;
  const base = bestBase(cx, classView(cx, id)?.bases ?? []);
  return base === null ? "builtins:object" : solidBase(cx, base, depth + 1);
}

/** CPython's `best_base`: the base whose solid base is the most derived (the first one on a tie). */
export function bestBase(cx: LinkContext, bases: readonly string[]): string | null {
  let winner: string | null = null;
  let base: string | null = null;
  for (const b of bases) {
    const candidate = solidBase(cx, b);
    if (winner === null) {
      winner = candidate;
      base = b;
    } else if (getmro(cx, winner)?.includes(candidate)) {
      // winner is already a subtype of candidate
    } else if (getmro(cx, candidate)?.includes(winner)) {
      winner = candidate;
      base = b;
    }
  }
  return base;
}
