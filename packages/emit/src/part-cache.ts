/**
 * Reusing encoded parts of the bundle: a part (the objects of one module name, see `ObjectPart`) is
 * kept as the JSON text of its elements with the modules its answers could read
 * (`Program.dependencies`: the static import closure of the modules that contribute to it, the
 * modules its docstrings' names could name, and the modules rules read by name) and the SHA-256 of
 * each, or for a module that was not read but looked up, whether it was found. A later program reuses
 * the text when every module it had read has the same bytes, every module it had looked up and not
 * read is still found or still not found, and the settings (indent, root, docstring style, file
 * paths) are equal; else the part is made again. The text is then byte for byte what making the part would give.
 *
 * Two keepers use this: `analyze --watch` keeps the texts in memory between the runs of one process
 * ({@link createPartCache}); the CLI's run cache keeps only where each part is in the bundle it wrote
 * ({@link PartCache.positions}) and reads the text back from that file in the next run.
 */
import type { Program } from "@static-inspect/analyzer/core";
import type { BundleDiagnostic } from "./schema.ts";

/** One module name's part of the bundle's `objects` (its objects, and the modules whose import aliases it holds). */
export interface PartSource {
  readonly key: string;
  readonly objects: readonly { readonly scope: string; readonly path: string }[];
  readonly aliasesOf: readonly { readonly name: string }[];
}

/**
 * A module a part's answers could read: its name, then the SHA-256 of the bytes read, or `null` when
 * it was not read, and then, for one not read, whether looking it up on the search roots found it
 * (`Program.lookedUp`), or `null` when the program never looked it up (no answer asked whether it
 * exists; its existence then matters only through a module that changed, whose hash tells).
 */
export type PartDependency = readonly [name: string, sha256: string | null, found: boolean | null];

/** A kept part. */
export interface PartEntry {
  readonly settings: string;
  readonly dependencies: readonly PartDependency[];
  /** How many elements (objects) the part has. */
  readonly count: number;
  /**
   * The part's elements as written (each padded for its level), joined by the array's separator: the
   * text written for them, byte for byte, after the separator before the first. `null` when it can no
   * longer be had (a kept file gone or changed): the part is made again.
   */
  text(): string | null;
  /** Diagnostics made while making the part (an object that could not be described). */
  readonly diagnostics: readonly BundleDiagnostic[];
}

/**
 * The parts kept, by part key, and what the last bundle written with this cache did with them.
 * `retain`: whether a part made is kept with its text (in memory) or only with its place in the
 * bundle written (`positions`, for a keeper that reads the text back from that file).
 */
export interface PartCache {
  readonly entries: Map<string, PartEntry>;
  readonly retain: boolean;
  readonly stats: { reused: number; made: number };
  /**
   * Filled in as the bundle is written: where each part's text (as {@link PartEntry.text} gives it) is
   * in the JSON text, as offsets in UTF-16 code units from its start, `end` exclusive (a part of no
   * objects: an empty range); parts in order.
   */
  readonly positions: Map<string, { readonly start: number; readonly end: number }>;
}

/** An empty {@link PartCache} that keeps the text of the parts made in memory (`analyze --watch`). */
export function createPartCache(): PartCache {
  return { entries: new Map(), retain: true, stats: { reused: 0, made: 0 }, positions: new Map() };
}

/**
 * The kept entry of `part` when it can be written as it is into `program`'s bundle, else `null`.
 * Reads modules the entry depends on when `program` has not yet.
 */
export function reusablePart(cache: PartCache, program: Program, part: PartSource, settings: string): PartEntry | null {
  const entry = cache.entries.get(part.key);
  if (!entry || entry.settings !== settings) return null;
  for (const [name, sha256, found] of entry.dependencies) {
    if (sha256 !== null ? (program.module(name)?.sha256 ?? null) !== sha256 : found !== null && program.moduleFindable(name) !== found) return null;
  }
  return entry;
}

/**
 * The dependencies of the parts made from one program, one object per module as long as its answer
 * holds (a module read later gets a new one): parts share them, and a keeper can index them by identity.
 */
const interned = new WeakMap<Program, Map<string, PartDependency>>();

/** `a.b.c` and each package above it. */
function prefixes(name: string): string[] {
  const parts = name.split(".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("."));
}

/**
 * Keeps `part` as made in `program`: `queried` holds the docstring names its objects asked for
 * (`module\0name`, see `docResolver`), each of which may name a module absolutely or relative to
 * the module's package. `elements` are the part's elements as written and `separator` what is
 * written between two of them.
 */
export function storePart(
  cache: PartCache,
  program: Program,
  part: PartSource,
  settings: string,
  queried: ReadonlySet<string>,
  elements: readonly string[],
  separator: string,
  diagnostics: readonly BundleDiagnostic[],
): void {
  const roots = new Set<string>([...part.objects.map((o) => o.scope), ...part.aliasesOf.map((s) => s.name)]);
  for (const q of queried) {
    const [scope, name] = q.split("\0") as [string, string];
    const parent = scope.includes(".") ? scope.slice(0, scope.lastIndexOf(".")) : null;
    for (const base of [name, `${scope}.${name}`, ...(parent ? [`${parent}.${name}`] : [])]) for (const m of prefixes(base)) roots.add(m);
  }
  let known = interned.get(program);
  if (!known) interned.set(program, (known = new Map()));
  const dependencies = program.dependencies(roots).map(([name, sha256]): PartDependency => {
    const found = sha256 === null ? program.lookedUp(name) : null;
    const seen = known.get(name);
    if (seen && seen[1] === sha256 && seen[2] === found) return seen;
    const d: PartDependency = [name, sha256, found];
    known.set(name, d);
    return d;
  });
  const text = cache.retain ? elements.join(separator) : null;
  cache.entries.set(part.key, { settings, dependencies, count: elements.length, text: () => text, diagnostics });
}
