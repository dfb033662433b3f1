/**
 * libcst's test helpers (`libcst.testing.utils`): `@data_provider(cases)` on a `test…` method of a
 * class whose metaclass is `BaseTestMeta` (`UnitTest`, `CSTNodeTest`, `CodemodTest`). The
 * metaclass's `__new__` replaces each such method in the class namespace by one method per case,
 * appended after the body's names: `test_x_0`, `test_x_1`, … for a list or tuple of cases,
 * `test_x__data_provider_KEY` for a dict of them (`populate_data_provider_tests`).
 *
 * ```python
 * class T(UnitTest):
 *     @data_provider(((1,), (2,)))
 *     def test_x(self, n): ...      # T.__dict__ has test_x_0 and test_x_1, no test_x
 * ```
 */
import type { ClassDef } from "@static-inspect/parser";
import type { SummaryExpression } from "../model/expressions.ts";
import type { Binder } from "../bind/binder.ts";
import { metaclass } from "../link/classes.ts";
import { getmro } from "../link/mro.ts";
import type { ClassPlugin } from "./plugin.ts";

/** A `test…` method expanded by `@data_provider`: its name and the suffixes of the methods made from it, in order. */
export interface DataProviderMethod {
  readonly name: string;
  readonly suffixes: readonly string[];
}

/** The metaclass that expands data providers. */
const BASE_TEST_META = "libcst.testing.utils:BaseTestMeta";

/**
 * The suffixes the cases of a `data_provider` argument give: `_0`, `_1`, … for a list or tuple
 * display, `__data_provider_KEY` for a dict display with string keys; a name bound at module level
 * to such a display is followed once. `null` when the cases are not statically known (a starred
 * element, a comprehension, a call).
 */
function caseSuffixes(b: Binder, e: SummaryExpression, followName = true): string[] | null {
  if ((e.kind === "Tuple" || e.kind === "List") && !e.elts.some((x) => x.kind === "Starred")) return e.elts.map((_, i) => `_${i}`);
  if (e.kind === "Dict" && e.keys.every((k) => k?.kind === "Constant" && k.type === "str")) return e.keys.map((k) => `__data_provider_${(k as { value: string }).value}`);
  if (e.kind === "Name" && followName) {
    const bound = b.moduleFrame?.bindings[e.id]?.expression;
    return bound ? caseSuffixes(b, bound, false) : null;
  }
  return null;
}

/** Bind: the class body's `test…` methods decorated with `data_provider(cases)` whose cases are known. */
function dataProviderMethods(b: Binder, def: ClassDef): DataProviderMethod[] {
  const out: DataProviderMethod[] = [];
  for (const s of def.body) {
    if (s.kind !== "FunctionDef" || !s.name.startsWith("test")) continue;
    for (const d of s.decorators) {
      const e = d.expression;
      if (e.kind !== "Call" || b.canonical(e.func) !== "libcst.testing.utils.data_provider") continue;
      const first = e.args.find((a) => a.name === null && a.star === "");
      const suffixes = first ? caseSuffixes(b, first.value) : null;
      if (suffixes && suffixes.length) out.push({ name: s.name, suffixes });
    }
  }
  return out;
}

/** `libcst`: the test methods `BaseTestMeta` makes from `@data_provider`. */
export const libcstPlugin: ClassPlugin = {
  name: "libcst",
  bindFacts(b, def) {
    const methods = dataProviderMethods(b, def);
    return methods.length ? methods : undefined;
  },
  namespace(cx, cls, _mro, ns) {
    const methods = cls.class?.plugins?.libcst as readonly DataProviderMethod[] | undefined;
    if (!methods) return;
    const meta = metaclass(cx, cls.id);
    if (!meta || !getmro(cx, meta)?.includes(BASE_TEST_META)) return;
    for (const m of methods) for (const suffix of m.suffixes) ns.add(`${m.name}${suffix}`);
    for (const m of methods) ns.remove(m.name);
  },
};
