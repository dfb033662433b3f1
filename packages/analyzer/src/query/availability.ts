/**
 * The documentation facts a doc generator reads beside `inspect`'s: an attribute's own docstring or
 * `#:` comment (`bind/attribute-docs.ts`), and the other branches of a conditional definition with
 * their tests (`bind/alternatives.ts`, decided for the target by `link/guards.ts`).
 */
import type { LinkContext } from "../link/context.ts";
import { parseId } from "../ids.ts";
import type { Alternative, AttributeDoc } from "../model/objects.ts";

/**
 * The attribute doc of an attribute (or alias by assignment) `id`, as Sphinx autodoc's `attr_docs`
 * has it; `null` when none documents it or `id` is not an attribute. Not inherited (autodoc reads
 * the class that assigns the name). Never throws.
 */
export function attributeDoc(cx: LinkContext, id: string): AttributeDoc | null {
  return cx.object(id)?.attributeDoc ?? null;
}

/**
 * The definitions of `id` in other branches of conditional code than its object's, in source order
 * (see `Alternative`); for a name no branch that runs defines, every branch that does (`in_effect`
 * false). Empty when it has none or is unknown. Never throws.
 */
export function alternatives(cx: LinkContext, id: string): readonly Alternative[] {
  const o = cx.object(id);
  if (o) return o.alternatives ?? [];
  // A name no branch that runs defines (an import may bind it): its module's unbound alternatives.
  const { module } = parseId(id);
  return cx.module(module)?.unboundAlternatives?.[id] ?? [];
}
