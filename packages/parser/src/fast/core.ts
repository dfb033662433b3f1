/**
 * The fast path's parser core: node type ids, token access and the tree buffer (postfix
 * `[type, from, to, size]` records as `Tree.build` reads them, comments placed where Lezer puts its
 * skipped tokens: in the innermost node with tokens on both sides). {@link GiveUp} abandons the fast path.
 */
import { K, type Tokens } from "./tokenize.ts";

/** Thrown to abandon the fast path. */
export class GiveUp extends Error {}
export const giveUp = (): never => {
  throw new GiveUp();
};

// Node type ids (see lezer/parser.terms.js and pythonParser.nodeSet).
export const T = {
  Escape: 2, Comment: 4, Script: 5, AssignStatement: 6, Star: 7, BinaryExpression: 8,
  BitOr: 9, BitXor: 10, BitAnd: 11, BitShift: 12, ArithPlus: 13, ArithTimes: 14, At: 15, ArithPow: 16, StarStar: 17,
  UnaryExpression: 18, ArithPrefix: 19, BitPrefix: 20, AwaitExpression: 21, await: 22, ParenR: 23, ParenL: 24,
  ParenthesizedExpression: 25, BinaryTest: 26, or: 27, and: 28, CompareOp: 29, in: 30, not: 31, is: 32, UnaryTest: 33,
  ConditionalExpression: 34, if: 35, else: 36, LambdaExpression: 37, lambda: 38, LambdaParamList: 39, VariableName: 40,
  LambdaAssignOp: 41, SlashMarker: 42, Comma: 43, Colon: 44, NamedExpression: 45, NamedAssignOp: 46, YieldExpression: 47,
  yield: 48, from: 49, TupleExpression: 50, ComprehensionExpression: 51, async: 52, for: 53, BracketR: 55, BracketL: 56,
  ArrayExpression: 57, ArrayComprehensionExpression: 58, BraceR: 59, BraceL: 60, DictionaryExpression: 61,
  DictionaryComprehensionExpression: 62, SetExpression: 63, SetComprehensionExpression: 64, CallExpression: 65, ArgList: 66,
  ArgAssignOp: 67, MemberExpression: 68, Dot: 69, PropertyName: 70, Number: 71, String: 72, FormatString: 73,
  FormatReplacement: 74, FormatSelfDoc: 75, FormatConversion: 76, FormatSpec: 77, FormatReplacementNested: 78,
  FormatSelfDocNested: 79, ContinuedString: 80, ReplacementStart: 3,
  Ellipsis: 81, None: 82, Boolean: 83, TypeDef: 84, AssignOp: 85, UpdateStatement: 86, UpdateOp: 87,
  ExpressionStatement: 88, DeleteStatement: 89, del: 90, PassStatement: 91, pass: 92, BreakStatement: 93, break: 94,
  ContinueStatement: 95, continue: 96, ReturnStatement: 97, return: 98, YieldStatement: 99, RaiseStatement: 101,
  raise: 102, ImportStatement: 103, import: 104, as: 105, ScopeStatement: 106, global: 107, nonlocal: 108,
  AssertStatement: 109, assert: 110, StatementGroup: 115, Semi: 116, IfStatement: 117, Body: 118, elif: 119,
  WhileStatement: 120, while: 121, ForStatement: 122, TryStatement: 123, try: 124, except: 125, finally: 126,
  WithStatement: 127, with: 128, FunctionDefinition: 129, def: 130, ParamList: 131, ParamAssignOp: 132, ParamTypeDef: 133,
  StarTypeDef: 134, ClassDefinition: 135, class: 136, DecoratedStatement: 137, Decorator: 138, DecoratorAt: 139,
} as const;

export const KEYWORDS = new Set(["async", "def", "if", "else", "elif", "while", "for", "in", "not", "is", "and", "or", "lambda", "yield", "from", "await", "None", "True", "False", "del", "pass", "break", "continue", "return", "raise", "import", "as", "global", "nonlocal", "assert", "try", "except", "finally", "with", "class"]);
export const COMPARE = new Set(["<", ">", "<=", ">=", "==", "!="]);
export const UPDATE = new Set(["+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//=", "@="]);
export const PRINT_OPERATOR_WORDS = new Set(["if", "else", "or", "and", "not", "in", "is"]);

// Binary operator precedences (higher binds tighter); 10 is the prefix level.
export const PREC: Record<string, number> = { "|": 4, "^": 5, "&": 6, "<<": 7, ">>": 7, "+": 8, "-": 8, "*": 9, "@": 9, "/": 9, "%": 9, "//": 9, "**": 11 };
export const OP_TYPE: Record<string, number> = { "|": T.BitOr, "^": T.BitXor, "&": T.BitAnd, "<<": T.BitShift, ">>": T.BitShift, "+": T.ArithPlus, "-": T.ArithPlus, "*": T.ArithTimes, "@": T.ArithTimes, "/": T.ArithTimes, "%": T.ArithTimes, "//": T.ArithTimes, "**": T.ArithPow };

export const MAX_DEPTH = 150;
export const MAX_CHAIN = 250;

/** Token access and buffer building shared by the expression and statement parsers. */
export class ParserCore {
  readonly buf: number[] = [];
  pos = 0;
  lastEnd = 0;
  comment = 0; // next comment (index into tokens.comments, in pairs)
  depth = 0;
  constructor(readonly src: string, readonly tk: Tokens) {}

  // --- token access -------------------------------------------------------------------------
  kind(o = 0): K { return this.tk.kind[this.pos + o] ?? K.Eof; }
  text(o = 0): string { return this.tk.text[this.pos + o] ?? ""; }
  get from(): number { return this.tk.from[this.pos]!; }
  isOp(s: string, o = 0): boolean { return this.tk.kind[this.pos + o] === K.Op && this.tk.text[this.pos + o] === s; }
  isKw(s: string, o = 0): boolean { return this.tk.kind[this.pos + o] === K.Name && this.tk.text[this.pos + o] === s; }
  isName(o = 0): boolean { return this.tk.kind[this.pos + o] === K.Name && !KEYWORDS.has(this.tk.text[this.pos + o]!); }

  /** Puts the comments before the current token into the buffer (at the current nesting). */
  flush(): void {
    const c = this.tk.comments;
    const at = this.tk.from[this.pos]!;
    while (this.comment < c.length && c[this.comment]! < at) {
      this.buf.push(T.Comment, c[this.comment]!, c[this.comment + 1]!, 4);
      this.comment += 2;
    }
  }
  /** Starts a node at the current token: its buffer index. */
  open(): number {
    this.flush();
    return this.buf.length;
  }
  close(type: number, start: number, from: number): void {
    this.buf.push(type, from, this.lastEnd, this.buf.length - start + 4);
  }
  /** Consumes the current token, as a leaf of `type` (or none when `type` is -1). */
  take(type: number): void {
    const p = this.pos;
    const from = this.tk.from[p]!;
    const to = this.tk.to[p]!;
    if (to > from) {
      this.flush();
      if (type >= 0) this.buf.push(type, from, to, 4);
      this.lastEnd = to;
    }
    this.pos++;
  }
  op(s: string, type: number): void {
    if (!this.isOp(s)) giveUp();
    this.take(type);
  }
  kw(s: string, type: number): void {
    if (!this.isKw(s)) giveUp();
    this.take(type);
  }
  name(): void {
    if (!this.isName()) giveUp();
    this.take(T.VariableName);
  }
  enter(): void {
    if (++this.depth > MAX_DEPTH) giveUp();
  }

}
