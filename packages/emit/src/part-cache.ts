/**
 * Reusing encoded parts of the bundle: a part (the objects of one module name, see `ObjectPart`) is
 * kept as the JSON text of its elements with its dependencies: the modules its making read
 * (`Program.dependencies`: every summary, object and lookup its answers read, memoised ones as their
 * first computation read them), with the modules its objects belong to and those its docstrings'
 * names could name. The states of those names are kept (`Program.dependencyStates`): each module's
 * SHA-256, or for a module looked up and not read, whether it was found. A later program reuses the
 * text of every part none of whose dependencies has other bytes (or another answer to the lookup)
 * when the settings (indent, root, docstring style, file paths) are equal; else the part is made
 * again. The text is then byte for byte what making the part would give: a rule reaches another
 * module only through the program's queries, which record the read.
 *
 * Two keepers use this: `analyze --watch` keeps the texts in memory between the runs of one process
 * ({@link createPartCache}); the CLI's run cache keeps only where each part is in the bundle it wrote
 * ({@link PartCache.positions}) and reads the text back from that file in the next run. A keeper
 * that keeps texts also keeps each part's units (a defined object, an import alias; see `PartUnit`),
 * each with the modules its own making read: a part made again writes again those of its units
 * whose reads did not change (after an edit to click's `termui.py`, 338 of the 414 units of the 8
 * parts made again are written again: the objects of `click.core` that name none of its functions).
 */
import type { DependencyStates, Diagnostic, Program } from "@static-inspect/analyzer/core";
import type { BundleDiagnostic } from "./schema.ts";

/** One module name's part of the bundle's `objects` (its objects, and the modules whose import aliases it holds). */
export interface PartSource {
  readonly key: string;
  readonly objects: readonly { readonly scope: string; readonly path: string }[];
  readonly aliasesOf: readonly { readonly name: string }[];
}

/**
 * One unit of a kept part (see `PartUnit`), kept by a keeper that retains texts: its elements' texts
 * with their ids, and what making it read and reported.
 */
export interface KeptUnit {
  /** The defined object the unit shows, `null` for an import alias. */
  readonly id: string | null;
  readonly elements: readonly { readonly id: string; readonly text: string }[];
  /** The modules making it read (`Program.dependencies`). */
  readonly reads: readonly string[];
  /** The docstring names it asked for (`module\0name`). */
  readonly queried: readonly string[];
  readonly diagnostics: readonly BundleDiagnostic[];
  /** What the view of its object reported (`Program.viewReports`); none for an alias. */
  readonly viewReports: readonly (readonly [string, Diagnostic])[];
}

/** A kept part. */
export interface PartEntry {
  readonly settings: string;
  /**
   * The modules the part depends on: those its making read, its objects' scopes, and the modules its
   * docstrings' names could name (see the module comment).
   */
  readonly roots: readonly string[];
  /** How many elements (objects) the part has. */
  readonly count: number;
  /**
   * The part's elements as written (each padded for its level), joined by the array's separator: the
   * text written for them, byte for byte, after the separator before the first; as UTF-8 bytes where
   * it is read back from a file. `null` when it can no longer be had (a kept file gone or changed): the
   * part is made again.
   */
  text(): string | Uint8Array | null;
  /** Diagnostics made while making the part (an object that could not be described). */
  readonly diagnostics: readonly BundleDiagnostic[];
  /** What the views of the part's objects reported, by key (`Program.viewReports`): taken back when they are not computed. */
  readonly viewReports: readonly (readonly [string, Diagnostic])[];
  /** Its units by key, where the keeper retains texts: a part made again writes again those whose reads did not change. */
  readonly units?: ReadonlyMap<string, KeptUnit>;
}

/**
 * The parts kept, by part key, and what the last bundle written with this cache did with them.
 * `retain`: whether a part made is kept with its text (in memory) or only with its place in the
 * bundle written (`positions`, for a keeper that reads the text back from that file).
 */
export interface PartCache {
  readonly entries: Map<string, PartEntry>;
  readonly retain: boolean;
  /** Parts written again as they were, parts made; of the units of the parts made (a keeper that retains texts), those written again. */
  readonly stats: { reused: number; made: number; unitsReused: number };
  /**
   * Filled in as the bundle is written: where each part's text (as {@link PartEntry.text} gives it) is
   * in the JSON text, as offsets from its start in the unit of `measure`, `end` exclusive (a part of
   * no objects: an empty range); parts in order.
   */
  readonly positions: Map<string, { readonly start: number; readonly end: number }>;
  /** The length of a piece of text in the unit of `positions`; default UTF-16 code units (`length`). A keeper that reads parts back as bytes gives the UTF-8 length. */
  readonly measure?: (text: string) => number;
  /**
   * The states of every entry's roots in the program the entries were last written from (see
   * `Program.dependencyStates`): what a later program checks them against. `null` before the first
   * bundle, and while one is being written (no entry is reusable then).
   */
  states: DependencyStates | null;
}

/**
 * An empty {@link PartCache} that keeps the text of the parts made in memory (`analyze --watch`), as
 * UTF-8 bytes: a part written again is handed to the writer as they are, not encoded again.
 * Positions are in UTF-8 bytes too.
 */
export function createPartCache(): PartCache {
  return { entries: new Map(), retain: true, stats: { reused: 0, made: 0, unitsReused: 0 }, positions: new Map(), states: null, measure: utf8Length };
}

/** The length of `text` in UTF-8 bytes, as `TextEncoder` writes it (a lone surrogate as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Which kept entries `program` can no longer use: every one (`all`) when there are no kept states,
 * else those with a root in `names` (the modules that have other bytes now, or a looked-up module
 * now found or no longer found).
 */
export interface StaleParts {
  readonly all: boolean;
  readonly names: ReadonlySet<string>;
}

/** The {@link StaleParts} of `cache` in `program`. Reads the modules of the kept states that `program` has not read yet. */
export function staleParts(cache: PartCache, program: Program): StaleParts {
  if (!cache.states) return { all: true, names: new Set() };
  const names = new Set<string>();
  for (const [name, state] of cache.states) {
    const same = state.sha256 !== null ? program.moduleSha256(name) === state.sha256 : state.found === null || program.moduleFindable(name) === state.found;
    if (!same) names.add(name);
  }
  return { all: false, names };
}

/** The kept entry of `part` when it can be written as it is into the bundle of the program `stale` was computed in, else `null`. */
export function reusablePart(cache: PartCache, stale: StaleParts, part: PartSource, settings: string): PartEntry | null {
  const entry = cache.entries.get(part.key);
  if (!entry || entry.settings !== settings || stale.all || entry.roots.some((r) => stale.names.has(r))) return null;
  return entry;
}

/** `a.b.c` and each package above it. */
function prefixes(name: string): string[] {
  const parts = name.split(".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("."));
}

/**
 * Keeps `part` as just made: `queried` holds the docstring names its objects asked for
 * (`module\0name`, see `docResolver`), each of which may name a module absolutely or relative to
 * the module's package; `reads` the modules making it read (`Program.dependencies`). `count` is how many elements the part has and `text` their text as
 * {@link PartEntry.text} gives it, held when the cache retains texts (else `null`).
 */
export function storePart(
  cache: PartCache,
  part: PartSource,
  settings: string,
  queried: ReadonlySet<string>,
  reads: readonly string[],
  count: number,
  text: string | Uint8Array | null,
  diagnostics: readonly BundleDiagnostic[],
  viewReports: readonly (readonly [string, Diagnostic])[],
  units?: ReadonlyMap<string, KeptUnit>,
): void {
  const roots = new Set<string>([...part.objects.map((o) => o.scope), ...part.aliasesOf.map((s) => s.name), ...reads]);
  for (const q of queried) {
    const [scope, name] = q.split("\0") as [string, string];
    const parent = scope.includes(".") ? scope.slice(0, scope.lastIndexOf(".")) : null;
    for (const base of [name, `${scope}.${name}`, ...(parent ? [`${parent}.${name}`] : [])]) for (const m of prefixes(base)) roots.add(m);
  }
  const names = internedNames(cache);
  const kept = [...roots].map((r) => {
    const same = names.get(r);
    if (same !== undefined) return same;
    names.set(r, r);
    return r;
  });
  cache.entries.set(part.key, { settings, roots: kept, count, text: () => text, diagnostics, viewReports, ...(units ? { units } : {}) });
}

/**
 * One string per module name among the roots of a cache's entries: the names are made anew for each
 * part (sliced, split, joined), and over site-packages its 23,126 parts hold 493,000 roots of only
 * 58,000 names (11 MB of characters, nearly all copies).
 */
const interned = new WeakMap<PartCache, Map<string, string>>();

function internedNames(cache: PartCache): Map<string, string> {
  let names = interned.get(cache);
  if (!names) interned.set(cache, (names = new Map()));
  return names;
}

/**
 * Ends a bundle written with `cache` from `program`: the entries of parts it did not write are
 * dropped, and the kept states become `program`'s of the roots of those it did.
 */
export function finishParts(cache: PartCache, program: Program): void {
  for (const key of [...cache.entries.keys()]) if (!cache.positions.has(key)) cache.entries.delete(key);
  const roots = new Set<string>();
  for (const entry of cache.entries.values()) for (const r of entry.roots) roots.add(r);
  cache.states = program.dependencyStates(roots);
}
