import type { SummaryExpression } from "../model/expressions.ts";
import { AnnotationRenderer, type AnnotationTarget } from "./formatannotation.ts";
import type { AnnotationView } from "./signature.ts";
import type { LinkContext } from "../link/context.ts";
import type { DefinedObject } from "../model/objects.ts";
import { isClassId } from "../link/classes.ts";
import { getattr_static } from "../link/members.ts";
import { attributeOf, exports, resolveBinding, resolveExpression, resolveFrom, starImports, type Ref } from "../link/resolve.ts";
import { parseId, qualnameIn } from "../ids.ts";

/**
 * The `formatannotation` renderer for annotations written in `moduleName`, names looked up as of
 * `atLine` (1-based). A name in `typeParams` is a PEP 695 type parameter in scope: a `TypeVar` made
 * with `infer_variance=True`, whose repr has no `~`/`+`/`-` prefix (`T`).
 */
export function renderer(cx: LinkContext, moduleName: string, atLine?: number, typeParams?: ReadonlySet<string>): AnnotationRenderer {
  return new AnnotationRenderer((e) =>
    e.kind === "Name" && typeParams?.has(e.id) ? { kind: "typevar", repr: e.id } : annotationTarget(cx, moduleName, e, atLine),
  );
}

/**
 * The PEP 695 type parameters in scope of an object's annotations: its own (`def f[T]`) and those of
 * the functions and classes around it (`class C[T]: def m(self) -> T`). Empty for most objects.
 */
export function typeParamsInScope(cx: LinkContext, o: DefinedObject): ReadonlySet<string> {
  const out = new Set<string>();
  for (let x: DefinedObject | null = o, depth = 0; x && depth < 100; x = x.parent ? cx.object(x.parent) : null, depth++) {
    for (const n of x.function?.typeParams ?? x.class?.typeParams ?? []) out.add(n);
    if (x.kind === "module") break;
  }
  return out;
}

/**
 * What a name in an annotation is, as far as rendering needs it: a class (with what `C[...]` builds),
 * a typing special form, `None`, a `TypeVar`, or unknown. Never throws.
 */
export function annotationTarget(cx: LinkContext, moduleName: string, e: SummaryExpression, atLine?: number): AnnotationTarget {
  const r = resolveExpression(cx, moduleName, e, 0, atLine);
  if (r.kind === "value" && r.expression.kind === "Constant" && r.expression.type === "None") return { kind: "none" };
  if (r.kind === "value" && r.expression.kind === "Call") {
    const call = r.expression;
    const fn = call.func.kind === "Name" || call.func.kind === "Attribute" ? resolveExpression(cx, r.module, call.func) : null;
    const fnId = fn && (fn.kind === "object" || fn.kind === "builtin") ? fn.id : null;
    const first = call.args[0]?.value;
    if ((fnId === "typing:TypeVar" || fnId === "typing:ParamSpec") && first?.kind === "Constant" && first.type === "str" && first.value) {
      const flag = (k: string) => call.args.some((a) => a.name === k && a.value.kind === "Constant" && a.value.value === "True");
      const prefix = flag("covariant") ? "+" : flag("contravariant") ? "-" : "~";
      return { kind: "typevar", repr: prefix + first.value };
    }
  }
  if (r.kind === "value" && r.module !== "typing" && (r.expression.kind === "Subscript" || (r.expression.kind === "BinOp" && r.expression.op === "|"))) {
    // a type alias (`StrPath = Union[str, "os.PathLike[str]"]`): the annotation's value is the alias's value
    const value = r;
    return { kind: "alias", expression: value.expression, resolve: (x) => annotationTarget(cx, value.module, x, value.line) };
  }
  const id = r.kind === "object" || r.kind === "builtin" ? r.id : null;
  if (id === null) {
    // typing's special forms are assignments (`Optional = _SpecialForm(...)`, `List = _alias(...)`).
    if (r.kind === "value" && r.module === "typing" && (e.kind === "Name" || e.kind === "Attribute")) {
      const name = e.kind === "Name" ? e.id : e.attr;
      return { kind: "typing", name };
    }
    return { kind: "unknown" };
  }
  const typingName = qualnameIn(id, "typing");
  if (typingName !== null) return { kind: "typing", name: typingName };
  if (isClassId(cx, id)) {
    const o = cx.object(id);
    const b = cx.builtins.objects[id];
    const module = o?.module ?? b?.module ?? parseId(id).module;
    const qualname = o?.qualname ?? b?.qualname ?? parseId(id).qualname ?? "";
    // What C[...] builds depends on whose __class_getitem__ it finds.
    const getitem = getattr_static(cx, id, "__class_getitem__");
    // (`type[int]` is special-cased in CPython's PyObject_GetItem: type has no __class_getitem__.)
    const subscript = id === "builtins:type" ? "generic" : getitem === null ? null : getitem.owner === "typing:Generic" ? "typing" : "generic";
    return { kind: "class", module, qualname, subscript };
  }
  return { kind: "unknown" };
}

/** `inspect.formatannotation` of an annotation expression written in `moduleName`. */
export function formatAnnotation(cx: LinkContext, moduleName: string, e: SummaryExpression, atLine?: number, typeParams?: ReadonlySet<string>): string | null {
  const future = cx.module(moduleName)?.futureAnnotations ?? false;
  return renderer(cx, moduleName, atLine, typeParams).format(e, future);
}

/**
 * An annotation's view: text, `formatannotation` rendering (or `null`), and its names resolved
 * (`classId`: the class whose body the annotation is written in, a method's, see {@link annotationRefs}).
 */
export function annotationView(
  cx: LinkContext,
  moduleName: string,
  e: SummaryExpression,
  atLine?: number,
  rendered?: string | null,
  typeParams?: ReadonlySet<string>,
  classId?: string,
): AnnotationView {
  return { text: e.text, rendered: rendered === undefined ? formatAnnotation(cx, moduleName, e, atLine, typeParams) : rendered, refs: annotationRefs(cx, moduleName, e, atLine, classId) };
}

/**
 * The dotted names an annotation uses (string annotations included, as bind parsed them), each with
 * the id of what it names where the program defines it (an object, builtin or module; for a type
 * alias, `TypeVar` or other value, the attribute that holds it), or `null` when the program does not
 * define it anywhere (a name of a module that is not found, a misspelling).
 *
 * A name is looked up as the annotation is evaluated: as of `atLine` (1-based) for an annotation
 * evaluated when its statement runs; in the module's final namespace for a forward reference, one
 * that is evaluated later (a string annotation, or any annotation under `from __future__ import
 * annotations`), so a name defined further down or the class being defined resolves. A name that is
 * not bound yet at `atLine` resolves in the final namespace too (a stub's forward reference); one
 * imported only under `if TYPE_CHECKING:`, or bound to something unresolvable in one branch and to an
 * object in another, resolves to what that import or other binding names. In a method's annotations
 * (`classId` given), a name the class body binds (`Alias = int`, a nested class) is looked up there
 * first when the annotation is evaluated as the `def` runs (the class namespace comes before the
 * module's then), and after the module's final namespace for a forward reference.
 */
export function annotationRefs(cx: LinkContext, moduleName: string, e: SummaryExpression, atLine?: number, classId?: string): { name: string; id: string | null }[] {
  const strings = cx.summaryOf(moduleName)?.stringAnnotations;
  const deferred = cx.module(moduleName)?.futureAnnotations ?? false;
  const out: { name: string; id: string | null }[] = [];
  const seen = new Set<string>();
  const dotted = (x: SummaryExpression): string | null =>
    x.kind === "Name" ? x.id : x.kind === "Attribute" ? ((d) => (d === null ? null : `${d}.${x.attr}`))(dotted(x.value)) : null;
  const visit = (x: SummaryExpression, depth: number, inString: boolean): void => {
    if (depth > 30) return;
    const name = dotted(x);
    if (name !== null) {
      if (seen.has(name)) return;
      seen.add(name);
      out.push({ name, id: annotationNameId(cx, moduleName, x, deferred || inString ? undefined : atLine, classId) });
      return;
    }
    switch (x.kind) {
      case "Subscript": {
        visit(x.value, depth + 1, inString);
        // `Literal["a"]` holds values, not names; `Annotated[T, "meta"]` evaluates only `T` as a type.
        const form = dotted(x.value) === null ? null : out.find((r) => r.name === dotted(x.value))?.id;
        if (form === "typing:Literal" || form === "typing_extensions:Literal") return;
        if ((form === "typing:Annotated" || form === "typing_extensions:Annotated") && x.slice.kind === "Tuple") {
          const [first, ...metadata] = x.slice.elts;
          if (first) visit(first, depth + 1, inString);
          for (const m of metadata) if (!(m.kind === "Constant" && m.type === "str")) visit(m, depth + 1, inString);
          return;
        }
        visit(x.slice, depth + 1, inString);
        return;
      }
      case "Tuple":
      case "List":
      case "Set":
        for (const y of x.elts) visit(y, depth + 1, inString);
        return;
      case "BinOp":
        visit(x.left, depth + 1, inString);
        visit(x.right, depth + 1, inString);
        return;
      case "Starred":
        visit(x.value, depth + 1, inString);
        return;
      case "Call":
        visit(x.func, depth + 1, inString);
        return;
      case "Constant":
        if (x.type === "str" && x.value) {
          // Parsed in bind (see `bind/annotations.ts`).
          const inner = strings?.[x.value] ?? null;
          if (inner) visit(inner, depth + 1, true);
        }
        return;
      default:
        return;
    }
  };
  visit(e, 0, false);
  return out;
}

/** The id a dotted name of an annotation in `moduleName` refers to (see {@link annotationRefs}), or `null`. */
function annotationNameId(cx: LinkContext, moduleName: string, x: SummaryExpression, atLine: number | undefined, classId: string | undefined): string | null {
  const inClass = classId === undefined ? null : classBodyRef(cx, classId, x, atLine);
  if (inClass && atLine !== undefined) {
    const id = refId(cx, x, inClass);
    if (id !== null) return id;
  }
  for (const line of atLine === undefined ? [undefined] : [atLine, undefined]) {
    const id = refId(cx, x, resolveExpression(cx, moduleName, x, 0, line));
    if (id !== null) return id;
  }
  if (inClass) {
    const id = refId(cx, x, inClass);
    if (id !== null) return id;
  }
  for (const r of otherMeanings(cx, moduleName, x)) {
    const id = refId(cx, x, r);
    if (id !== null) return id;
  }
  return null;
}

/**
 * What a dotted name means when its first part is bound in the body of class `classId` (before
 * `atLine` when given, 1-based), or `null` when the class body does not bind it.
 */
function classBodyRef(cx: LinkContext, classId: string, x: SummaryExpression, atLine: number | undefined): Ref | null {
  if (x.kind === "Attribute") {
    const base = classBodyRef(cx, classId, x.value, atLine);
    return base && attributeOf(cx, base, x.attr, 1);
  }
  const o = cx.object(classId);
  if (x.kind !== "Name" || o?.kind !== "class") return null;
  const history = cx.summaryOf(o.scope)?.classHistories[classId]?.[x.id] ?? [];
  if (!history.some((b) => atLine === undefined || b.line < atLine)) return null;
  return attributeOf(cx, { kind: "object", id: classId }, x.id, 1);
}

/**
 * What a dotted name can mean through the other bindings of its first part: the module's
 * `if TYPE_CHECKING:` imports (made for type checkers only), then the earlier run-time bindings, last
 * first (`try: import ssl` / `except …: ssl = None` binds the module in one branch).
 */
function* otherMeanings(cx: LinkContext, moduleName: string, x: SummaryExpression): Generator<Ref> {
  if (x.kind === "Attribute") {
    for (const base of otherMeanings(cx, moduleName, x.value)) yield attributeOf(cx, base, x.attr, 1);
    return;
  }
  const summary = cx.module(moduleName);
  if (x.kind !== "Name" || !summary) return;
  const declared = summary.typeCheckingScope[x.id];
  if (declared) yield resolveBinding(cx, moduleName, declared, 1, x.id);
  for (const b of starImports(summary.typeCheckingStarImports)) if (exports(cx, b.target, x.id)) yield resolveFrom(cx, b.target, x.id, 1);
  const history = summary.history[x.id] ?? [];
  for (let i = history.length - 2; i >= 0; i--) yield resolveBinding(cx, moduleName, history[i]!, 1, x.id);
}

/** The id a resolved name stands for: an object, builtin or module; typing's special forms; a value's attribute. */
function refId(cx: LinkContext, x: SummaryExpression, r: Ref): string | null {
  if (r.kind === "object" || r.kind === "builtin") return r.id;
  if (r.kind === "module") return r.name;
  if (r.kind !== "value") return null;
  if (r.module === "typing" && (x.kind === "Name" || x.kind === "Attribute")) return `typing:${x.kind === "Name" ? x.id : x.attr}`;
  if (r.name === undefined) return null;
  const id = r.owner !== undefined ? `${r.owner}.${r.name}` : `${r.module}:${r.name}`;
  return cx.object(id) ? id : null;
}

/**
 * `inspect.get_annotations(obj)` rendered by `formatannotation`: a module's or class's annotated
 * names, a function's parameters and `return`. `null` for other kinds.
 *
 * With `evalStr` (`eval_str=True`), each annotation that is a string at run time (every one under
 * `from __future__ import annotations`) is evaluated in the module's namespace first, statically: the
 * string's expression (as bind parsed it) is rendered instead of the string; a string that is not an
 * expression (where `eval` raises `SyntaxError`) gives `null`, as does one whose value is not known.
 */
export function get_annotations(cx: LinkContext, id: string, evalStr = false): Record<string, string | null> | null {
  const o = cx.object(id);
  if (!o) return null;
  const summary = cx.module(o.scope);
  const future = summary?.futureAnnotations ?? false;
  const scope = typeParamsInScope(cx, o);
  const render = (e: SummaryExpression): string | null => {
    if (!evalStr) return formatAnnotation(cx, o.scope, e, undefined, scope);
    if (future) return renderer(cx, o.scope, undefined, scope).format(e, false);
    if (e.kind === "Constant" && e.type === "str") {
      const inner = e.value === null ? null : (cx.summaryOf(o.scope)?.stringAnnotations[e.value] ?? null);
      return inner ? renderer(cx, o.scope, undefined, scope).format(inner, false) : null;
    }
    return renderer(cx, o.scope, undefined, scope).format(e, false);
  };
  if (o.kind === "class" && o.class) {
    const out: Record<string, string | null> = Object.create(null);
    for (const a of o.class.annotations) out[a.name] = render(a.annotation);
    return out;
  }
  if (o.function && o.kind !== "property") {
    const out: Record<string, string | null> = Object.create(null);
    for (const p of o.function.parameters) if (p.annotation) out[p.name] = render(p.annotation);
    if (o.function.returns) out.return = render(o.function.returns);
    return out;
  }
  if (o.kind === "module") {
    const out: Record<string, string | null> = Object.create(null);
    for (const obj of summary?.objects ?? []) {
      if (obj.kind === "attribute" && obj.parent === o.id && obj.attribute?.annotation) out[obj.name] = render(obj.attribute.annotation);
    }
    return out;
  }
  return null;
}
