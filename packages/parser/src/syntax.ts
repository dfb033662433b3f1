/**
 * The syntax facade: plain, serialisable objects describing a Python module, with no parser types.
 *
 * It mirrors the parts of Python's `ast` that static inspection needs, under `ast`'s names
 * (`FunctionDef`, `ClassDef`, `Assign`, `AnnAssign`, `ImportFrom`, …). Every node carries a
 * {@link Span}. Function bodies are summarised: they keep nested definitions and compound statements
 * (where nested definitions can hide), assignments to `name.attr` (`self.x = …`, for instance
 * attributes) with a string statement right after one (its attribute docstring), and the code flags
 * inspect reads, not every statement.
 */
import type { Span } from "./span.ts";

// ---------------------------------------------------------------- expressions

/** Kinds of literal a {@link Constant} holds, named after the Python type of its value. */
export type ConstantType = "int" | "float" | "complex" | "str" | "bytes" | "bool" | "None" | "Ellipsis";

/**
 * A literal: `1`, `0x10`, `1.5e3`, `2j`, `'a' "b"`, `b"x"`, `True`, `None`, `...`.
 *
 * `value` is the literal's value in a lossless text form: for `int` the decimal digits (`"16"` for
 * `0x10`, arbitrary size); for `float` and `complex` the source text without `_` (the imaginary
 * part's text for `complex`, without the `j`); for `str` the evaluated string (escapes, raw prefixes
 * and implicit concatenation applied); for `bytes` the evaluated bytes, one character per byte
 * (U+0000–U+00FF); for `bool` `"True"`/`"False"`; for `None` and `Ellipsis` their names. `value` is
 * `null` when the literal cannot be evaluated statically (an f-string part, an unknown `\N{…}` name).
 */
export interface Constant {
  readonly kind: "Constant";
  readonly type: ConstantType;
  readonly value: string | null;
  readonly text: string;
  readonly span: Span;
}

/** A name: `x`. */
export interface Name {
  readonly kind: "Name";
  readonly id: string;
  readonly text: string;
  readonly span: Span;
}

/** Attribute access: `a.b`. */
export interface Attribute {
  readonly kind: "Attribute";
  readonly value: Expression;
  readonly attr: string;
  readonly text: string;
  readonly span: Span;
}

/** Subscript: `a[b]`; `a[b, c]` has a {@link Tuple} slice, `a[1:2]` a {@link Slice}. */
export interface Subscript {
  readonly kind: "Subscript";
  readonly value: Expression;
  readonly slice: Expression;
  readonly text: string;
  readonly span: Span;
}

/** A slice inside a subscript: `1:2:3`; missing parts are `null`. */
export interface Slice {
  readonly kind: "Slice";
  readonly lower: Expression | null;
  readonly upper: Expression | null;
  readonly step: Expression | null;
  readonly text: string;
  readonly span: Span;
}

/** One argument of a call or class definition: positional (`name === null`), `*args`, `**kw` or `name=value`. */
export interface Argument {
  readonly name: string | null;
  readonly star: "" | "*" | "**";
  readonly value: Expression;
  readonly span: Span;
}

/** A call: `f(a, *b, c=1, **d)`. */
export interface Call {
  readonly kind: "Call";
  readonly func: Expression;
  readonly args: readonly Argument[];
  readonly text: string;
  readonly span: Span;
}

/** `(a, b)`, `[a, b]`, `{a, b}` (also an unparenthesised tuple `a, b`). */
export interface Sequence {
  readonly kind: "Tuple" | "List" | "Set";
  readonly elts: readonly Expression[];
  readonly text: string;
  readonly span: Span;
}

/** `{k: v, **m}`; a `**m` entry has key `null`. */
export interface Dict {
  readonly kind: "Dict";
  readonly keys: readonly (Expression | null)[];
  readonly values: readonly Expression[];
  readonly text: string;
  readonly span: Span;
}

/** `-x`, `+x`, `~x`, `not x`. */
export interface UnaryOp {
  readonly kind: "UnaryOp";
  readonly op: "-" | "+" | "~" | "not";
  readonly operand: Expression;
  readonly text: string;
  readonly span: Span;
}

/** `a + b`, `a | b`, `a and b`, `a < b` (comparisons and boolean operators are kept binary). */
export interface BinOp {
  readonly kind: "BinOp";
  readonly op: string;
  readonly left: Expression;
  readonly right: Expression;
  readonly text: string;
  readonly span: Span;
}

/** `*x` inside a display or subscript. */
export interface Starred {
  readonly kind: "Starred";
  readonly value: Expression;
  readonly text: string;
  readonly span: Span;
}

/** `body if test else orelse`. */
export interface IfExp {
  readonly kind: "IfExp";
  readonly test: Expression;
  readonly body: Expression;
  readonly orelse: Expression;
  readonly text: string;
  readonly span: Span;
}

/** `lambda a, b=1: …`: its parameters and its body expression (`Other` with empty text when missing after a syntax error). */
export interface Lambda {
  readonly kind: "Lambda";
  readonly parameters: readonly Parameter[];
  readonly body: Expression;
  /** The names CPython's compiler puts in the lambda's code object (as a def's, see {@link CodeNames}); `null` when unknown (a syntax error, or an annotation). */
  readonly code?: CodeNames | null;
  readonly text: string;
  readonly span: Span;
}

/**
 * Any other expression (comprehensions, conditional expressions, f-strings, `await`, …) or one nested
 * too deeply to convert: only its text and span are kept.
 */
export interface OtherExpression {
  readonly kind: "Other";
  readonly text: string;
  readonly span: Span;
}

/** An expression of the facade. Every variant has `text` (the source text) and `span`. */
export type Expression =
  | Constant
  | Name
  | Attribute
  | Subscript
  | Slice
  | Call
  | Sequence
  | Dict
  | UnaryOp
  | BinOp
  | Starred
  | IfExp
  | Lambda
  | OtherExpression;

// ---------------------------------------------------------------- definitions

/** `inspect.Parameter.kind`, spelled as its member names. */
export type ParameterKind =
  | "POSITIONAL_ONLY"
  | "POSITIONAL_OR_KEYWORD"
  | "VAR_POSITIONAL"
  | "KEYWORD_ONLY"
  | "VAR_KEYWORD";

/** One parameter of a `def` or `lambda`; `name` has no stars. */
export interface Parameter {
  readonly name: string;
  readonly kind: ParameterKind;
  readonly annotation: Expression | null;
  readonly default: Expression | null;
  readonly span: Span;
}

/** A string literal that is a docstring: the first statement of a module, class or function body. */
export interface Docstring {
  /** The string's value as Python evaluates it, before `cleandoc`; `null` if it cannot be evaluated. */
  readonly value: string | null;
  readonly span: Span;
}

/** One `@decorator` line: `expression` is what follows the `@`. */
export interface Decorator {
  readonly expression: Expression;
  readonly span: Span;
}

/** What a function's body contains that sets `co_flags` (`CO_GENERATOR`, `CO_COROUTINE`, …). */
export interface FunctionFlags {
  /** `yield` or `yield from` outside nested functions, classes and lambdas. */
  readonly yields: boolean;
  /** `await`, `async for` or `async with` outside nested scopes. */
  readonly awaits: boolean;
}

/**
 * `def` or `async def`.
 *
 * `span` starts at the first decorator (so `span.line` is `co_firstlineno`) and ends with the body;
 * `defSpan` starts at `def` (or `async`).
 */
export interface FunctionDef {
  readonly kind: "FunctionDef";
  readonly name: string;
  readonly isAsync: boolean;
  readonly decorators: readonly Decorator[];
  readonly typeParams: string | null;
  readonly parameters: readonly Parameter[];
  /** Source text between the parentheses of the parameter list. */
  readonly parametersText: string;
  readonly returns: Expression | null;
  readonly docstring: Docstring | null;
  readonly body: readonly Statement[];
  readonly flags: FunctionFlags;
  /**
   * The value of the body's only `return`, when that statement stands directly in the body and
   * returns a call or a name (`return cast(T, field(default_factory=f))`, `return inner`); `null`
   * otherwise (several returns, one under a branch, or another kind of value).
   */
  readonly returnValue: Expression | null;
  /**
   * For `__init_subclass__` and `__init__`: attributes its body assigns on a name (`cls.registry = []`
   * gives `{ object: "cls", attr: "registry" }`), outside nested scopes, with `value` the name
   * assigned when the value is a plain name (`cls.__init__ = _no_init`); for `__new__`: those
   * assigned on a name bound to a `….__new__(…)` call's result (`obj = type.__new__(mcs, …)`;
   * `obj._styles = {}`). For `__init__` and `__new__` only the statements of the body itself (not
   * under `if`, `for`, `try`, …). Empty for other functions.
   */
  readonly attributeAssignments: readonly { readonly object: string; readonly attr: string; readonly value?: string }[];
  /** The names CPython's compiler puts in the function's code object; `null` when its source has a syntax error. */
  readonly code: CodeNames | null;
  readonly span: Span;
  readonly defSpan: Span;
}

/**
 * What CPython 3.11's compiler writes into a function's code object that `inspect.getclosurevars`
 * reads, computed from the source by the symbol table's rules.
 *
 * ```python
 * import os
 * def outer(n):
 *     def f(path):
 *         return os.path.join(path, str(n))   # f: names ["os", "path", "join", "str"], freevars ["n"]
 *     return f
 * ```
 */
export interface CodeNames {
  /**
   * `co_names`, in order: the global names the function's own code loads, stores or deletes (not
   * its locals, nor names of nested functions', lambdas', classes' or comprehensions' bodies),
   * attribute names, and the modules and names imports name (`import a.b` gives `"a.b"`; `from .
   * import x` gives `""` and `"x"`); private names mangled (`__x` in class `C` is `_C__x`).
   */
  readonly names: readonly string[];
  /** `co_freevars`, sorted: the names taken from enclosing function scopes (`__class__` in a method using `super()`). */
  readonly freevars: readonly string[];
}

/** `class Name(bases, metaclass=…, **kw):` — `bases` holds positional and keyword arguments in order. */
export interface ClassDef {
  readonly kind: "ClassDef";
  readonly name: string;
  readonly decorators: readonly Decorator[];
  readonly typeParams: string | null;
  readonly bases: readonly Argument[];
  readonly docstring: Docstring | null;
  readonly body: readonly Statement[];
  readonly span: Span;
  readonly defSpan: Span;
}

// ---------------------------------------------------------------- statements

/** `a = b = value` (targets in source order; `a, b = …` has one {@link Sequence} target). */
export interface Assign {
  readonly kind: "Assign";
  readonly targets: readonly Expression[];
  readonly value: Expression;
  readonly span: Span;
}

/** `target: annotation` or `target: annotation = value`. */
export interface AnnAssign {
  readonly kind: "AnnAssign";
  readonly target: Expression;
  readonly annotation: Expression;
  readonly value: Expression | null;
  readonly span: Span;
}

/** `target op= value` (`op` without the `=`: `+`, `|`, …). */
export interface AugAssign {
  readonly kind: "AugAssign";
  readonly target: Expression;
  readonly op: string;
  readonly value: Expression;
  readonly span: Span;
}

/** One name of an import: `a.b as c` gives `{ name: "a.b", asname: "c" }`. */
export interface Alias {
  readonly name: string;
  readonly asname: string | null;
  readonly span: Span;
}

/** `import a.b as c, d`. */
export interface Import {
  readonly kind: "Import";
  readonly names: readonly Alias[];
  readonly span: Span;
}

/** `from ..a import b as c` (`level` 2, `module` `"a"`); `from . import *` has `names` `"*"`. */
export interface ImportFrom {
  readonly kind: "ImportFrom";
  readonly module: string | null;
  readonly level: number;
  readonly names: readonly Alias[] | "*";
  readonly span: Span;
}

/** `if test: body` with `elif`/`else` folded into `orelse` as in `ast`. */
export interface If {
  readonly kind: "If";
  readonly test: Expression;
  readonly body: readonly Statement[];
  readonly orelse: readonly Statement[];
  readonly span: Span;
}

/** One `except` clause: `except (A, B) as e:`. */
export interface ExceptHandler {
  readonly type: Expression | null;
  readonly name: string | null;
  readonly body: readonly Statement[];
  readonly span: Span;
}

/** `try`/`except`/`else`/`finally`. */
export interface Try {
  readonly kind: "Try";
  readonly body: readonly Statement[];
  readonly handlers: readonly ExceptHandler[];
  readonly orelse: readonly Statement[];
  readonly finalbody: readonly Statement[];
  readonly span: Span;
}

/** `for`, `while`, `with`, `match`: `targets` are the names they bind (`for a, b in …` → `a`, `b`). */
export interface Block {
  readonly kind: "For" | "While" | "With" | "Match";
  readonly targets: readonly Expression[];
  readonly body: readonly Statement[];
  readonly orelse: readonly Statement[];
  readonly span: Span;
}

/** An expression statement: a docstring, a call such as `__all__.extend([...])`. */
export interface ExprStatement {
  readonly kind: "Expr";
  readonly value: Expression;
  readonly span: Span;
}

/** `global a, b` / `nonlocal a`. */
export interface ScopeStatement {
  readonly kind: "Global" | "Nonlocal";
  readonly names: readonly string[];
  readonly span: Span;
}

/** `del a, b.c`. */
export interface Delete {
  readonly kind: "Delete";
  readonly targets: readonly Expression[];
  readonly span: Span;
}

/** `type X = …` (PEP 695). */
export interface TypeAlias {
  readonly kind: "TypeAlias";
  readonly name: string;
  readonly value: Expression;
  readonly span: Span;
}

/** Any other statement (`pass`, `return`, `raise`, `assert`, …): kept for its span. */
export interface OtherStatement {
  readonly kind: "Other";
  readonly span: Span;
}

/** A statement of the facade. */
export type Statement =
  | FunctionDef
  | ClassDef
  | Assign
  | AnnAssign
  | AugAssign
  | Import
  | ImportFrom
  | If
  | Try
  | Block
  | ExprStatement
  | ScopeStatement
  | Delete
  | TypeAlias
  | OtherStatement;

/** A `#` comment: `text` includes the `#`. */
export interface Comment {
  readonly text: string;
  readonly span: Span;
}

/** A whole module: its statements, docstring and every comment in source order. */
export interface ModuleSyntax {
  readonly kind: "Module";
  readonly body: readonly Statement[];
  readonly docstring: Docstring | null;
  readonly comments: readonly Comment[];
  readonly span: Span;
  /** Only when parsed with `calls: true` (see the parser's `ParseOptions`). */
  readonly calls?: ModuleCalls;
}

/**
 * The calls of a module, function bodies included, whose callee is looked up in the module's
 * global namespace: a name that no enclosing function (nor the class body it is in) binds, or
 * attributes of one (`os.path.join(…)`), in source order.
 */
export interface ModuleCalls {
  readonly sites: readonly CallSite[];
  /** How many call expressions the module has in all (those with any other callee included). */
  readonly total: number;
}

/** One call of {@link ModuleCalls}: the call, and whether it runs later (in a function body) rather than when the module (or a class body) runs. */
export interface CallSite {
  readonly call: Call;
  readonly deferred: boolean;
  /** Inside `if __name__ == "__main__":`: it runs only when the module is run as a script. */
  readonly script: boolean;
}
