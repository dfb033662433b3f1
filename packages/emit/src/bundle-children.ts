import type { Bundle, BundleObject } from "./schema.ts";

/**
 * The objects of `bundle` grouped by their `parent` id (a module's or a class's), in bundle order,
 * leaving out modules themselves and everything under `<locals>` (inside function bodies, which no
 * public API, stub or diff describes). Never throws.
 */
export function childrenByParent(bundle: Bundle): Map<string, BundleObject[]> {
  const children = new Map<string, BundleObject[]>();
  for (const o of bundle.objects) {
    if (o.parent === null || (o.qualname ?? "").includes("<locals>")) continue;
    const list = children.get(o.parent);
    if (list) list.push(o);
    else children.set(o.parent, [o]);
  }
  return children;
}
