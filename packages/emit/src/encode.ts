import type { AnnotationView, ClassTree, ClosureVars, DefinedObject, Diagnostic, DocstringStyle, FullArgSpec, InspectSignature, ModuleMember, ModuleSummary, Program } from "@static-inspect/analyzer";
import { checkDocstrings } from "./checks.ts";
import { docResolver, docstringView, type ResolvedNames } from "./docstrings.ts";
import { bundlePaths } from "./paths.ts";
import { importAliasTargets, SharedViews } from "./shared-views.ts";
import { SCHEMA_ID, SCHEMA_VERSION, type Bundle, type BundleDiagnostic, type BundleObject } from "./schema.ts";

/** The generator recorded in every bundle. */
export const GENERATOR = { name: "static-inspect", version: "0.1.0" } as const;

const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Options of {@link buildBundle}. */
export interface BundleOptions {
  /** Read every docstring in this style instead of detecting it per docstring (`--docstring-style`). */
  readonly docstringStyle?: DocstringStyle;
  /** Add the docstring–signature diagnostics of {@link checkDocstrings} (`--check-docstrings`); default false. */
  readonly checkDocstrings?: boolean;
  /**
   * The analysis root (absolute, or relative to the current directory) that the bundle's file paths
   * are relative to (see `bundlePaths`); default `defaultRoot(program)`, the deepest folder holding
   * every given module's import root.
   */
  readonly root?: string;
}

/** {@link BundleOptions} as objects are viewed: `resolved` memoises docstring names; each name looked up is added to `queried` (see `docResolver`). */
type ViewOptions = BundleOptions & { readonly resolved?: ResolvedNames; readonly queried?: Set<string>; readonly shared?: SharedViews<ViewOptions> };
/** {@link ViewOptions} as the parts of a bundle are made: `paths` writes file paths. */
export type PartOptions = ViewOptions & { readonly paths?: (file: string) => string };

/**
 * Builds the bundle of a linked program: every object of the analysed modules with its inspect view
 * (DESIGN §4), the files with their SHA-256, modules, and all diagnostics, each array sorted
 * (objects and modules by id, diagnostics by path and position) so the same input gives the same bytes.
 * File paths are relative to `options.root` (see `bundlePaths`), so the same tree analysed in another
 * folder, from another directory or on another machine gives the same bytes too.
 *
 * Never throws for problems in the analysed Python: a crash while viewing one object becomes an
 * `internal-error` diagnostic and the object is left out.
 */
export function buildBundle(program: Program, options: BundleOptions = {}): Bundle {
  const resolved: ResolvedNames = new Map();
  const diagnostics: BundleDiagnostic[] = [];
  const paths = bundlePaths(program, options.root);
  const objects = [...bundleObjects(program, { ...options, resolved, paths }, diagnostics)];
  if (options.checkDocstrings) diagnostics.push(...checkDocstrings(objects));
  return { ...bundleHead(program, paths), objects, diagnostics: bundleDiagnostics(program, diagnostics, paths) };
}

/** The bundle's `objects`, in order, made one part at a time (see {@link objectParts}); crashes go onto `diagnostics`. */
function* bundleObjects(program: Program, options: PartOptions, diagnostics: BundleDiagnostic[]): Generator<BundleObject> {
  const parts = objectParts(program);
  const shared = sharedViews(program, parts);
  for (const part of parts) yield* partObjects(program, part, { ...options, shared }, diagnostics);
}

/** The views the bundle of `program` shows more than once among `parts`, made once (see `shared-views.ts`). */
export function sharedViews(program: Program, parts: readonly ObjectPart[]): SharedViews<ViewOptions> {
  return new SharedViews<ViewOptions>(parts, (module) => importAliasTargets(program, module), (o, options) => objectView(program, o, options), program);
}

/** Everything of the bundle before `objects`, in key order; file paths written by `paths` (default: relative to `defaultRoot`). */
export function bundleHead(program: Program, paths: (file: string) => string = bundlePaths(program)): Omit<Bundle, "objects" | "diagnostics"> {
  return {
    $schema: SCHEMA_ID,
    schemaVersion: SCHEMA_VERSION,
    generator: { ...GENERATOR, plugins: [...program.plugins] },
    target: { python: program.target.python, platform: program.target.platform },
    files: program.emitted
      .map((s) => ({ path: paths(s.path), module: s.name, sha256: s.sha256, encoding: s.encoding }))
      .sort(byKey((f) => f.path)),
    modules: program.emitted
      .map((s) => {
        const all = program.all(s.name);
        const { getsourcefile, ...extras } = moduleExtras(program, s);
        return {
          id: s.name,
          file: paths(s.path),
          isPackage: s.isPackage,
          all: all ? [...all] : null,
          ...extras,
          ...(getsourcefile !== undefined ? { getsourcefile: getsourcefile === null ? null : paths(getsourcefile) } : {}),
        };
      })
      .sort(byKey((m) => `${m.id}\0${m.file}`)),
  };
}

/**
 * The program's diagnostics (`programDiagnostics`, default `program.diagnostics`) and `extra` ones,
 * paths written by `paths` (default: relative to `defaultRoot`), as the bundle sorts them: by path,
 * position, code, message.
 */
export function bundleDiagnostics(
  program: Program,
  extra: readonly BundleDiagnostic[],
  paths: (file: string) => string = bundlePaths(program),
  programDiagnostics: readonly Diagnostic[] = program.diagnostics,
): BundleDiagnostic[] {
  return [...extra, ...programDiagnostics.map(diagnosticView)].map((d) => ({ ...d, path: paths(d.path) })).sort(
    byKey((d) => `${d.path}\0${String(d.span?.line ?? 0).padStart(9, "0")}\0${String(d.span?.column ?? 0).padStart(9, "0")}\0${d.code}\0${d.message}`),
  );
}

/**
 * One run of the bundle's `objects` array: the objects whose id is `key` (a module's; ids without
 * `:`), or those whose id starts with `key` (`name:`, every other object of that module name,
 * wherever it was defined: a class whose `__module__` is rewritten has the id of the module it
 * names). No id of one part sorts between two ids of another, so the parts sorted by key, each
 * sorted by id, are the whole array sorted by id.
 */
export interface ObjectPart {
  readonly key: string;
  /** The defined objects of the part, in the program's order (summaries as emitted, objects as listed). */
  readonly objects: readonly DefinedObject[];
  /** The modules whose import aliases belong to the part (those named `key` without its `:`). */
  readonly aliasesOf: readonly ModuleSummary[];
}

/** The parts of the bundle's `objects`, in the array's order (see {@link ObjectPart}). */
export function objectParts(program: Program): ObjectPart[] {
  const parts = new Map<string, { key: string; objects: DefinedObject[]; aliasesOf: ModuleSummary[] }>();
  const part = (key: string) => {
    let p = parts.get(key);
    if (!p) parts.set(key, (p = { key, objects: [], aliasesOf: [] }));
    return p;
  };
  for (const s of program.emitted) {
    for (const o of s.objects) {
      if (o.synthesized) continue;
      const colon = o.id.indexOf(":");
      part(colon < 0 ? o.id : o.id.slice(0, colon + 1)).objects.push(o);
    }
  }
  for (const s of program.emitted) part(`${s.name}:`).aliasesOf.push(s);
  return [...parts.values()].sort(byKey((p) => p.key));
}

/**
 * The objects of one part, sorted by id, the first of equal ids kept (defined objects before import
 * aliases, each in the program's order). A crash while viewing an object pushes an `internal-error`
 * diagnostic onto `diagnostics` and leaves the object out.
 */
export function partObjects(program: Program, part: ObjectPart, options: PartOptions, diagnostics: BundleDiagnostic[]): BundleObject[] {
  const paths = options.paths ?? bundlePaths(program, options.root);
  return sortedById(partUnits(program, part).flatMap((unit) => unit.make(options, diagnostics))).map((o) => ({ ...o, file: paths(o.file) }));
}

/**
 * One piece of a part that is made on its own: a defined object's view (`key` its id), or one
 * import alias of a module (`key` `<module>\0<name>\0<target>\0<how>\0<line>`: what the alias
 * shows of its member). `make` gives its objects (none, or one),
 * file paths not yet written; a crash pushes an `internal-error` diagnostic and gives none. `id` is the
 * defined object's id, `null` for an alias (whose view belongs to no defined object).
 */
export interface PartUnit {
  readonly key: string;
  readonly id: string | null;
  /** The module whose source the unit shows (the defined object's scope; the aliases' module). */
  readonly module: string;
  make(options: ViewOptions, diagnostics: BundleDiagnostic[]): BundleObject[];
}

/** The units of `part` in order: its defined objects, then the import aliases of each of its modules. */
export function partUnits(program: Program, part: ObjectPart): PartUnit[] {
  const units: PartUnit[] = part.objects.map((o) => ({
    key: o.id,
    id: o.id,
    module: o.scope,
    make: (options, diagnostics) => {
      try {
        const view = options.shared ? options.shared.view(o, options) : objectView(program, o, options);
        return view ? [o.kind === "module" ? withModuleMembers(program, view) : view] : [];
      } catch (error) {
        diagnostics.push({
          code: "internal-error",
          severity: "error",
          message: `cannot describe ${o.id}: ${error instanceof Error ? error.message : String(error)}`,
          path: o.path,
          span: null,
        });
        return [];
      }
    },
  }));
  for (const summary of part.aliasesOf) {
    for (const m of importAliasMembers(program, summary)) {
      // The member's target, how and line are read outside the unit's computation: they are in its key.
      const key = `${summary.name}\0${m.name}\0${m.id}\0${m.how}\0${m.line}`;
      units.push({ key, id: null, module: summary.name, make: (options) => [importAliasObject(program, summary, m, options)] });
    }
  }
  return units;
}

/** `items` (in unit order) sorted by id, the first of equal ids kept: the order of a part's elements. Sorts `items` in place. */
export function sortedById<T extends { readonly id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.sort(byKey((o) => o.id)).filter((o) => !seen.has(o.id) && seen.add(o.id));
}

/** A module's `classtree`, and `getmodulename`/`getsourcefile` where they differ from what the module entry already says. */
function moduleExtras(program: Program, s: ModuleSummary) {
  const classes = s.objects.filter((o) => o.kind === "class" && !o.synthesized).map((o) => o.id);
  const out: { classtree?: { class: string; bases: string[]; depth: number }[] | null; getmodulename?: string | null; getsourcefile?: string | null } = {};
  if (classes.length) {
    const tree = program.getclasstree([...new Set(classes)].sort(), false);
    const flat: { class: string; bases: string[]; depth: number }[] = [];
    const walk = (t: ClassTree, depth: number) => {
      for (const item of t) {
        if ("class" in item) flat.push({ class: item.class, bases: [...item.bases], depth });
        else walk(item as ClassTree, depth + 1);
      }
    };
    if (tree) walk(tree, 0);
    out.classtree = tree ? flat : null;
  }
  const modulename = program.getmodulename(s.path);
  if (modulename !== s.name.slice(s.name.lastIndexOf(".") + 1)) out.getmodulename = modulename;
  const sourcefile = program.getsourcefile(s.name);
  if (sourcefile !== s.path) out.getsourcefile = sourcefile;
  return out;
}

function diagnosticView(d: Diagnostic): BundleDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    path: d.path,
    span: d.span ? { line: d.span.line, column: d.span.column, endLine: d.span.endLine, endColumn: d.span.endColumn } : null,
  };
}

function annotationView(a: AnnotationView) {
  return { text: a.text, rendered: a.rendered, refs: a.refs.map((r) => ({ name: r.name, id: r.id })) };
}

/**
 * The inspect view of one object (see `ObjectSchema`). `options.resolved` memoises docstring name
 * resolution across objects (pass one map per program).
 */
export function objectView(program: Program, o: DefinedObject, options: ViewOptions = {}): BundleObject | null {
  // What inspect says was computed when the program was linked; an object without a view was left
  // out after a crash (an internal-error diagnostic says so).
  const v = program.view(o.id);
  if (!v) return null;
  const target = o.kind === "attribute" ? program.aliasTarget(o.id) : null;
  if (target !== null) return aliasObjectView(program, o, target, options);
  const isClass = o.kind === "class";
  const sig = v.signature;
  const signatureView = (s: InspectSignature) => ({
    text: s.text,
    parameters: s.parameters.map((p) => ({
      name: p.name,
      kind: p.kind,
      default: p.default ? { text: p.default.text, rendered: p.default.rendered } : null,
      annotation: p.annotation ? annotationView(p.annotation) : null,
    })),
    return_annotation: s.return_annotation ? annotationView(s.return_annotation) : null,
  });
  const doc = v.doc;
  return {
    id: o.id,
    module: o.module,
    qualname: o.qualname,
    name: o.name,
    kind: o.kind,
    parent: o.parent,
    file: o.path,
    span: { line: o.span.line, endLine: o.span.endLine },
    conditions: [...o.conditions],
    predicates: { ...v.predicates },
    signature: sig ? signatureView(sig) : null,
    overloads: v.overloads ? v.overloads.map(signatureView) : null,
    wrapped: v.wrapped,
    codeFlags: v.codeFlags ? [...v.codeFlags] : null,
    doc,
    rawDoc: v.rawDoc,
    docstring: doc === null ? null : docstringView(doc, o.id, sig, docResolver(program, o, options.resolved ?? new Map(), options.queried), options.docstringStyle),
    comments: v.comments,
    sourcelines: o.sourcelines ? { ...o.sourcelines } : null,
    decorators: [...o.decorators],
    unknownDecorators: o.function ? [...o.function.unknownDecorators] : [],
    bases: isClass ? (v.bases ?? []).map((b) => ({ text: b.text, id: b.id })) : null,
    metaclass: isClass ? v.metaclass : null,
    mro: isClass && v.mro ? [...v.mro] : null,
    members: isClass && v.members ? v.members.map((m) => ({ name: m.name, owner: m.owner })) : null,
    annotations: v.annotations ? { ...v.annotations } : null,
    annotation: v.annotation ? annotationView(v.annotation) : null,
    value: o.kind === "attribute" ? o.attribute?.value?.text ?? null : null,
    ...(ARGSPEC_KINDS.has(o.kind) ? { fullargspec: fullargspecView(program.getfullargspec(o.id)) } : {}),
    ...(o.kind !== "class" && ARGSPEC_KINDS.has(o.kind) ? { closurevars: closurevarsView(program.getclosurevars(o.id)) } : {}),
    ...availabilityView(program, o.id),
  };
}

/** `attribute_doc`, `instance` and `alternatives` of object `id`, each present only when it has one. */
function availabilityView(program: Program, id: string): Pick<BundleObject, "attribute_doc" | "instance" | "alternatives"> {
  const attributeDoc = program.attributeDoc(id);
  const alternatives = program.alternatives(id);
  return {
    ...(attributeDoc ? { attribute_doc: { text: attributeDoc.text, source: attributeDoc.source } } : {}),
    ...(program.object(id)?.attribute?.instance ? { instance: true as const } : {}),
    ...(alternatives.length
      ? {
          alternatives: alternatives.map((a) => ({
            condition: a.conditions.length ? a.conditions.join(" and ") : null,
            conditions: [...a.conditions],
            facts: a.facts.map((f) => ({
              kind: f.kind,
              ...(f.negated ? { negated: true as const } : {}),
              ...(f.op !== undefined ? { op: f.op } : {}),
              ...(f.version ? { version: [...f.version] } : {}),
              ...(f.platform !== undefined ? { platform: f.platform } : {}),
              ...(f.name !== undefined ? { name: f.name } : {}),
              ...(f.modules ? { modules: [...f.modules] } : {}),
            })),
            guards: a.guards.map((g) => ({ modules: [...g.modules], succeeds: g.succeeds })),
            file: a.path,
            lineno: a.line,
            kind: a.kind,
            in_effect: a.in_effect,
          })),
        }
      : {}),
  };
}

const ARGSPEC_KINDS = new Set(["function", "method", "staticmethod", "classmethod", "class"]);

function fullargspecView(spec: FullArgSpec | null) {
  if (!spec) return null;
  const expr = (d: { text: string; rendered: string | null }) => ({ text: d.text, rendered: d.rendered });
  return {
    args: [...spec.args],
    varargs: spec.varargs,
    varkw: spec.varkw,
    defaults: spec.defaults ? spec.defaults.map(expr) : null,
    kwonlyargs: [...spec.kwonlyargs],
    kwonlydefaults: spec.kwonlydefaults ? spec.kwonlydefaults.map((d) => ({ name: d.name, default: expr(d.default) })) : null,
    annotations: spec.annotations.map((a) => ({ name: a.name, annotation: annotationView(a.annotation) })),
  };
}

function closurevarsView(cv: ClosureVars | null) {
  if (!cv) return null;
  const v = (x: { name: string; id: string | null }) => ({ name: x.name, id: x.id });
  return { nonlocals: cv.nonlocals.map(v), globals: cv.globals.map(v), builtins: cv.builtins.map(v), unbound: [...cv.unbound] };
}

/**
 * Whether a module- or class-level name is public and exported (see the schema's `is_public` and
 * `is_exported`): `__all__` first, else no leading underscore; class members are never exported.
 */
export function publicity(program: Program, o: Pick<DefinedObject, "name" | "parent" | "scope">): { is_public: boolean; is_exported: boolean } {
  const plain = !o.name.startsWith("_");
  if (o.parent !== o.scope) return { is_public: plain, is_exported: false };
  const all = program.all(o.scope);
  const exported = all ? all.includes(o.name) : plain;
  return { is_public: exported, is_exported: exported };
}

/**
 * The bundle object of an alias by assignment (`camelCase = snake_case`): its own id, name, place and
 * lines, kind `alias` with the `target` id, and the target's inspect view (signature, docs, comments,
 * source lines, predicates, class facts), as `inspect` sees the very same object through the name.
 */
function aliasObjectView(program: Program, o: DefinedObject, target: string, options: ViewOptions): BundleObject | null {
  const targetObject = program.object(target);
  if (!targetObject) return null;
  const view = objectView(program, { ...targetObject, id: o.id }, options);
  if (!view) return null;
  return {
    ...view,
    id: o.id,
    module: o.module,
    qualname: o.qualname,
    name: o.name,
    kind: "alias",
    target,
    ...publicity(program, o),
    parent: o.parent,
    file: o.path,
    span: { line: o.span.line, endLine: o.span.endLine },
    conditions: [...o.conditions],
    annotation: null,
    value: o.attribute?.value?.text ?? null,
    ...availabilityView(program, o.id),
  };
}

/** A module's bundle object with its members as `getmembers_static(module)` lists them (name, id, how). */
function withModuleMembers(program: Program, view: BundleObject): BundleObject {
  const members = program.moduleMembers(view.id);
  return { ...view, members: members ? members.map((m) => ({ name: m.name, owner: view.id, id: m.id, how: m.how })) : null };
}

const NO_PREDICATES = { ismodule: false, isclass: false, isfunction: false, ismethod: false, isroutine: false, isbuiltin: false, ismethoddescriptor: false, isdatadescriptor: false, isgeneratorfunction: false, iscoroutinefunction: false, isasyncgenfunction: false, isabstract: false };

/** The members of `summary`'s module that are written as import aliases (see {@link importAliasObject}): imported or star-imported, at a line, and not also defined. */
function importAliasMembers(program: Program, summary: ModuleSummary): (ModuleMember & { readonly line: number })[] {
  return (program.moduleMembers(summary.name) ?? []).filter(
    (m): m is ModuleMember & { readonly line: number } => (m.how === "imported" || m.how === "star-imported") && m.line !== null && !program.object(`${summary.name}:${m.name}`),
  );
}

/**
 * The imported and star-imported names of a module as objects of kind `alias` (`from .impl import
 * Thing` in `pkg` is `pkg:Thing` with target `pkg.impl:Thing`): the `target` id (aliases followed;
 * `null` when unresolved), `is_public`/`is_exported`, the line of the import statement, and the
 * target's inspect view when the target is an object of the analysed modules (else only its
 * predicates; the other facets are the target's to look up). A name the module also defines (`try:
 * from _c import f` / `except ImportError: def f`) is left to the defined object. This is the
 * object of member `m` of `summary`, one {@link importAliasMembers} gave.
 */
function importAliasObject(program: Program, summary: ModuleSummary, m: ModuleMember & { readonly line: number }, options: ViewOptions): BundleObject {
  const id = `${summary.name}:${m.name}`;
  let predicates = NO_PREDICATES;
  if (m.id !== null && !m.id.includes(":")) predicates = { ...NO_PREDICATES, ismodule: true };
  else if (m.id !== null) {
    try {
      predicates = { ...NO_PREDICATES, ...program.predicates(m.id) };
    } catch {
      predicates = NO_PREDICATES; // a target the queries cannot describe: its predicates stay unknown (false)
    }
  }
  const own = {
    id,
    module: summary.name,
    qualname: m.name,
    name: m.name,
    kind: "alias" as const,
    target: m.id,
    ...publicity(program, { name: m.name, parent: summary.name, scope: summary.name }),
    parent: summary.name,
    file: summary.path,
    span: { line: m.line, endLine: m.line },
    conditions: [],
    annotation: null,
    value: null,
    ...availabilityView(program, id),
  };
  // A target of the analysed modules (`from ._impl import Thing` in a package): its inspect view, as for an alias by assignment.
  const targetObject = m.id !== null && m.id.includes(":") && program.view(m.id) ? program.object(m.id) : null;
  const targetView = targetObject && targetObject.kind !== "attribute" ? (options.shared ? options.shared.view(targetObject, options) : objectView(program, targetObject, options)) : null;
  if (targetView) {
    // The target's inspect view; the name's own attribute doc and alternatives (not the target's).
    const { attribute_doc: _doc, instance: _instance, alternatives: _alternatives, ...inspectView } = targetView;
    return { ...inspectView, ...own };
  }
  return {
    ...own,
    predicates,
    signature: null,
    overloads: null,
    wrapped: null,
    codeFlags: null,
    doc: null,
    rawDoc: null,
    comments: null,
    sourcelines: null,
    decorators: [],
    unknownDecorators: [],
    bases: null,
    metaclass: null,
    mro: null,
    members: null,
    annotations: null,
  };
}
