/**
 * `inspect.formatannotation` and `ast.unparse`-style text of annotation expressions, from syntax.
 */
import type { SummaryExpression } from "../model/expressions.ts";
import { floatRepr, strRepr, literalRepr } from "./repr.ts";

/** What a name in an annotation resolves to, as far as rendering needs it. */
export type AnnotationTarget =
  /**
   * A class. `subscript` says what `C[...]` makes: `"generic"` a `types.GenericAlias` (its
   * `__class_getitem__` is not typing's, PEP 585), `"typing"` a `typing._GenericAlias` (a `Generic`
   * subclass), `null` when the class cannot be subscripted or that is not known.
   */
  | { readonly kind: "class"; readonly module: string; readonly qualname: string; readonly subscript: "generic" | "typing" | null }
  | { readonly kind: "typing"; readonly name: string }
  | { readonly kind: "none" }
  /** A `TypeVar`/`ParamSpec` instance: its repr (`~T`, `+T_co`, `-T_contra`). */
  | { readonly kind: "typevar"; readonly repr: string }
  /**
   * A type alias: a name bound to a typing expression (`StrPath = Union[str, "os.PathLike[str]"]`).
   * The annotation's value is that expression's value, so it renders as it; `resolve` looks names up
   * where the alias is written.
   */
  | { readonly kind: "alias"; readonly expression: SummaryExpression; readonly resolve: (e: SummaryExpression) => AnnotationTarget }
  | { readonly kind: "unknown" };


interface Rendered {
  /** `repr()` of the annotation value, as `typing` nests it (types as `module.qualname`). */
  readonly repr: string;
  /**
   * `typing`: an object of module `typing` (`formatannotation` strips `typing.`); `alias`: a
   * `typing._GenericAlias` of a `Generic` subclass (its `__module__` is the class's, nothing is
   * stripped, `|` makes a `typing.Union`); `typevar`: a `TypeVar`/`ParamSpec` (`|` makes a `typing.Union`);
   * `generic`: a `types.GenericAlias`; `union`: a `types.UnionType`.
   */
  readonly kind: "typing" | "alias" | "typevar" | "type" | "generic" | "union" | "none" | "string" | "other";
  /**
   * A `typing.Union` (or `Optional`) or a `types.UnionType`: its flattened arguments' reprs (as a
   * typing alias nests them), which an enclosing `typing.Union` flattens.
   */
  readonly unionArgs?: readonly string[];
}

/** How many type aliases deep rendering follows (an alias of an alias …); deeper is unknown. */
const MAX_ALIAS_DEPTH = 10;

/**
 * Where an expression is rendered: the annotation itself (`top`), an argument of a typing alias
 * (`typing`: strings become `ForwardRef('…')`, `None` `NoneType`, `Ellipsis` `...`), or an argument of
 * a `types.GenericAlias` (`generic`: strings and `None` stay themselves, `Ellipsis` is `...`), as
 * `typing._type_repr` and `types.GenericAlias.__repr__` print their arguments.
 */
type Context = "top" | "typing" | "generic";

/**
 * `typing.Union[...]` of these arguments as the runtime builds it: nested unions (typing's and, since
 * 3.10, `types.UnionType`) flattened, duplicates dropped, `Optional` for `X | None`.
 */
function union(args: readonly Rendered[]): Rendered {
  const reprs = [...new Set(args.flatMap((a) => a.unionArgs ?? [a.repr]))];
  if (reprs.length === 1) return args.find((a) => a.repr === reprs[0]) ?? { repr: reprs[0]!, kind: "other" };
  if (reprs.length === 2 && reprs.includes("NoneType")) return { repr: `typing.Optional[${reprs.find((r) => r !== "NoneType")}]`, kind: "typing", unionArgs: reprs };
  return { repr: `typing.Union[${reprs.join(", ")}]`, kind: "typing", unionArgs: reprs };
}

/**
 * Renders annotations as `inspect.formatannotation` prints them (CPython 3.11):
 * a class as `qualname` (builtins) or `module.qualname`; `typing` objects with `typing.` stripped from
 * every dotted word (`Optional[int]`); PEP 585 aliases and `X | Y` by `str()`; strings by `repr()`.
 * Returns `null` when a name cannot be resolved. Never throws.
 */
export class AnnotationRenderer {
  constructor(
    private readonly resolve: (e: SummaryExpression) => AnnotationTarget,
    private readonly depth = 0,
  ) {}

  /** The annotation as `formatannotation` prints it; `stringified` for `from __future__ import annotations`. */
  format(e: SummaryExpression, stringified: boolean): string | null {
    if (stringified) return strRepr(unparse(e));
    const r = this.render(e, "top");
    if (!r) return null;
    if (r.kind === "typing") return r.repr.replace(/[\w.]+/g, (w) => (w.startsWith("typing.") ? w.slice(7) : w));
    if (r.kind === "type") return r.repr.startsWith("builtins.") ? r.repr.slice(9) : r.repr;
    return r.repr;
  }

  /** `repr()` of the annotation's value, as printed in context `ctx`. */
  private render(e: SummaryExpression, ctx: Context): Rendered | null {
    const inArgs = ctx !== "top";
    switch (e.kind) {
      case "Constant":
        if (e.type === "None") return { repr: ctx === "typing" ? "NoneType" : "None", kind: "none" };
        if (e.type === "str" && e.value !== null) return { repr: ctx === "typing" ? `ForwardRef(${strRepr(e.value)})` : strRepr(e.value), kind: "string" };
        if (e.type === "Ellipsis") return { repr: inArgs ? "..." : "Ellipsis", kind: "other" };
        {
          const r = literalRepr(e);
          return r === null ? null : { repr: r, kind: "other" };
        }
      case "Name":
      case "Attribute": {
        const t = this.resolve(e);
        if (t.kind === "class") return { repr: t.module === "builtins" ? (inArgs ? t.qualname : `builtins.${t.qualname}`) : `${t.module}.${t.qualname}`, kind: "type" };
        if (t.kind === "typing") return { repr: `typing.${t.name}`, kind: "typing" };
        if (t.kind === "none") return { repr: ctx === "typing" ? "NoneType" : "None", kind: "none" };
        if (t.kind === "typevar") return { repr: t.repr, kind: "typevar" };
        if (t.kind === "alias" && this.depth < MAX_ALIAS_DEPTH) return new AnnotationRenderer(t.resolve, this.depth + 1).render(t.expression, ctx);
        return null;
      }
      case "Subscript":
        return this.subscript(e.value, e.slice);
      case "BinOp": {
        if (e.op !== "|") return null;
        const l = this.render(e.left, "typing");
        const r = this.render(e.right, "typing");
        if (!l || !r) return null;
        // typing's objects, TypeVars and Generic aliases implement `|` as typing.Union; classes,
        // None and types.GenericAlias make a types.UnionType.
        const typingOr = (x: Rendered) => x.kind === "typing" || x.kind === "alias" || x.kind === "typevar" || x.kind === "string";
        if (typingOr(l) || typingOr(r)) return union([l, r]);
        const side = (x: Rendered) => (x.kind === "none" ? "None" : x.repr);
        const args = [...new Set([l, r].flatMap((x) => x.unionArgs ?? [x.repr]))];
        return { repr: `${side(l)} | ${side(r)}`, kind: "union", unionArgs: args };
      }
      case "List": {
        const items = e.elts.map((x) => this.render(x, ctx === "top" ? "typing" : ctx));
        if (items.some((x) => x === null)) return null;
        return { repr: `[${items.map((x) => x!.repr).join(", ")}]`, kind: "other" };
      }
      default:
        return null;
    }
  }

  private subscript(value: SummaryExpression, slice: SummaryExpression): Rendered | null {
    const t = value.kind === "Name" || value.kind === "Attribute" ? this.resolve(value) : ({ kind: "unknown" } as AnnotationTarget);
    const argExprs = slice.kind === "Tuple" ? slice.elts : [slice];
    if (t.kind === "typing") {
      const name = t.name;
      if (name === "Literal") {
        const items = argExprs.map((x) => literalRepr(x));
        if (items.some((x) => x === null)) return null;
        return { repr: `typing.Literal[${items.join(", ")}]`, kind: "typing" };
      }
      const args = argExprs.map((x) => this.render(x, "typing"));
      if (args.some((x) => x === null)) return null;
      const reprs = args.map((x) => x!.repr);
      if (name === "Optional") return union([args[0]!, { repr: "NoneType", kind: "none" }]);
      if (name === "Union") return union(args.map((x) => x!));
      if ((name === "Tuple" || name === "tuple") && argExprs.length === 1 && argExprs[0]!.kind === "Tuple" && argExprs[0]!.elts.length === 0) {
        return { repr: "typing.Tuple[()]", kind: "typing" };
      }
      return { repr: `typing.${name}[${reprs.join(", ")}]`, kind: "typing" };
    }
    if (t.kind === "class") {
      if (t.subscript === null) return null;
      // types.GenericAlias keeps strings and None themselves as arguments; typing's aliases hold
      // ForwardRef and NoneType.
      const args = argExprs.map((x) => this.render(x, t.subscript === "generic" ? "generic" : "typing"));
      if (args.some((x) => x === null)) return null;
      const origin = t.module === "builtins" ? t.qualname : `${t.module}.${t.qualname}`;
      const emptyTuple = argExprs.length === 1 && argExprs[0]!.kind === "Tuple" && argExprs[0]!.elts.length === 0;
      const inner = emptyTuple ? "()" : args.map((x) => x!.repr).join(", ");
      // A Generic subclass gives typing._GenericAlias, whose repr keeps the origin's path as well.
      return { repr: `${origin}[${inner}]`, kind: t.subscript === "typing" ? "alias" : "generic" };
    }
    return null;
  }
}

const PRECEDENCE: Record<string, number> = { or: 1, and: 2, not: 3, "<": 4, ">": 4, "==": 4, ">=": 4, "<=": 4, "!=": 4, in: 4, "not in": 4, is: 4, "is not": 4, "|": 5, "^": 6, "&": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "//": 10, "%": 10, "@": 10, "**": 12 };

/**
 * Source text of an expression as `ast.unparse` would print it (normalised spacing and quotes), which
 * is what `from __future__ import annotations` stores. Unsupported shapes fall back to the source text.
 */
export function unparse(e: SummaryExpression, prec = 0): string {
  switch (e.kind) {
    case "Name":
      return e.id;
    case "Attribute":
      return `${unparse(e.value, 13)}.${e.attr}`;
    case "Subscript": {
      const s = e.slice.kind === "Tuple" && e.slice.elts.length > 0 ? e.slice.elts.map((x) => unparse(x)).join(", ") : unparse(e.slice);
      return `${unparse(e.value, 13)}[${s}]`;
    }
    case "Constant":
      if (e.value === null) return e.text;
      if (e.type === "str") return strRepr(e.value);
      if (e.type === "int") return e.value;
      if (e.type === "float") return floatRepr(Number(e.value));
      if (e.type === "Ellipsis") return "...";
      return literalRepr(e) ?? e.text;
    case "Tuple": {
      const inner = e.elts.map((x) => unparse(x)).join(", ");
      return e.elts.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    case "List":
      return `[${e.elts.map((x) => unparse(x)).join(", ")}]`;
    case "Set":
      return `{${e.elts.map((x) => unparse(x)).join(", ")}}`;
    case "BinOp": {
      const p = PRECEDENCE[e.op] ?? 0;
      const text = `${unparse(e.left, p)} ${e.op} ${unparse(e.right, p + 1)}`;
      return p < prec ? `(${text})` : text;
    }
    case "UnaryOp": {
      const text = e.op === "not" ? `not ${unparse(e.operand, 3)}` : `${e.op}${unparse(e.operand, 11)}`;
      return prec > (e.op === "not" ? 3 : 11) ? `(${text})` : text;
    }
    case "Call":
      return `${unparse(e.func, 13)}(${e.args.map((a) => (a.name ? `${a.name}=` : a.star) + unparse(a.value)).join(", ")})`;
    case "Starred":
      return `*${unparse(e.value, 13)}`;
    default:
      return e.text;
  }
}
