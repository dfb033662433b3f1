import type { SummaryExpression } from "../model/expressions.ts";
import type { DefinedObject } from "../model/objects.ts";
import type { LinkContext } from "../link/context.ts";
import { resolveExpression } from "../link/resolve.ts";

/** `a.b.c` as a Name/Attribute expression (summary expressions carry no spans). */
export function dottedExpression(dotted: string): SummaryExpression {
  const parts = dotted.split(".");
  let e: SummaryExpression = { kind: "Name", id: parts[0]!, text: parts[0]! };
  for (const p of parts.slice(1)) e = { kind: "Attribute", value: e, attr: p, text: `${e.text}.${p}` };
  return e;
}


/**
 * The function a `functools.wraps` decorator puts in place of `id`: when the outermost decorator we
 * do not know is a function of the program (`@deco`, or a factory `@deco(…)`) that defines a nested
 * function decorated with `@functools.wraps(…)`, that nested function is the object inspect sees
 * (its flags and comments; signature, docs and source lines follow `__wrapped__` back to `id`).
 * `null` otherwise.
 */
/**
 * Per function of module `moduleName`, the functions nested in it (at any depth) that are decorated
 * with `functools.wraps(…)`, in source order; built once per module (memoised in the context).
 */
function wrapsHelpers(cx: LinkContext, moduleName: string): ReadonlyMap<string, readonly DefinedObject[]> {
  cx.read(moduleName); // the memo is of that module's objects
  let index = cx.wrapsIndex.get(moduleName);
  if (!index) {
    const built = new Map<string, DefinedObject[]>();
    for (const x of cx.summaryOf(moduleName)?.objects ?? []) {
      if (!x.function || !x.decorators.some((d) => /(^|\.)wraps\(/.test(d))) continue;
      // Every enclosing function: `f` and `f.<locals>.g` for `f.<locals>.g.<locals>.h`.
      for (let at = x.id.indexOf(".<locals>."); at >= 0; at = x.id.indexOf(".<locals>.", at + 1)) {
        const owner = x.id.slice(0, at);
        const list = built.get(owner);
        if (list) list.push(x);
        else built.set(owner, [x]);
      }
    }
    cx.wrapsIndex.set(moduleName, (index = built));
  }
  return index;
}

export function wrapsWrapper(cx: LinkContext, id: string): DefinedObject | null {
  const o = cx.object(id);
  const f = o?.function;
  if (!o || !f || f.wrapper !== null || f.unknownDecorators.length === 0 || o.decorators.length === 0) return null;
  const called = /^([\w.]+)(\(.*\))?$/s.exec(o.decorators[0]!);
  if (!called) return null;
  const ref = resolveExpression(cx, o.scope, dottedExpression(called[1]!), 0, cx.runLine(o));
  if (ref.kind !== "object") return null;
  const deco = cx.object(ref.id);
  if (!deco?.function) return null;
  // `@deco` wraps directly; `@deco(…)` returns the decorator, one level further in.
  const candidates = wrapsHelpers(cx, deco.scope).get(deco.id) ?? [];
  // One level in for `@deco`, two for a factory; decorators like typing's `_tp_cache` accept both.
  const depth = called[2] ? 2 : 1;
  const levels = (x: DefinedObject) => x.id.slice(deco.id.length).split(".<locals>.").length - 1;
  const nested = candidates.filter((x) => levels(x) === depth);
  if (nested.length === 1) return nested[0]!;
  return candidates.length === 1 ? candidates[0]! : null;
}

/**
 * Whether decorator text `decorator` of `o` (as written, without `@`) hands the function back
 * unchanged: `@deco` where `deco` is a function of the program whose only `return` gives its first
 * parameter (`def deco(f): f.tag = 1; return f`), or `@factory(…)` where `factory` returns, by name,
 * a `def` nested in it that does so (jmespath's `@signature({...})`).
 */
function identityDecorator(cx: LinkContext, o: DefinedObject, decorator: string): boolean {
  const called = /^([\w.]+)(\(.*\))?$/s.exec(decorator);
  if (!called) return false;
  const ref = resolveExpression(cx, o.scope, dottedExpression(called[1]!), 0, cx.runLine(o));
  let deco = ref.kind === "object" ? cx.object(ref.id) : null;
  if (called[2] && deco?.function) {
    const inner = deco.function.returnValue;
    deco = inner?.kind === "Name" ? cx.object(`${deco.id}.<locals>.${inner.id}`) : null;
  }
  const f = deco?.function;
  const first = f?.parameters[0];
  return !!f && f.wrapper === null && f.unknownDecorators.length === 0 && first?.kind === "POSITIONAL_OR_KEYWORD" && f.returnValue?.kind === "Name" && f.returnValue.id === first.name;
}

/**
 * Whether every decorator of `id` the analyzer does not know returns the function itself
 * ({@link identityDecorator}): then the name holds the `def`, as if undecorated.
 */
export function transparentlyDecorated(cx: LinkContext, id: string): boolean {
  const o = cx.object(id);
  const f = o?.function;
  if (!o || !f || f.unknownDecorators.length === 0) return false;
  return o.decorators.filter((d) => identityDecorator(cx, o, d)).length === f.unknownDecorators.length;
}

/**
 * What `inspect.unwrap(obj)` returns when the object has `__wrapped__` (a `functools.wraps` or
 * `lru_cache` wrapper, a bare `staticmethod`/`classmethod`): the id of the `def` underneath, which is
 * where signatures, docs and source lines are read. `null` when nothing wraps it.
 */
export function wrapped(cx: LinkContext, id: string): string | null {
  const f = cx.object(id)?.function;
  if (!f) return null;
  return f.wrapper !== null || wrapsWrapper(cx, id) ? id : null;
}
