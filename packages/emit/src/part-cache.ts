/**
 * Reusing encoded parts of the bundle between runs of one process (`analyze --watch`): a part (the
 * objects of one module name, see `ObjectPart`) is kept as the JSON text of its elements with the
 * modules its answers could read (`Program.dependencies`: the static import closure of the modules
 * that contribute to it, the modules its docstrings' names could name, and the modules rules read by
 * name) and the SHA-256 of each. A later program reuses the text when every one of those modules it
 * had read has the same bytes and the settings (indent, root, docstring style, file paths) are equal;
 * else the part is made again. The text is then byte for byte what making the part would give.
 *
 * A module that was not read when the part was made (not found, or only named) did not change its
 * answers except by existing: the caller empties the cache when files are added or removed.
 */
import type { Program } from "@static-inspect/analyzer/core";
import type { BundleDiagnostic } from "./schema.ts";

/** One module name's part of the bundle's `objects` (its objects, and the modules whose import aliases it holds). */
export interface PartSource {
  readonly key: string;
  readonly objects: readonly { readonly scope: string; readonly path: string }[];
  readonly aliasesOf: readonly { readonly name: string }[];
}

interface PartEntry {
  readonly settings: string;
  readonly dependencies: readonly (readonly [string, string | null])[];
  /** Each element of the part as written (padded for its level), in order. */
  readonly elements: readonly string[];
  /** Diagnostics made while making the part (an object that could not be described). */
  readonly diagnostics: readonly BundleDiagnostic[];
}

/** The parts kept, by part key, and how many were reused or made in the last run. */
export interface PartCache {
  readonly entries: Map<string, PartEntry>;
  readonly stats: { reused: number; made: number };
}

/** An empty {@link PartCache}. */
export function createPartCache(): PartCache {
  return { entries: new Map(), stats: { reused: 0, made: 0 } };
}

/** The kept entry of `part` when it can be written as it is into `program`'s bundle, else `null`. Reads modules the entry depends on when `program` has not yet. */
export function reusablePart(cache: PartCache, program: Program, part: PartSource, settings: string): PartEntry | null {
  const entry = cache.entries.get(part.key);
  if (!entry || entry.settings !== settings) return null;
  for (const [name, sha256] of entry.dependencies) {
    if (sha256 !== null && (program.module(name)?.sha256 ?? null) !== sha256) return null;
  }
  return entry;
}

/** `a.b.c` and each package above it. */
function prefixes(name: string): string[] {
  const parts = name.split(".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("."));
}

/**
 * Keeps `part` as made in `program`: `queried` holds the docstring names its objects asked for
 * (`module\0name`, see `docResolver`), each of which may name a module absolutely or relative to
 * the module's package.
 */
export function storePart(
  cache: PartCache,
  program: Program,
  part: PartSource,
  settings: string,
  queried: ReadonlySet<string>,
  elements: readonly string[],
  diagnostics: readonly BundleDiagnostic[],
): void {
  const roots = new Set<string>([...part.objects.map((o) => o.scope), ...part.aliasesOf.map((s) => s.name)]);
  for (const q of queried) {
    const [scope, name] = q.split("\0") as [string, string];
    const parent = scope.includes(".") ? scope.slice(0, scope.lastIndexOf(".")) : null;
    for (const base of [name, `${scope}.${name}`, ...(parent ? [`${parent}.${name}`] : [])]) for (const m of prefixes(base)) roots.add(m);
  }
  cache.entries.set(part.key, { settings, dependencies: program.dependencies(roots), elements, diagnostics });
}
