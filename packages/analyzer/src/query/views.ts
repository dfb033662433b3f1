/**
 * The views pass: for every object of the given modules, what `inspect` says about it, computed once
 * after linking so that every fact the bundle needs (and every diagnostic it implies) is known before
 * the program is frozen.
 */
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

/**
 * The computed views by object id, and each module's `__all__`. An alias by assignment (see
 * `link/aliases.ts`) has its target's view under its own id, and its target in `aliases`.
 */
export interface Views {
  readonly objects: ReadonlyMap<string, InspectView>;
  readonly all: ReadonlyMap<string, readonly string[] | null>;
  /** Alias id → the id of the function, class or property it is bound to. */
  readonly aliases: ReadonlyMap<string, string>;
  /** Per given module: `getmembers_static(module)` (see `link/module-members.ts`). */
  readonly moduleMembers: ReadonlyMap<string, readonly ModuleMember[] | null>;
}

/**
 * Computes the inspect view of every object of the given modules (synthesized helper objects
 * excepted). An object whose `predicates` cannot be computed is left out, with an `internal-error`
 * diagnostic; any other facet that crashes is `null`. `onModule` is called with the count of modules
 * done after each. Never throws.
 */
export function inspectViews(cx: LinkContext, onModule?: (done: number) => void): Views {
  const objects = new Map<string, InspectView>();
  const moduleAll = new Map<string, readonly string[] | null>();
  const members = new Map<string, readonly ModuleMember[] | null>();
  for (const s of cx.emitted) {
    members.set(s.name, facet(cx, s.objects.find((o) => o.kind === "module") ?? null, "module members", () => moduleMembers(cx, s.name), null, s.path));
    moduleAll.set(s.name, facet(cx, s.objects.find((o) => o.kind === "module") ?? null, "__all__", () => all(cx, s.name), null, s.path));
    for (const o of s.objects) {
      if (o.synthesized || objects.has(o.id)) continue;
      const view = objectView(cx, o);
      if (view) objects.set(o.id, view);
    }
    onModule?.(moduleAll.size);
  }
  return { objects, all: moduleAll, aliases: aliasViews(cx, objects), moduleMembers: members };
}

/**
 * Replaces the attribute view of every alias by assignment with its target's view (computed here when
 * the target is outside the given modules) and returns the alias → target map.
 */
function aliasViews(cx: LinkContext, objects: Map<string, InspectView>): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const s of cx.emitted) {
    for (const o of s.objects) {
      if (o.kind !== "attribute" || aliases.has(o.id) || !objects.has(o.id)) continue;
      const target = facet(cx, o, "alias target", () => aliasTarget(cx, o), null, o.path);
      const targetObject = target === null ? null : cx.object(target);
      if (!targetObject) continue;
      const view = objects.get(targetObject.id) ?? objectView(cx, targetObject);
      if (!view) continue;
      aliases.set(o.id, targetObject.id);
      objects.set(o.id, view);
    }
  }
  return aliases;
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
