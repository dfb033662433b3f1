/**
 * Expressions as a module summary keeps them: the parser's nodes without their source positions.
 */
import type { Argument, Expression, Parameter } from "@static-inspect/parser";

/**
 * `T` with the `span` of every node inside it left out, arrays and nested nodes included; unions map
 * member by member, so `kind` still tells the variants apart.
 *
 * Link, query and emit read an expression's structure and text, never where it is written (a
 * diagnostic of theirs points at a binding's or a definition's position, which summaries keep). So a
 * summary written as JSON (a worker's result, a cache entry) leaves out the spans of expressions,
 * parameters and arguments: over site-packages that is a quarter of the text and a fifth of the
 * summaries' memory. A summary bound on the reading thread still carries them (its nodes are the
 * parser's); with these types no reader can tell.
 */
export type Unlocated<T> = T extends readonly (infer U)[]
  ? readonly Unlocated<U>[]
  : T extends object
    ? { readonly [K in keyof T as K extends "span" ? never : K]: Unlocated<T[K]> }
    : T;

/** An expression in a module summary: {@link Unlocated} `Expression`. */
export type SummaryExpression = Unlocated<Expression>;
/** A parameter in a module summary: name, kind, annotation and default, no span. */
export type SummaryParameter = Unlocated<Parameter>;
/** A call or class-statement argument in a module summary (`metaclass=M`), no span. */
export type SummaryArgument = Unlocated<Argument>;
