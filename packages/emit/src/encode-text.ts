/**
 * The bundle as JSON text: whole (`encodeBundle`), in pieces of one array element each
 * (`encodeBundleChunks`), and made from a program as it is written, parts of it taken from a part
 * cache (`encodeProgramChunks`, `encodeProgramPieces`). Building the objects is `encode.ts`'s.
 */
import type { Diagnostic, Program } from "@static-inspect/analyzer";
import path from "pathe";
import { bundleDiagnostics, bundleHead, buildBundle, objectParts, partObjects, partUnits, sharedViews, sortedById, type BundleOptions, type ObjectPart, type PartOptions, type PartUnit } from "./encode.ts";
import { defaultRoot, bundlePaths } from "./paths.ts";
import type { ResolvedNames } from "./docstrings.ts";
import { finishParts, reusablePart, staleParts, storePart, type KeptUnit, type PartCache, type PartEntry, type StaleParts } from "./part-cache.ts";
import type { Bundle, BundleDiagnostic, BundleObject } from "./schema.ts";

/**
 * The bundle as JSON text: stable key order (as built), `indent` spaces (0 for compact), final newline.
 * Byte-identical to the concatenation of {@link encodeBundleChunks}.
 *
 * @throws RangeError when the text exceeds the longest string JavaScript can hold (about 512 MB);
 * write such bundles with {@link encodeBundleChunks}.
 */
export function encodeBundle(bundle: Bundle, indent = 0): string {
  return JSON.stringify(bundle, null, indent || undefined) + "\n";
}

/**
 * The bundle's JSON text in pieces of one array element each, so bundles of whole environments can be
 * written without building one string. The pieces concatenate to exactly {@link encodeBundle}'s text.
 * Never throws for a valid bundle.
 */
export function* encodeBundleChunks(bundle: Bundle, indent = 0): Generator<string> {
  // A bundle holds no encoded bytes: every piece is text.
  yield* encodeEntries(Object.entries(bundle), indent) as Generator<string>;
}

/** What {@link encodeProgramChunks} counted of the bundle it wrote. */
export interface EncodedCounts {
  modules: number;
  objects: number;
  diagnostics: number;
  errors: number;
}

/**
 * The JSON text of `buildBundle(program, options)`, byte for byte as {@link encodeBundleChunks} gives
 * it, built as it is written: the objects of one module at a time are made, encoded and dropped, so
 * the whole `objects` array is never held (peak memory is the program's, not the program's and the
 * bundle's). `counts` is filled in as the text is made (complete once the generator is done).
 * With `checkDocstrings` (which compares objects across modules) the bundle is built whole first.
 * With `parts`, each part whose dependencies are unchanged since it was kept there is written from its
 * kept text, every part made is kept (see `part-cache.ts`; with a cache that retains texts, made unit
 * by unit, those of its units whose reads are unchanged written from their kept text), and where each
 * part's text is in the JSON is recorded in `parts.positions`; the text is the same either way.
 */
export function* encodeProgramChunks(program: Program, options: BundleOptions = {}, indent = 0, counts?: EncodedCounts, parts?: PartCache): Generator<string> {
  const decoder = new TextDecoder();
  for (const piece of encodeProgramPieces(program, options, indent, counts, parts)) yield typeof piece === "string" ? piece : decoder.decode(piece);
}

/**
 * {@link encodeProgramChunks}, where a kept part whose text is UTF-8 bytes (read back from a file, see
 * {@link PartEntry.text}) is handed out as those bytes, not decoded: the pieces, text as UTF-8 and
 * bytes as they are, concatenate to the same bundle. For a writer that takes both.
 */
export function* encodeProgramPieces(program: Program, options: BundleOptions = {}, indent = 0, counts?: EncodedCounts, parts?: PartCache): Generator<string | Uint8Array> {
  if (options.checkDocstrings) {
    const bundle = buildBundle(program, options);
    if (counts) Object.assign(counts, countsOf(bundle.modules.length, bundle.objects.length, bundle.diagnostics));
    yield* encodeBundleChunks(bundle, indent);
    return;
  }
  const resolved: ResolvedNames = new Map();
  const extra: BundleDiagnostic[] = [];
  const root = path.resolve(options.root ?? defaultRoot(program));
  const paths = bundlePaths(program, root);
  const head = bundleHead(program, paths);
  let objects = 0;
  // The objects of the parts written from kept text, and the reports their views made when computed.
  const keptIds = new Set<string>();
  const keptReports: (readonly [string, Diagnostic])[] = [];
  if (parts) {
    parts.stats.reused = parts.stats.made = parts.stats.unitsReused = 0;
    parts.positions.clear();
  }
  // How much of the text was handed out so far (in the cache's unit, see PartCache.measure): where
  // the next piece starts. The generators run in lockstep (an element is asked for only after the
  // piece before it was handed out), so a part about to be yielded starts after this offset, its
  // array separator and padding (ASCII: as many bytes as code units).
  let offset = 0;
  const measure = parts?.measure ?? ((text: string) => text.length);
  const separator = "," + (indent ? "\n" + " ".repeat(indent * 2) : "");
  const objectStream = function* (): Generator<BundleObject | EncodedElement | EncodedBytes> {
    const all = objectParts(program);
    const stale = parts ? staleParts(parts, program) : null;
    const settingsOf = (part: ObjectPart) => JSON.stringify([indent, root, options.docstringStyle ?? null, [...new Set(part.objects.map((o) => o.path))].map(paths)]);
    // Views are shared among the parts to be made: one written from its kept text makes none (counting
    // its uses would compute the views it shows). Should a kept text fail to read, that part is made
    // without sharing: the same text.
    const decided = new Map<ObjectPart, { readonly settings: string; readonly kept: PartEntry | null }>();
    if (parts) {
      for (const part of all) {
        const settings = settingsOf(part);
        decided.set(part, { settings, kept: reusablePart(parts, stale!, part, settings) });
      }
    }
    const shared = sharedViews(program, parts ? all.filter((part) => !decided.get(part)!.kept) : all);
    keptIds.clear();
    keptReports.length = 0;
    // Until finishParts: a bundle not written to its end (an error, a generator dropped) leaves no
    // entry reusable, since the entries made so far have no kept states.
    if (parts) parts.states = null;
    for (const part of all) {
      if (!parts) {
        for (const o of partObjects(program, part, { ...options, resolved, paths, shared }, extra)) {
          objects++;
          yield o;
        }
        program.releaseViews(part.objects.map((o) => o.id)); // written: the program need not hold them
        continue;
      }
      const { settings, kept } = decided.get(part)!;
      const text = kept && kept.count > 0 ? kept.text() : "";
      if (kept && text !== null) {
        parts.stats.reused++;
        extra.push(...kept.diagnostics);
        // Their views are not computed: what they reported when they were is taken back instead.
        for (const o of part.objects) keptIds.add(o.id);
        keptReports.push(...kept.viewReports);
        if (kept.count === 0) {
          parts.positions.set(part.key, { start: offset, end: offset });
          continue;
        }
        const start = offset + separator.length;
        parts.positions.set(part.key, { start, end: start + (typeof text === "string" ? measure(text) : text.length) });
        objects += kept.count;
        yield typeof text === "string" ? new EncodedElement(text) : new EncodedBytes(text);
        continue;
      }
      parts.stats.made++;
      const queried = new Set<string>();
      const made: BundleDiagnostic[] = [];
      const partOptions = { ...options, resolved, paths, queried, shared };
      const ids = part.objects.map((o) => o.id);
      const start = offset + separator.length;
      let length = -separator.length;
      let count = 0;
      if (parts.retain) {
        // Made unit by unit, each written again from the last text of this part where it can be.
        const previous = parts.entries.get(part.key);
        const before = !stale!.all && previous?.settings === settings ? previous.units : undefined;
        const units = new Map<string, KeptUnit>();
        const again: KeptUnit[] = [];
        const { value: texts, reads } = program.dependencies(() => unitTexts(program, partUnits(program, part), partOptions, { before, stale: stale!, units, again, indent }, made));
        extra.push(...made);
        for (const text of texts) {
          length += measure(text) + separator.length;
          objects++;
          yield new EncodedElement(text);
        }
        const viewReports = [...units.values()].flatMap((unit) => unit.viewReports);
        parts.stats.unitsReused += again.length;
        for (const unit of again) {
          // Written again, its view not computed: what it reported when it was is taken back instead.
          if (unit.id !== null) keptIds.add(unit.id);
          keptReports.push(...unit.viewReports);
        }
        count = texts.length;
        storePart(parts, part, settings, queried, reads, count, utf8.encode(texts.join(separator)), made, viewReports, units);
      } else {
        const { value: madeObjects, reads } = program.dependencies(() => partObjects(program, part, partOptions, made));
        extra.push(...made);
        // Each element is written as soon as it is encoded.
        for (const o of madeObjects) {
          const text = elementText(o, indent, 2);
          length += measure(text) + separator.length;
          objects++;
          yield new EncodedElement(text);
        }
        count = madeObjects.length;
        storePart(parts, part, settings, queried, reads, count, null, made, program.viewReports(ids));
      }
      parts.positions.set(part.key, count === 0 ? { start: offset, end: offset } : { start, end: start + length });
      program.releaseViews(ids); // written, its reports taken: the program need not hold them
    }
    if (parts) finishParts(parts, program);
  };
  const diagnostics = () => {
    const all = bundleDiagnostics(program, extra, paths, parts ? program.diagnosticsWith((id) => keptIds.has(id), keptReports) : program.diagnostics);
    if (counts) Object.assign(counts, countsOf(head.modules.length, objects, all));
    return all;
  };
  for (const piece of encodeEntries([...Object.entries(head), ["objects", lazy(objectStream)], ["diagnostics", lazy(diagnostics)]], indent)) {
    offset += typeof piece === "string" ? measure(piece) : piece.length;
    yield piece;
  }
}

/**
 * The element texts of a part made unit by unit (see `PartUnit`), sorted by id, the first of equal
 * ids kept, as `partObjects` sorts its objects: a unit of the part's last text (`before`, by key)
 * none of whose reads changed (`stale`) is written again as it was, its reads counted for the
 * computation under way (`Program.dependOn`), its docstring names and diagnostics added again; any
 * other is made, in a computation of its own whose reads it keeps (its module's counted too). Every
 * unit goes into `units` by key; those written again also into `again`.
 */
function unitTexts(
  program: Program,
  partUnits: readonly PartUnit[],
  options: PartOptions & { readonly queried: Set<string> },
  cache: { readonly before: ReadonlyMap<string, KeptUnit> | undefined; readonly stale: StaleParts; readonly units: Map<string, KeptUnit>; readonly again: KeptUnit[]; readonly indent: number },
  diagnostics: BundleDiagnostic[],
): string[] {
  const elements: { readonly id: string; readonly text: string }[] = [];
  const paths = options.paths ?? bundlePaths(program, options.root);
  for (const unit of partUnits) {
    let key = unit.key;
    for (let n = 2; cache.units.has(key); n++) key = `${unit.key}\0${n}`;
    const old = cache.before?.get(key);
    if (old && !old.reads.some((r) => cache.stale.names.has(r))) {
      program.dependOn(old.reads);
      for (const q of old.queried) options.queried.add(q);
      diagnostics.push(...old.diagnostics);
      elements.push(...old.elements);
      cache.units.set(key, old);
      cache.again.push(old);
      continue;
    }
    const queried = new Set<string>();
    const made: BundleDiagnostic[] = [];
    const { value, reads } = program.dependencies(() => {
      program.dependOn([unit.module]);
      return unit.make({ ...options, queried }, made);
    });
    const texts = value.map((o) => ({ id: o.id, text: elementText({ ...o, file: paths(o.file) }, cache.indent, 2) }));
    for (const q of queried) options.queried.add(q);
    diagnostics.push(...made);
    elements.push(...texts);
    cache.units.set(key, { id: unit.id, elements: texts, reads, queried: [...queried], diagnostics: made, viewReports: unit.id === null ? [] : program.viewReports([unit.id]) });
  }
  return sortedById(elements).map((e) => e.text);
}

function countsOf(modules: number, objects: number, diagnostics: readonly BundleDiagnostic[]): EncodedCounts {
  return { modules, objects, diagnostics: diagnostics.length, errors: diagnostics.filter((d) => d.severity === "error").length };
}

/** A value made only when its entry is written (an iterable: an array written element by element). */
class Lazy {
  constructor(readonly make: () => unknown) {}
}
const lazy = (make: () => unknown) => new Lazy(make);

/** An array element already encoded (by {@link elementText}), written as it is. */
class EncodedElement {
  constructor(readonly text: string) {}
}

const utf8 = new TextEncoder();

/** Array elements already encoded, as UTF-8 bytes, written as they are. */
class EncodedBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** The JSON text of `value` as an element at nesting `level` of a document indented by `indent` spaces (0: none). */
function elementText(value: unknown, indent: number, level: number): string {
  const text = JSON.stringify(value, null, indent || undefined);
  return indent ? text.replace(/\n/g, "\n" + " ".repeat(indent * level)) : text;
}

function* encodeEntries(entries: readonly [string, unknown][], indent: number): Generator<string | Uint8Array> {
  const pad = (level: number) => (indent ? "\n" + " ".repeat(indent * level) : "");
  const sep = indent ? ": " : ":";
  const nested = (value: unknown, level: number) => (value instanceof EncodedElement ? value.text : elementText(value, indent, level));
  yield "{";
  for (let i = 0; i < entries.length; i++) {
    const [key, entry] = entries[i]!;
    yield `${i ? "," : ""}${pad(1)}${JSON.stringify(key)}${sep}`;
    const value = entry instanceof Lazy ? entry.make() : entry;
    if (Array.isArray(value) || (entry instanceof Lazy && typeof value === "object" && value !== null && Symbol.iterator in value)) {
      let j = 0;
      for (const element of value as Iterable<unknown>) {
        if (element instanceof EncodedBytes) {
          yield `${j++ ? "," : "["}${pad(2)}`;
          yield element.bytes;
        } else yield `${j++ ? "," : "["}${pad(2)}${nested(element, 2)}`;
      }
      yield j ? `${pad(1)}]` : "[]";
    } else {
      yield nested(value, 1);
    }
  }
  yield `${pad(0)}}\n`;
}
