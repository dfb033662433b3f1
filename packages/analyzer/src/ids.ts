/**
 * Object ids: `module:qualname`, the syntax of `python -m inspect` (`json.decoder:JSONDecoder.decode`,
 * `pkg.mod:f.<locals>.g`); a module's id is its dotted name. C objects of the builtins data use the
 * same form (`builtins:object.__init__`).
 */

/** An id taken apart: the module's dotted name and the qualname within it (`null` for a module's id). */
export interface ParsedId {
  readonly module: string;
  readonly qualname: string | null;
}

/** The id of `qualname` in `module`, or the module's own id when `qualname` is `null`. */
export function formatId(module: string, qualname: string | null): string {
  return qualname === null ? module : `${module}:${qualname}`;
}

/** Splits an id at its first `:` (module names never contain one). Never throws. */
export function parseId(id: string): ParsedId {
  const colon = id.indexOf(":");
  return colon < 0 ? { module: id, qualname: null } : { module: id.slice(0, colon), qualname: id.slice(colon + 1) };
}

/** The qualname of an object of module `module` (`typing:List` in `typing` → `List`), or `null` when the id is elsewhere. */
export function qualnameIn(id: string, module: string): string | null {
  const p = parseId(id);
  return p.module === module ? p.qualname : null;
}

/** The last dotted part of an id's qualname (or of a module's name): what `__name__` is. */
export function nameOf(id: string): string {
  const p = parseId(id);
  return (p.qualname ?? p.module).split(".").pop()!;
}
