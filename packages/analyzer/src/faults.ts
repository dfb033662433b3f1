/**
 * Fault injection for tests of failure isolation: each pass calls {@link checkpoint} at the start of
 * every unit it isolates (a statement in bind; a name or class in link; a facet of an object in the
 * views pass). A test sets a hook that throws for one unit and checks that only that unit is lost.
 */

/** The unit a pass is about to work on: `bind` `module:line`; `link` `name module:name` or `mro classId`; `views` `id:facet`. */
export type FaultHook = (pass: "bind" | "link" | "views", unit: string) => void;

let hook: FaultHook | null = null;

/** Installs `h` (or removes the hook with `null`). For tests only. */
export function setFaultHook(h: FaultHook | null): void {
  hook = h;
}

/** Calls the installed hook, if any (which may throw on purpose). */
export function checkpoint(pass: "bind" | "link" | "views", unit: string): void {
  if (hook !== null) hook(pass, unit);
}
