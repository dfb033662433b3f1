/**
 * Aliases by assignment: a module- or class-level name whose final binding is `name = other` (a name
 * or dotted attribute) or a call of a function that returns one of its own nested `def`s, and that
 * statically resolves to a function, class or property. At run time the name holds that very object,
 * so `inspect` reports the target's signature, doc, comments and source lines under the alias's name.
 *
 * ```python
 * def snake_case(): ...
 * camelCase = snake_case           # alias of m:snake_case
 * a = b = snake_case               # both aliases of m:snake_case
 * def _deprecate(f):
 *     def deprecated_func(*args, **kwargs): ...
 *     return deprecated_func
 * old = _deprecate(snake_case)     # alias of m:_deprecate.<locals>.deprecated_func
 * class C:
 *     def __add__(self, o): ...
 *     __radd__ = __add__           # alias of m:C.__add__ (looked up in the class body first)
 * ```
 */
import type { SummaryExpression } from "../model/expressions.ts";
import type { DefinedObject, ObjectKind } from "../model/objects.ts";
import type { NameBinding } from "../model/summary.ts";
import type { LinkContext } from "./context.ts";
import { attributeOf, MAX_CHAIN, resolveExpression, type Ref } from "./resolve.ts";

/** The kinds of objects an alias carries the inspect view of (what `inspect` sees through the name). */
export const ALIASABLE_KINDS: ReadonlySet<ObjectKind> = new Set(["function", "method", "staticmethod", "classmethod", "property", "cached_property", "class"]);

/**
 * The id of the function, class or property that attribute object `o` is bound to by an assignment
 * (`camelCase = snake_case`), chains followed; `null` when `o` is not such an alias, when its final
 * binding is not the assignment, or when the target does not resolve statically. Never throws for
 * Python-level problems (cycles end as `null`).
 */
export function aliasTarget(cx: LinkContext, o: DefinedObject): string | null {
  if (o.kind !== "attribute" || o.qualname === null || o.qualname.includes("<locals>")) return null;
  const summary = cx.summaryOf(o.scope);
  if (!summary || o.parent === null) return null;
  const classScope = o.parent === o.scope ? undefined : summary.classHistories[o.parent];
  if (o.parent !== o.scope && !classScope) return null;
  const finalBinding = classScope ? summary.classScopes[o.parent]?.[o.name] : summary.scope[o.name];
  if (!finalBinding || !finalBinding.expression) return null;
  const resolve = (e: SummaryExpression) => (classScope ? resolveInClass(cx, o.scope, classScope, e, finalBinding.line, 0) : resolveExpression(cx, o.scope, e, 0, finalBinding.line));
  if (finalBinding.kind === "alias") return aliasableId(cx, resolve(finalBinding.expression));
  if (finalBinding.kind === "value" && finalBinding.expression.kind === "Call") return returnedNestedDef(cx, resolve(finalBinding.expression.func));
  return null;
}

/**
 * The `def` nested in function `callee` that a call of it returns (`assertEquals =
 * _deprecate(assertEqual)` holds `_deprecate.<locals>.deprecated_func`): the callee is a function of
 * the program without decorators the analyzer does not know or C wrappers, whose only top-level
 * `return` gives, by name, a `def` directly in its body that is itself undecorated (a `functools.wraps`
 * wrapper's signature would follow an argument's `__wrapped__`), and whose code names none of the
 * function attributes inspect reads (`comparer.__doc__ = …` would replace the doc). Each call makes a new function from
 * that `def`'s code, so `inspect` sees its qualname, signature, doc and source lines. `null` otherwise.
 */
/** Attributes of a function that inspect's answers read; a factory naming one may set it on the def it returns. */
const INSPECTED_FUNCTION_ATTRIBUTES: ReadonlySet<string> = new Set(["__doc__", "__qualname__", "__signature__", "__wrapped__", "__defaults__", "__kwdefaults__", "__code__", "__annotations__", "__module__", "__text_signature__"]);

function returnedNestedDef(cx: LinkContext, callee: Ref): string | null {
  if (callee.kind !== "object") return null;
  const f = cx.object(callee.id);
  const fn = f?.kind === "function" || f?.kind === "method" || f?.kind === "staticmethod" ? f.function : null;
  const returned = fn?.returnValue;
  if (!f || !fn || fn.wrapper !== null || fn.unknownDecorators.length > 0 || returned?.kind !== "Name") return null;
  // `comparer.__doc__ = …` in the factory: the object inspect sees is not the def as written
  if (!fn.code || fn.code.names.some((n) => INSPECTED_FUNCTION_ATTRIBUTES.has(n))) return null;
  const inner = cx.object(`${f.id}.<locals>.${returned.id}`);
  if (!inner?.function || inner.kind !== "function" || inner.decorators.length > 0) return null;
  return inner.id;
}

function aliasableId(cx: LinkContext, ref: Ref): string | null {
  if (ref.kind !== "object") return null;
  const target = cx.object(ref.id);
  return target && ALIASABLE_KINDS.has(target.kind) ? target.id : null;
}

/**
 * `expression` evaluated in a class body at `line`: a name bound earlier in the body (definition or
 * alias) first, then the module's globals at that line, as CPython's class-body lookup does.
 */
function resolveInClass(
  cx: LinkContext,
  moduleName: string,
  history: Readonly<Record<string, readonly NameBinding[]>>,
  e: SummaryExpression,
  line: number,
  depth: number,
): Ref {
  if (depth > MAX_CHAIN) return { kind: "unresolved", reason: "alias chain too long" };
  if (e.kind === "Attribute") return attributeOf(cx, resolveInClass(cx, moduleName, history, e.value, line, depth + 1), e.attr, depth + 1);
  if (e.kind !== "Name") return { kind: "value", expression: e, module: moduleName };
  let hit: NameBinding | undefined;
  for (const b of Object.hasOwn(history, e.id) ? history[e.id]! : []) if (b.line < line) hit = b;
  if (!hit) return resolveExpression(cx, moduleName, e, depth + 1, line);
  if (hit.kind === "definition") return { kind: "object", id: hit.target };
  if (hit.kind === "alias" && hit.expression) return resolveInClass(cx, moduleName, history, hit.expression, hit.line, depth + 1);
  return { kind: "unresolved", reason: `class-body name '${e.id}' is not a definition` };
}
