/**
 * The views: for every object of the given modules, what `inspect` says about it, computed once when
 * first asked for after linking. A view's diagnostics are the reports its computation implies (see
 * `LinkContext.computing`), kept with it: the program's diagnostics are those of the link pass and of
 * every view, whichever views were computed first, and a caller that has a view's diagnostics from
 * an earlier run (a bundle part written again) need not compute it.
 */
import type { Diagnostic } from "@static-inspect/parser";
import type { LinkContext } from "../link/context.ts";
import { all } from "../link/all.ts";
import { aliasTarget } from "../link/aliases.ts";
import { bases, metaclass } from "../link/classes.ts";
import { getmembers_static, type Member } from "../link/members.ts";
import { moduleMembers, type ModuleMember } from "../link/module-members.ts";
import { getmro } from "../link/mro.ts";
import { internalError } from "../diagnostics.ts";
import { checkpoint } from "../faults.ts";
import type { DefinedObject } from "../model/objects.ts";
import { annotationView, get_annotations } from "./annotations.ts";
import { getcomments, getdoc, rawDoc } from "./docs.ts";
import { codeFlags, predicates, type Predicates } from "./predicates.ts";
import { overloads, signature, type AnnotationView, type InspectSignature } from "./signature.ts";
import { wrapped } from "./wrappers.ts";

/**
 * Everything `inspect` reports about one object, as the bundle carries it. A facet whose computation
 * crashed is `null`, with an `internal-error` diagnostic naming the object and the facet.
 */
export interface InspectView {
  readonly predicates: Predicates;
  readonly signature: InspectSignature | null;
  readonly overloads: readonly InspectSignature[] | null;
  readonly wrapped: string | null;
  readonly codeFlags: readonly string[] | null;
  readonly doc: string | null;
  readonly rawDoc: string | null;
  readonly comments: string | null;
  /** Classes: bases as written with their ids, metaclass, MRO, `getmembers_static`; `null` otherwise. */
  readonly bases: readonly { readonly text: string; readonly id: string | null }[] | null;
  readonly metaclass: string | null;
  readonly mro: readonly string[] | null;
  readonly members: readonly Member[] | null;
  readonly annotations: Readonly<Record<string, string | null>> | null;
  /** Attributes: the annotation's view. */
  readonly annotation: AnnotationView | null;
}

/** How many released views made again are held (see `Views.again`): the views of a few objects' making. */
const AGAIN = 256;

/** The report keys of a unit that implied none. */
const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * The views of the given modules' objects, each computed when first asked for (see
 * {@link inspectViews}), and each module's `__all__` and `getmembers_static`. An alias by assignment
 * (see `link/aliases.ts`) has its target's view under its own id, and its target in `aliasTarget`.
 * What a view's computation reports is kept with it ({@link Views.reportsOf}): a program's
 * diagnostics are the same whichever views were computed, in whatever order.
 */
export class Views {
  /** The first non-synthesized object of each id, in the given modules' order. */
  private readonly index = new Map<string, DefinedObject>();
  private readonly modules = new Set<string>();
  /** Views computed so far (`null`: left out, its predicates crashed), less those released (see {@link Views.keys}). */
  private readonly objects = new Map<string, InspectView | null>();
  private readonly aliases = new Map<string, string>();
  private readonly allOf = new Map<string, readonly string[] | null>();
  private readonly membersOf = new Map<string, readonly ModuleMember[] | null>();
  /**
   * The report keys each unit computed implied (an object id, `all\0module`, `members\0module`), in
   * the order first implied: an entry for every unit computed, also after its view is released
   * ({@link Views.release}), so a unit with keys but no view is a released one. Arrays, one empty
   * array for all units that implied none: over site-packages, a set per unit (and a set of the
   * released ids) took ~90 MB.
   */
  private readonly keys = new Map<string, readonly string[]>();

  constructor(private readonly cx: LinkContext) {
    for (const s of cx.emitted) {
      this.modules.add(s.name);
      for (const o of s.objects) if (!o.synthesized && !this.index.has(o.id)) this.index.set(o.id, o);
    }
  }

  /** The ids with a view to compute: every non-synthesized object of the given modules, in order. */
  get ids(): IterableIterator<string> {
    return this.index.keys();
  }

  /** The view of object `id` of a given module, computed now if not yet; `null` for other ids (and one left out after a crash). */
  object(id: string): InspectView | null {
    const held = this.objects.has(id) ? this.objects : this.again.has(id) ? this.again : null;
    if (held) {
      this.reread(id);
      return held.get(id) ?? null;
    }
    const o = this.index.get(id);
    if (!o) return null;
    // A unit with keys but no view was released: made again, it is held only among the last few (see release).
    const released = this.keys.has(id);
    let view: InspectView | null = null;
    this.compute(id, () => {
      view = this.viewOf(o);
      if (!released) this.objects.set(id, view);
    });
    if (released) {
      this.again.set(id, view);
      if (this.again.size > AGAIN) {
        const oldest = this.again.keys().next().value!;
        this.again.delete(oldest);
        this.keepReportsOnly(oldest);
      }
    }
    return view;
  }

  /**
   * Released views made again, the last {@link AGAIN} (oldest first): the facets of one object are
   * asked for one after another (an import alias asks for its target's predicates, then its view),
   * each of which would otherwise make the whole view again.
   */
  private readonly again = new Map<string, InspectView | null>();

  /**
   * Drops the computed views of `ids` (a memo, not a fact: one asked for again is computed again, the
   * same view, implying the same reports), keeping what they reported. For a writer that has written
   * those objects and will seldom ask again: the views of a whole program need not be held at once.
   * A released view asked for again is made again and held only among the last few made again (an
   * import alias written after its target's part shows the target's view: over site-packages such
   * views, held to the end, were 57 MB); one not yet computed when released is held once computed.
   * A module's id releases its `getmembers_static` too (every module's members are computed before
   * the first part is written, to count the views its import aliases share: 23 MB over site-packages).
   */
  release(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.objects.delete(id) || this.again.delete(id)) this.keepReportsOnly(id);
      // A module's id: its members too.
      if (this.modules.has(id) && this.membersOf.delete(id)) this.keepReportsOnly(`members\0${id}`);
    }
  }

  /**
   * Of a unit no longer held, only the report keys are kept: the modules its computation read
   * matter only to a computation that reads the held answer again (see {@link Views.reread}), and one
   * made again records its reads anew (over site-packages, the reads were nearly all of the keys).
   */
  private keepReportsOnly(unit: string): void {
    const keys = this.keys.get(unit);
    if (keys && keys.length > 0) this.keys.set(unit, this.cx.reportKeys(keys, NO_KEYS));
  }

  /** The function, class or property an alias by assignment `id` is bound to, or `null`. */
  aliasTarget(id: string): string | null {
    this.object(id);
    return this.aliases.get(id) ?? null;
  }

  /** `__all__` of a given module (`undefined` for another module). */
  all(name: string): readonly string[] | null | undefined {
    if (!this.modules.has(name)) return undefined;
    if (!this.allOf.has(name)) this.compute(`all\0${name}`, () => this.allOf.set(name, facet(this.cx, this.moduleObject(name), "__all__", () => all(this.cx, name), null, this.pathOf(name))));
    else this.reread(`all\0${name}`);
    return this.allOf.get(name)!;
  }

  /** `getmembers_static(module)` of a given module (`undefined` for another module). */
  moduleMembers(name: string): readonly ModuleMember[] | null | undefined {
    if (!this.modules.has(name)) return undefined;
    const unit = `members\0${name}`;
    if (this.membersOf.has(name)) {
      this.reread(unit);
      return this.membersOf.get(name)!;
    }
    const released = this.keys.has(unit); // as for a view (see release)
    let members: readonly ModuleMember[] | null = null;
    this.compute(
      unit,
      () => {
        members = facet(this.cx, this.moduleObject(name), "module members", () => moduleMembers(this.cx, name), null, this.pathOf(name));
        if (!released) this.membersOf.set(name, members);
      },
      !released,
    );
    return members;
  }

  /**
   * The reports the views of objects `ids` (and, for a module's id, its `__all__` and members) imply
   * that the link pass did not make, by key, computing those views when not yet; each once, in order.
   */
  reportsOf(ids: Iterable<string>): [key: string, diagnostic: Diagnostic][] {
    const seen = new Set<string>();
    const out: [string, Diagnostic][] = [];
    const add = (unit: string) => {
      for (const k of this.keys.get(unit) ?? []) {
        if (seen.has(k) || this.cx.reportedInLink(k)) continue;
        seen.add(k);
        const d = this.cx.reportOf(k);
        if (d) out.push([k, d]);
      }
    };
    for (const id of ids) {
      if (this.modules.has(id)) {
        if (!this.keys.has(`members\0${id}`)) this.moduleMembers(id); // released members' keys are kept too
        this.all(id);
        add(`members\0${id}`);
        add(`all\0${id}`);
      }
      if (!this.keys.has(id) || this.objects.has(id)) this.object(id); // a released view's keys are kept
      add(id);
    }
    return out;
  }

  /** A computed unit read again: its report keys count for the computation under way (a view made of another). */
  private reread(unit: string): void {
    const keys = this.keys.get(unit);
    if (keys) this.cx.imply(keys);
  }

  /** Runs the computation of `unit`, keeping the keys it implied: all of them when its answer is held, else its report keys only (see {@link Views.keepReportsOnly}). */
  private compute(unit: string, run: () => void, held = true): void {
    const frame = new Set<string>();
    this.cx.computing(run, undefined, frame);
    this.keys.set(unit, frame.size === 0 ? NO_KEYS : held ? [...frame] : this.cx.reportKeys(frame, NO_KEYS));
  }

  /** The object's view; for an alias by assignment, its target's (computed when the target is outside the given modules). */
  private viewOf(o: DefinedObject): InspectView | null {
    const view = objectView(this.cx, o);
    if (!view || o.kind !== "attribute") return view;
    const target = facet(this.cx, o, "alias target", () => aliasTarget(this.cx, o), null, o.path);
    const targetObject = target === null ? null : this.cx.object(target);
    if (!targetObject) return view;
    const targetView = this.index.has(targetObject.id) ? this.object(targetObject.id) : objectView(this.cx, targetObject);
    if (!targetView) return view;
    this.aliases.set(o.id, targetObject.id);
    return targetView;
  }

  private moduleObject(name: string): DefinedObject | null {
    return this.cx.summaryOf(name)?.objects.find((o) => o.kind === "module") ?? null;
  }

  private pathOf(name: string): string {
    return this.cx.summaryOf(name)?.path ?? name;
  }
}

/**
 * The views of every object of the given modules (synthesized helper objects excepted), computed as
 * they are asked for: an object whose `predicates` cannot be computed is left out, with an
 * `internal-error` diagnostic; any other facet that crashes is `null`. Never throws.
 */
export function inspectViews(cx: LinkContext): Views {
  return new Views(cx);
}

function objectView(cx: LinkContext, o: DefinedObject): InspectView | null {
  const f = <T>(name: string, compute: () => T, fallback: T): T => facet(cx, o, name, compute, fallback, o.path);
  const preds = f("predicates", () => predicates(cx, o.id), null);
  if (preds === null) return null;
  const isClass = o.kind === "class";
  const mro = isClass ? f("mro", () => getmro(cx, o.id), null) : null;
  return {
    predicates: preds,
    signature: f("signature", () => signature(cx, o.id), null),
    overloads: f("overloads", () => overloads(cx, o.id), null),
    wrapped: f("wrapped", () => wrapped(cx, o.id), null),
    codeFlags: f("codeFlags", () => codeFlags(cx, o.id), null),
    doc: f("doc", () => getdoc(cx, o.id), null),
    rawDoc: f("rawDoc", () => rawDoc(cx, o.id), null),
    comments: f("comments", () => getcomments(cx, o.id), null),
    bases: isClass ? f("bases", () => bases(cx, o.id) ?? [], []) : null,
    metaclass: isClass ? f("metaclass", () => metaclass(cx, o.id), null) : null,
    mro,
    members: isClass ? f("members", () => getmembers_static(cx, o.id), null) : null,
    annotations: f("annotations", () => get_annotations(cx, o.id), null),
    annotation: o.kind === "attribute" && o.attribute?.annotation ? f("annotation", () => annotationView(cx, o.scope, o.attribute!.annotation!), null) : null,
  };
}

/** One facet, computed with a crash isolated to it (an `internal-error` diagnostic and `fallback`). */
function facet<T>(cx: LinkContext, o: DefinedObject | null, name: string, compute: () => T, fallback: T, path: string): T {
  try {
    checkpoint("views", `${o?.id ?? path}:${name}`);
    return compute();
  } catch (error) {
    const id = o?.id ?? path;
    cx.report(`crash:${id}:${name}`, internalError(`cannot compute ${name} of ${id}`, error, path, o?.position ?? null));
    return fallback;
  }
}
