import type { SummaryExpression } from "../model/expressions.ts";
import type { DefinedObject } from "../model/objects.ts";
import { firstAnswer } from "../plugins/index.ts";
import type { BuiltinObject } from "../data/builtins.ts";
import type { LinkContext } from "./context.ts";
import { getmro } from "./mro.ts";
import { resolveExpression } from "./resolve.ts";

/** A class as linking sees it: its statement or C description, and its bases resolved. */
export interface ClassView {
  readonly id: string;
  readonly python: DefinedObject | null;
  readonly builtin: BuiltinObject | null;
  /** Resolved base ids, `null` if any base is unresolved. */
  readonly bases: readonly string[] | null;
  readonly baseTexts: readonly { text: string; id: string | null }[];
}


/** Whether `id` names a class: defined in the program, or a C class of the builtins data. */
export function isClassId(cx: LinkContext, id: string): boolean {
  const o = cx.object(id);
  if (o) return o.kind === "class";
  return cx.builtins.objects[id]?.kind === "class";
}

/**
 * The class view of `id` (memoised): its statement or C description and its bases resolved, reporting
 * `unresolved-base` for a base that does not resolve; `null` when `id` is not a class.
 */
export function classView(cx: LinkContext, id: string): ClassView | null {
  if (cx.classCache.has(id)) {
    cx.touch("class", id);
    return cx.classCache.get(id)!;
  }
  cx.classCache.set(id, null);
  return cx.computing(() => computeClassView(cx, id), { table: "class", id });
}

function computeClassView(cx: LinkContext, id: string): ClassView | null {
  let view: ClassView | null = null;
  // The builtins data holds only objects implemented in C: when an id is there, that is what runs,
  // even if a Python fallback with the same name exists (collections.OrderedDict).
  const b = cx.builtins.objects[id];
  const py = b ? null : cx.object(id);
  if (b?.kind === "class") {
    view = { id, python: null, builtin: b, bases: b.bases ?? [], baseTexts: (b.bases ?? []).map((x) => ({ text: x, id: x })) };
  } else if (py?.kind === "class" && py.class) {
    const baseTexts: { text: string; id: string | null }[] = [];
    let ok = true;
    const exprs = py.class.bases;
    const ids: string[] = [];
    exprs.forEach((e, i) => {
      const built = py.class!.baseIds?.[i];
      const resolved = built ? [built] : resolveBase(cx, py, e, exprs.slice(i + 1));
      baseTexts.push({ text: e.text, id: resolved?.[0] ?? null });
      if (resolved === null) {
        ok = false;
        cx.report(`base:${py.id}:${i}`, {
          code: "unresolved-base",
          message: `cannot resolve base class '${e.text}' of ${py.qualname}`,
          path: py.path,
          span: py.position,
        });
      } else ids.push(...resolved.filter((r) => !ids.includes(r)));
    });
    if (ok && ids.length === 0) ids.push("builtins:object");
    view = { id, python: py, builtin: null, bases: ok ? ids : null, baseTexts };
  }
  cx.classCache.set(id, view);
  return view;
}

/** How many names bound to subscripted aliases {@link resolveBase} follows. */
const MAX_ALIAS_BASES = 8;

/** The classes a base expression contributes (after `__mro_entries__`), or `null` if unresolved. */
export function resolveBase(
  cx: LinkContext,
  cls: DefinedObject,
  e: SummaryExpression,
  later: readonly SummaryExpression[],
  depth = 0,
  atLine = cx.runLine(cls),
  scope = cls.scope,
): string[] | null {
  // `type(C)` of a class is its metaclass (`class _ProtocolMeta(type(typing.Protocol))`).
  const typeOf = typeOfClass(cx, cls, e);
  if (typeOf !== undefined) return typeOf === null ? null : [typeOf];
  const subscripted = e.kind === "Subscript";
  const target = subscripted ? e.value : e;
  const ref = resolveExpression(cx, scope, target, 0, atLine);
  // A name typing binds to a value (`Dict = _alias(dict, 2, …)`) stands for `typing:Dict`, as
  // annotations read it (the name as written: `Dict[…]`, `typing.List[…]`).
  const written = target.kind === "Name" ? target.id : target.kind === "Attribute" ? target.attr : null;
  const typingValue = ref.kind === "value" && ref.module === "typing" && written !== null ? `typing:${written}` : null;
  // A name bound to a subscripted alias (`StyleAndTextTuples = List[Tuple[str, str]]`) stands for
  // that expression, read where it is bound.
  if (!subscripted && ref.kind === "value" && ref.module !== "typing" && ref.expression.kind === "Subscript" && depth < MAX_ALIAS_BASES) {
    const alias = ref.expression;
    return resolveBase(cx, cls, alias, later, depth + 1, ref.line, ref.module);
  }
  const id = ref.kind === "object" || ref.kind === "builtin" ? ref.id : typingValue;
  if (id === null) return null;
  // PEP 560: what a base's `__mro_entries__` puts in its place (typing's NamedTuple, TypedDict, aliases, Generic[...]).
  const entries = firstAnswer((p) => p.mroEntries?.(cx, cls, id, subscripted, later));
  if (entries !== undefined) return [...entries];
  return isClassId(cx, id) ? [id] : null;
}

/**
 * A base written `type(C)` (one positional argument) where C resolves to a class: C's metaclass, or
 * `null` when that is not known; `undefined` when the expression is not such a call.
 */
function typeOfClass(cx: LinkContext, cls: DefinedObject, e: SummaryExpression): string | null | undefined {
  if (e.kind !== "Call" || e.args.length !== 1 || e.args[0]!.name !== null || e.args[0]!.star !== "") return undefined;
  const f = resolveExpression(cx, cls.scope, e.func, 0, cx.runLine(cls));
  if ((f.kind !== "builtin" && f.kind !== "object") || f.id !== "builtins:type") return undefined;
  const arg = resolveExpression(cx, cls.scope, e.args[0]!.value, 0, cx.runLine(cls));
  const id = arg.kind === "object" || arg.kind === "builtin" ? arg.id : null;
  return id !== null && isClassId(cx, id) ? metaclass(cx, id) : null;
}

/** Whether a base expression names a class whose MRO includes `typing.Generic`. */
export function resolvesToGenericSubclass(cx: LinkContext, moduleName: string, e: SummaryExpression): boolean {
  const r = resolveExpression(cx, moduleName, e);
  if (r.kind !== "object") return false;
  const mro = getmro(cx, r.id);
  return !!mro && mro.includes("typing:Generic");
}

/** Bases of a class as written, with the id each resolves to. */
export function bases(cx: LinkContext, id: string): readonly { text: string; id: string | null }[] | null {
  return classView(cx, id)?.baseTexts ?? null;
}

/** The metaclass id: `metaclass=` if given, else the most derived of the bases' metaclasses. */
export function metaclass(cx: LinkContext, id: string, depth = 0): string | null {
  const view = classView(cx, id);
  if (!view || depth > 40) return null;
  if (view.builtin) return view.builtin.metaclass ?? "builtins:type";
  const kw = view.python!.class!.keywords.find((k) => k.name === "metaclass");
  if (kw) {
    const r = resolveExpression(cx, view.python!.scope, kw.value, 0, cx.runLine(view.python!));
    return r.kind === "object" || r.kind === "builtin" ? r.id : null;
  }
  let winner = "builtins:type";
  for (const b of view.bases ?? []) {
    const m = metaclass(cx, b, depth + 1);
    if (!m) return null;
    const wm = getmro(cx, m);
    if (wm && wm.includes(winner)) winner = m;
  }
  return winner;
}
