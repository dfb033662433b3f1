/**
 * A region of source text.
 *
 * Units: `from`/`to` are offsets in UTF-16 code units (JavaScript string indices) into the decoded,
 * newline-normalised text ({@link DecodedSource.text}), 0-based and half-open. `line`/`endLine` are
 * 1-based, like Python's `ast` `lineno` and `inspect`'s line numbers. `column`/`endColumn` are 0-based
 * UTF-16 code units from the start of the line (Python's `ast` counts UTF-8 bytes instead: the two
 * agree on ASCII lines only).
 */
export interface Span {
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Maps offsets to 1-based lines and 0-based columns of a text whose only line break is `\n`
 * (universal newlines have been applied by {@link decodeSource}).
 *
 * Never throws: offsets outside the text are clamped.
 */
export class LineIndex {
  /** Offset of the first character of each line; `starts[0] === 0`. */
  readonly starts: readonly number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf("\n");
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.starts = starts;
  }

  /** Number of lines as Python's `str.splitlines()` of the text counts them (`"a\n"` has 1). */
  get lineCount(): number {
    const n = this.starts.length;
    return this.text.endsWith("\n") || this.text.length === 0 ? n - 1 : n;
  }

  /** The 0-based index of the line found last: conversion asks in source order, mostly about the same line. */
  #last = 0;

  /** 1-based line of `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts;
    const k = this.#last;
    if (starts[k]! <= offset && (k + 1 === starts.length || offset < starts[k + 1]!)) return k + 1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.#last = lo;
    return lo + 1;
  }

  /** The span of `[from, to)`. */
  span(from: number, to: number): Span {
    const line = this.lineOf(from);
    const endLine = to === from ? line : this.lineOf(to);
    return {
      from,
      to,
      line,
      column: from - this.starts[line - 1]!,
      endLine,
      endColumn: to - this.starts[endLine - 1]!,
    };
  }

  /** Text of 1-based `line` including its `\n` (as Python's `readlines()` returns it), or `""`. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return "";
    const next = this.starts[line];
    return this.text.slice(start, next ?? this.text.length);
  }
}
