/**
 * A defined object put together from its place (`Binder.located`) and its facts, key for key as
 * `{ ...place, ...facts }` would put them (a summary's JSON follows that order), but in one object
 * literal where it can: V8 copies a spread into a literal property by property, which showed in
 * profiles of binding the standard library (one object per def and attribute).
 */
import type { DefinedObject } from "../model/objects.ts";
import type { Binder } from "./binder.ts";

/** Where an object is defined, as {@link Binder.located} gives it. */
export type Place = ReturnType<Binder["located"]>;

/** What a defined object says beside its place, in the order a summary writes it. */
export type ObjectFacts = Pick<DefinedObject, "kind" | "docstring" | "decorators" | "comments" | "sourcelines" | "function" | "class" | "attribute">;

/** `{ ...place, ...facts }`: the same keys in the same order. Never throws. */
export function definedObject(place: Place, facts: ObjectFacts): DefinedObject {
  if (place.conditionFacts !== undefined || place.undecided !== undefined) return { ...place, ...facts };
  return {
    id: place.id,
    module: place.module,
    scope: place.scope,
    qualname: place.qualname,
    name: place.name,
    parent: place.parent,
    path: place.path,
    span: place.span,
    position: place.position,
    conditions: place.conditions,
    kind: facts.kind,
    docstring: facts.docstring,
    decorators: facts.decorators,
    comments: facts.comments,
    sourcelines: facts.sourcelines,
    function: facts.function,
    class: facts.class,
    attribute: facts.attribute,
  };
}
