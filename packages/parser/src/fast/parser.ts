/**
 * The fast path's recursive-descent parser: the tokens of ./tokenize.ts to a Lezer tree buffer (the
 * postfix `[type, from, to, size]` records `Tree.build` reads) whose named nodes are exactly those
 * `pythonParser.parse` would give for valid source. It throws {@link GiveUp} at anything it does not
 * mirror with certainty (syntax errors included); {@link fastParse} turns that into `null`.
 */
import { Tree } from "@lezer/common";
import { pythonParser } from "../lezer.ts";
import { K, tokenize, type Tokens } from "./tokenize.ts";

/** Thrown to abandon the fast path. */
class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

// Node type ids (see lezer/parser.terms.js and pythonParser.nodeSet).
const T = {
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

const KEYWORDS = new Set(["async", "def", "if", "else", "elif", "while", "for", "in", "not", "is", "and", "or", "lambda", "yield", "from", "await", "None", "True", "False", "del", "pass", "break", "continue", "return", "raise", "import", "as", "global", "nonlocal", "assert", "try", "except", "finally", "with", "class"]);
const COMPARE = new Set(["<", ">", "<=", ">=", "==", "!="]);
const UPDATE = new Set(["+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//=", "@="]);
const PRINT_OPERATOR_WORDS = new Set(["if", "else", "or", "and", "not", "in", "is"]);

// Binary operator precedences (higher binds tighter); 10 is the prefix level.
const PREC: Record<string, number> = { "|": 4, "^": 5, "&": 6, "<<": 7, ">>": 7, "+": 8, "-": 8, "*": 9, "@": 9, "/": 9, "%": 9, "//": 9, "**": 11 };
const OP_TYPE: Record<string, number> = { "|": T.BitOr, "^": T.BitXor, "&": T.BitAnd, "<<": T.BitShift, ">>": T.BitShift, "+": T.ArithPlus, "-": T.ArithPlus, "*": T.ArithTimes, "@": T.ArithTimes, "/": T.ArithTimes, "%": T.ArithTimes, "//": T.ArithTimes, "**": T.ArithPow };

const MAX_DEPTH = 150;
const MAX_CHAIN = 250;

class Parser {
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

  // --- statements ---------------------------------------------------------------------------
  script(): void {
    while (this.kind() !== K.Eof) this.statement();
    this.flushAll();
  }
  flushAll(): void {
    const c = this.tk.comments;
    while (this.comment < c.length) {
      this.buf.push(T.Comment, c[this.comment]!, c[this.comment + 1]!, 4);
      this.comment += 2;
    }
  }
  statement(): void {
    const k = this.kind();
    if (k === K.Name) {
      switch (this.text()) {
        case "if": return this.ifStatement();
        case "while": return this.whileStatement();
        case "for": return this.forStatement(-1, 0);
        case "try": return this.tryStatement();
        case "with": return this.withStatement(-1, 0);
        case "def": return this.functionDefinition(-1, 0);
        case "class": return this.classDefinition(-1, 0);
        case "async": {
          const start = this.open();
          const from = this.from;
          this.take(T.async);
          if (this.isKw("def")) return this.functionDefinition(start, from);
          if (this.isKw("for")) return this.forStatement(start, from);
          if (this.isKw("with")) return this.withStatement(start, from);
          return giveUp();
        }
      }
    } else if (this.isOp("@")) {
      return this.decorated();
    } else if (k !== K.Op && k !== K.Number && k !== K.String && k !== K.FStart) {
      giveUp();
    }
    this.simpleStatement();
  }
  simpleStatement(): void {
    const start = this.open();
    const from = this.from;
    this.smallStatement();
    if (this.isOp(";")) {
      while (this.isOp(";")) {
        this.take(T.Semi);
        if (this.kind() !== K.Newline) this.smallStatement();
      }
      if (this.kind() !== K.Newline) giveUp();
      this.take(-1);
      this.close(T.StatementGroup, start, from);
      return;
    }
    if (this.kind() !== K.Newline) giveUp();
    this.take(-1);
  }
  smallStatement(): void {
    const start = this.open();
    const from = this.from;
    if (this.kind() === K.Name) {
      const word = this.text();
      switch (word) {
        case "pass": this.take(T.pass); return this.close(T.PassStatement, start, from);
        case "break": this.take(T.break); return this.close(T.BreakStatement, start, from);
        case "continue": this.take(T.continue); return this.close(T.ContinueStatement, start, from);
        case "return":
          this.take(T.return);
          if (this.kind() !== K.Newline && !this.isOp(";")) this.starOrTestList();
          return this.close(T.ReturnStatement, start, from);
        case "del":
          this.take(T.del);
          this.commaSep(() => this.expression(), false);
          return this.close(T.DeleteStatement, start, from);
        case "raise":
          this.take(T.raise);
          if (this.kind() !== K.Newline && !this.isOp(";")) {
            this.test();
            if (this.isKw("from")) {
              this.take(T.from);
              this.test();
            }
          }
          return this.close(T.RaiseStatement, start, from);
        case "global": case "nonlocal":
          this.take(word === "global" ? T.global : T.nonlocal);
          this.commaSep(() => this.name(), false);
          return this.close(T.ScopeStatement, start, from);
        case "assert":
          this.take(T.assert);
          this.commaSep(() => this.test(), false);
          return this.close(T.AssertStatement, start, from);
        case "import": case "from":
          return this.importStatement(start, from);
        case "yield":
          this.yieldBody();
          return this.close(T.YieldStatement, start, from);
        case "print": {
          // Lezer's legacy `print` statement tokenizer: leave such lines to Lezer.
          const end = this.tk.to[this.pos]!;
          let j = end;
          while (this.src.charCodeAt(j) === 32 || this.src.charCodeAt(j) === 9) j++;
          const c = this.src.charCodeAt(j);
          if (c === 39 || c === 34 || (c >= 48 && c <= 57)) giveUp();
          if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0xa1) {
            let w = "";
            for (let ch; (ch = this.src.charCodeAt(j)), (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95 || ch >= 0xa1 || (ch >= 48 && ch <= 57); j++) w += String.fromCharCode(ch);
            if (!PRINT_OPERATOR_WORDS.has(w)) giveUp();
          }
          break;
        }
        case "match": case "type": case "case": {
          // Soft keywords: only where the next token rules their statements out.
          const k1 = this.kind(1);
          const t1 = this.text(1);
          if (!(k1 === K.Newline || (k1 === K.Op && (t1 === "=" || t1 === "." || t1 === "," || t1 === ":" || UPDATE.has(t1))))) giveUp();
          break;
        }
      }
    }
    this.starOrTestList();
    if (this.isOp("=") || this.isOp(":")) {
      if (this.isOp(":")) {
        const s = this.open();
        const f = this.from;
        this.take(T.Colon);
        this.test();
        this.close(T.TypeDef, s, f);
      }
      while (this.isOp("=")) {
        this.take(T.AssignOp);
        if (this.isKw("yield")) this.yieldExpression();
        else this.starOrTestList();
      }
      return this.close(T.AssignStatement, start, from);
    }
    if (this.kind() === K.Op && UPDATE.has(this.text())) {
      this.take(T.UpdateOp);
      if (this.isKw("yield")) this.yieldExpression();
      else this.commaSep(() => this.test(), false);
      return this.close(T.UpdateStatement, start, from);
    }
    this.close(T.ExpressionStatement, start, from);
  }
  importStatement(start: number, from: number): void {
    if (this.isKw("import")) {
      this.take(T.import);
      this.importedNames();
    } else {
      this.take(T.from);
      let dots = false;
      while (this.isOp(".") || this.isOp("...")) {
        this.take(this.isOp(".") ? T.Dot : T.Ellipsis);
        dots = true;
      }
      if (!dots || !this.isKw("import")) this.dottedName();
      this.kw("import", T.import);
      if (this.isOp("*")) this.take(T.Star);
      else if (this.isOp("(")) {
        this.take(T.ParenL);
        this.importedNames();
        this.op(")", T.ParenR);
      } else this.importedNames();
    }
    this.close(T.ImportStatement, start, from);
  }
  importedNames(): void {
    this.commaSep(() => {
      this.dottedName();
      if (this.isKw("as")) {
        this.take(T.as);
        this.name();
      }
    }, this.tk.kind[this.pos - 1] === K.Op);
  }
  dottedName(): void {
    this.name();
    while (this.isOp(".")) {
      this.take(T.Dot);
      this.name();
    }
  }
  /** `item ("," item)* ","?`; a trailing comma only when `trailing` (before a closing bracket). */
  commaSep(item: () => void, trailing: boolean): void {
    item();
    while (this.isOp(",")) {
      this.take(T.Comma);
      if (trailing && this.closing()) return;
      item();
    }
  }
  closing(): boolean {
    return this.isOp(")") || this.isOp("]") || this.isOp("}");
  }
  /** Whether the current token can end an expression list (in a statement). */
  listEnd(): boolean {
    const k = this.kind();
    if (k === K.Newline || k === K.Eof) return true;
    if (k !== K.Op) return this.isKw("in");
    const t = this.text();
    return t === "=" || t === ":" || t === ";" || t === ")" || t === "]" || t === "}" || UPDATE.has(t);
  }
  /** `commaSep<"*" expression | test>` in a statement (a trailing comma allowed). */
  starOrTestList(): void {
    for (;;) {
      this.starOrTest();
      if (!this.isOp(",")) return;
      this.take(T.Comma);
      if (this.listEnd()) return;
    }
  }
  starOrTest(): void {
    if (this.isOp("*")) {
      this.take(T.Star);
      this.expression();
    } else this.test();
  }
  yieldBody(): void {
    this.take(T.yield);
    if (this.isKw("from")) {
      this.take(T.from);
      this.test();
    } else if (!this.listEnd()) this.starOrTestList();
  }
  yieldExpression(): void {
    const start = this.open();
    const from = this.from;
    this.yieldBody();
    this.close(T.YieldExpression, start, from);
  }

  body(): void {
    const start = this.open();
    const from = this.from;
    this.op(":", T.Colon);
    if (this.kind() === K.Newline) {
      this.take(-1);
      if (this.kind() !== K.Indent) giveUp();
      this.take(-1);
      while (this.kind() !== K.Dedent) {
        if (this.kind() === K.Eof || this.kind() === K.Indent) giveUp();
        this.statement();
      }
      this.take(-1);
    } else {
      this.simpleStatement();
    }
    this.close(T.Body, start, from);
  }
  ifStatement(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.if);
    this.testNamed();
    this.body();
    while (this.isKw("elif")) {
      this.take(T.elif);
      this.testNamed();
      this.body();
    }
    this.elseClause();
    this.close(T.IfStatement, start, from);
  }
  elseClause(): void {
    if (this.isKw("else")) {
      this.take(T.else);
      this.body();
    }
  }
  whileStatement(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.while);
    this.testNamed();
    this.body();
    this.elseClause();
    this.close(T.WhileStatement, start, from);
  }
  forStatement(start: number, from: number): void {
    if (start < 0) {
      start = this.open();
      from = this.from;
    }
    this.take(T.for);
    this.targets();
    this.kw("in", T.in);
    this.starOrTestList();
    this.body();
    this.elseClause();
    this.close(T.ForStatement, start, from);
  }
  /** `commaSep<"*"? expression>` before `in`. */
  targets(): void {
    for (;;) {
      if (this.isOp("*")) this.take(T.Star);
      this.expression();
      if (!this.isOp(",")) return;
      this.take(T.Comma);
      if (this.isKw("in")) return;
    }
  }
  tryStatement(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.try);
    this.body();
    while (this.isKw("except")) {
      this.take(T.except);
      if (this.isOp("*")) this.take(T.Star);
      if (!this.isOp(":")) {
        this.test();
        if (this.isKw("as")) {
          this.take(T.as);
          this.name();
        }
      }
      this.body();
    }
    this.elseClause();
    if (this.isKw("finally")) {
      this.take(T.finally);
      this.body();
    }
    this.close(T.TryStatement, start, from);
  }
  withStatement(start: number, from: number): void {
    if (start < 0) {
      start = this.open();
      from = this.from;
    }
    this.take(T.with);
    if (this.isOp("(")) giveUp();
    this.commaSep(() => {
      this.test();
      if (this.isKw("as")) {
        this.take(T.as);
        this.expression();
      }
    }, false);
    this.body();
    this.close(T.WithStatement, start, from);
  }
  functionDefinition(start: number, from: number): void {
    if (start < 0) {
      start = this.open();
      from = this.from;
    }
    this.take(T.def);
    this.name();
    if (!this.isOp("(")) giveUp();
    const ps = this.open();
    const pf = this.from;
    this.take(T.ParenL);
    if (!this.isOp(")")) this.commaSep(() => this.param(), true);
    this.op(")", T.ParenR);
    this.close(T.ParamList, ps, pf);
    if (this.isOp("->")) {
      const s = this.open();
      const f = this.from;
      this.take(-1);
      this.test();
      this.close(T.TypeDef, s, f);
    }
    this.body();
    this.close(T.FunctionDefinition, start, from);
  }
  param(): void {
    if (this.isOp("/")) {
      const s = this.open();
      const f = this.from;
      this.take(-1);
      this.close(T.SlashMarker, s, f);
      return;
    }
    if (this.isOp("**")) {
      this.take(T.StarStar);
      this.name();
      this.typeDef();
      return;
    }
    if (this.isOp("*")) {
      this.take(T.Star);
      if (this.isName()) {
        this.name();
        if (this.isOp(":")) {
          if (this.isOp("*", 1)) giveUp();
          this.typeDef();
        }
      }
      return;
    }
    this.name();
    this.typeDef();
    if (this.isOp("=")) {
      this.take(T.ParamAssignOp);
      this.test();
    }
  }
  typeDef(): void {
    if (!this.isOp(":")) return;
    const s = this.open();
    const f = this.from;
    this.take(T.Colon);
    this.test();
    this.close(T.ParamTypeDef, s, f);
  }
  classDefinition(start: number, from: number): void {
    if (start < 0) {
      start = this.open();
      from = this.from;
    }
    this.take(T.class);
    this.name();
    if (this.isOp("[")) giveUp();
    if (this.isOp("(")) this.argList();
    this.body();
    this.close(T.ClassDefinition, start, from);
  }
  decorated(): void {
    const start = this.open();
    const from = this.from;
    while (this.isOp("@")) {
      const s = this.open();
      const f = this.from;
      this.take(T.DecoratorAt);
      if (this.stockDecorator()) {
        this.name();
        while (this.isOp(".")) {
          this.take(T.Dot);
          this.name();
        }
        if (this.isOp("(")) this.argList();
      } else {
        this.testNamed();
      }
      if (this.kind() !== K.Newline || this.tk.to[this.pos] === this.tk.from[this.pos]) giveUp();
      this.take(-1);
      this.close(T.Decorator, s, f);
    }
    if (this.isKw("def")) this.functionDefinition(-1, 0);
    else if (this.isKw("class")) this.classDefinition(-1, 0);
    else if (this.isKw("async") && this.isKw("def", 1)) {
      const s = this.open();
      const f = this.from;
      this.take(T.async);
      this.functionDefinition(s, f);
    } else giveUp();
    this.close(T.DecoratedStatement, start, from);
  }
  /** Whether the decorator is `name(.name)*` with at most one argument list, then the newline. */
  stockDecorator(): boolean {
    let o = 0;
    if (!this.isName(o)) return false;
    o++;
    while (this.isOp(".", o) && this.isName(o + 1)) o += 2;
    if (this.isOp("(", o)) {
      let d = 0;
      for (;; o++) {
        const k = this.kind(o);
        if (k === K.Eof) return false;
        if (k === K.FRepl) d++; // closed by an Op "}"
        if (k !== K.Op) continue;
        const t = this.text(o);
        if (t === "(" || t === "[" || t === "{") d++;
        else if (t === ")" || t === "]" || t === "}") {
          if (--d === 0) break;
        }
      }
      o++;
    }
    return this.kind(o) === K.Newline;
  }

  // --- expressions --------------------------------------------------------------------------
  testNamed(): void {
    const start = this.open();
    const from = this.from;
    this.test();
    if (this.isOp(":=")) {
      this.take(T.NamedAssignOp);
      this.test();
      this.close(T.NamedExpression, start, from);
    }
  }
  test(): void {
    if (this.isKw("lambda")) return this.lambda();
    const start = this.open();
    const from = this.from;
    this.level(1);
    if (this.isKw("if")) {
      this.take(T.if);
      this.level(1);
      this.kw("else", T.else);
      this.test();
      this.close(T.ConditionalExpression, start, from);
    }
  }
  lambda(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.lambda);
    const ps = this.open();
    const pf = this.from;
    if (this.isOp(":")) {
      this.buf.push(T.LambdaParamList, pf, pf, 4);
    } else {
      for (;;) {
        if (this.isOp("/")) {
          const s = this.open();
          const f = this.from;
          this.take(-1);
          this.close(T.SlashMarker, s, f);
        } else if (this.isOp("**")) {
          this.take(T.StarStar);
          this.name();
        } else if (this.isOp("*")) {
          this.take(T.Star);
          if (this.isName()) this.name();
        } else {
          this.name();
          if (this.isOp("=")) {
            this.take(T.LambdaAssignOp);
            this.test();
          }
        }
        if (!this.isOp(",")) break;
        this.take(T.Comma);
        if (this.isOp(":")) break;
      }
      this.close(T.LambdaParamList, ps, pf);
    }
    this.op(":", T.Colon);
    this.test();
    this.close(T.LambdaExpression, start, from);
  }
  expression(): void {
    this.level(4);
  }
  /** Binary operators of precedence `min` and up (1 or, 2 and, 3 comparisons, 4… as in PREC). */
  level(min: number): void {
    this.enter();
    const start = this.open();
    const from = this.from;
    this.unary(min);
    let chain = 0;
    for (;;) {
      let p: number;
      const k = this.kind();
      const t = this.text();
      if (k === K.Op) {
        if (COMPARE.has(t)) p = 3;
        else p = PREC[t] ?? 0;
      } else if (k === K.Name) {
        p = t === "or" ? 1 : t === "and" ? 2 : t === "in" || t === "is" || (t === "not" && this.isKw("in", 1)) ? 3 : 0;
      } else p = 0;
      if (p === 0 || p < min) break;
      if (++chain > MAX_CHAIN) giveUp();
      if (k === K.Op) {
        if (p === 3) this.take(T.CompareOp);
        else {
          const s = this.open();
          const f = this.from;
          this.take(t === "*" ? T.Star : t === "**" ? T.StarStar : t === "@" ? T.At : -1);
          this.close(OP_TYPE[t]!, s, f);
        }
      } else if (t === "or") this.take(T.or);
      else if (t === "and") this.take(T.and);
      else if (t === "in") this.take(T.in);
      else if (t === "not") {
        this.take(T.not);
        this.take(T.in);
      } else {
        this.take(T.is);
        if (this.isKw("not")) this.take(T.not);
      }
      this.level(p === 11 ? 11 : p + 1);
      this.close(p <= 3 ? T.BinaryTest : T.BinaryExpression, start, from);
    }
    this.depth--;
  }
  unary(min: number): void {
    const start = this.open();
    const from = this.from;
    if (this.isKw("not")) {
      if (min > 3) giveUp();
      this.take(T.not);
      this.level(1);
      this.close(T.UnaryTest, start, from);
      return;
    }
    if (this.isKw("await")) {
      this.take(T.await);
      this.level(4);
      this.close(T.AwaitExpression, start, from);
      return;
    }
    if (this.isOp("-") || this.isOp("+") || this.isOp("~")) {
      const s = this.open();
      const f = this.from;
      const tilde = this.isOp("~");
      this.take(-1);
      this.close(tilde ? T.BitPrefix : T.ArithPrefix, s, f);
      this.level(10);
      this.close(T.UnaryExpression, start, from);
      return;
    }
    this.atom();
    for (;;) {
      if (this.isOp("(")) {
        this.argList();
        this.close(T.CallExpression, start, from);
      } else if (this.isOp("[")) {
        this.subscript();
        this.close(T.MemberExpression, start, from);
      } else if (this.isOp(".")) {
        this.take(T.Dot);
        if (this.kind() !== K.Name || KEYWORDS.has(this.text())) giveUp();
        this.take(T.PropertyName);
        this.close(T.MemberExpression, start, from);
      } else break;
    }
  }
  atom(): void {
    const k = this.kind();
    if (k === K.Name) {
      const t = this.text();
      if (t === "None") return this.take(T.None);
      if (t === "True" || t === "False") return this.take(T.Boolean);
      if (KEYWORDS.has(t)) giveUp();
      return this.take(T.VariableName);
    }
    if (k === K.Number) return this.take(T.Number);
    if (k === K.String || k === K.FStart) {
      const start = this.open();
      const from = this.from;
      let count = 0;
      for (;;) {
        if (this.kind() === K.String) this.string();
        else if (this.kind() === K.FStart) this.formatString();
        else break;
        count++;
      }
      if (count > 1) this.close(T.ContinuedString, start, from);
      return;
    }
    if (k !== K.Op) giveUp();
    const t = this.text();
    if (t === "...") return this.take(T.Ellipsis);
    if (t === "(") return this.paren();
    if (t === "[") return this.list();
    if (t === "{") return this.brace();
    giveUp();
  }
  string(): void {
    const p = this.pos;
    const esc = this.tk.escapes[p];
    this.flush();
    const start = this.buf.length;
    if (esc) for (let i = 0; i < esc.length; i += 2) this.buf.push(T.Escape, esc[i]!, esc[i + 1]!, 4);
    this.pos++;
    this.lastEnd = this.tk.to[p]!;
    this.buf.push(T.String, this.tk.from[p]!, this.lastEnd, this.buf.length - start + 4);
  }
  formatString(): void {
    const start = this.open();
    const from = this.from;
    this.take(-1);
    for (;;) {
      const k = this.kind();
      if (k === K.FEscape) this.take(T.Escape);
      else if (k === K.FRepl) this.replacement(false);
      else if (k === K.FEnd) break;
      else giveUp();
    }
    this.take(-1);
    this.close(T.FormatString, start, from);
  }
  /** A replacement field `{…}` (in a format spec when `nested`). */
  replacement(nested: boolean): void {
    this.enter();
    const start = this.open();
    const from = this.from;
    this.take(nested ? T.BraceL : T.ReplacementStart);
    if (this.isKw("yield")) this.yieldExpression();
    else {
      for (;;) {
        if (this.isOp("*")) this.take(T.Star);
        this.test();
        if (!this.isOp(",")) break;
        this.take(T.Comma);
        if (this.kind() !== K.Name && this.kind() !== K.Number && this.kind() !== K.String && this.kind() !== K.FStart && !(this.kind() === K.Op && !this.isOp("}"))) break;
      }
    }
    if (this.kind() === K.FSelfDoc) this.take(nested ? T.FormatSelfDocNested : T.FormatSelfDoc);
    if (this.kind() === K.FConv) this.take(T.FormatConversion);
    if (this.kind() === K.FSpec) {
      const s = this.open();
      const f = this.from;
      this.take(this.text() === ":" ? T.Colon : -1);
      for (;;) {
        if (this.kind() === K.FSpecChars) this.take(-1);
        else if (this.kind() === K.FRepl) this.replacement(true);
        else break;
      }
      this.close(T.FormatSpec, s, f);
    }
    this.op("}", T.BraceR);
    this.close(nested ? T.FormatReplacementNested : T.FormatReplacement, start, from);
    this.depth--;
  }
  /** `testNamed | "*" expression`. */
  element(): void {
    if (this.isOp("*")) {
      this.take(T.Star);
      this.expression();
    } else this.testNamed();
  }
  compFor(): void {
    for (;;) {
      if (this.isKw("async")) {
        this.take(T.async);
        if (!this.isKw("for")) giveUp();
      }
      if (this.isKw("for")) {
        this.take(T.for);
        this.targets();
        this.kw("in", T.in);
        this.level(1);
      } else if (this.isKw("if")) {
        this.take(T.if);
        if (this.isKw("lambda")) giveUp();
        this.level(1);
      } else return;
    }
  }
  isFor(): boolean {
    return this.isKw("for") || (this.isKw("async") && this.isKw("for", 1));
  }
  paren(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.ParenL);
    if (this.isOp(")")) {
      this.take(T.ParenR);
      return this.close(T.TupleExpression, start, from);
    }
    if (this.isKw("yield")) {
      this.yieldExpression();
      this.op(")", T.ParenR);
      return this.close(T.ParenthesizedExpression, start, from);
    }
    this.element();
    if (this.isFor()) {
      this.compFor();
      this.op(")", T.ParenR);
      return this.close(T.ComprehensionExpression, start, from);
    }
    if (this.isOp(")")) {
      this.take(T.ParenR);
      return this.close(T.ParenthesizedExpression, start, from);
    }
    while (this.isOp(",")) {
      this.take(T.Comma);
      if (this.isOp(")")) break;
      this.element();
    }
    this.op(")", T.ParenR);
    this.close(T.TupleExpression, start, from);
  }
  list(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.BracketL);
    if (this.isOp("]")) {
      this.take(T.BracketR);
      return this.close(T.ArrayExpression, start, from);
    }
    this.element();
    if (this.isFor()) {
      this.compFor();
      this.op("]", T.BracketR);
      return this.close(T.ArrayComprehensionExpression, start, from);
    }
    while (this.isOp(",")) {
      this.take(T.Comma);
      if (this.isOp("]")) break;
      this.element();
    }
    this.op("]", T.BracketR);
    this.close(T.ArrayExpression, start, from);
  }
  brace(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.BraceL);
    if (this.isOp("}")) {
      this.take(T.BraceR);
      return this.close(T.DictionaryExpression, start, from);
    }
    let dict: boolean;
    const item = (): void => {
      if (dict) {
        if (this.isOp("**")) {
          this.take(T.StarStar);
          this.expression();
        } else {
          this.test();
          this.op(":", T.Colon);
          this.test();
        }
      } else this.starOrTest();
    };
    if (this.isOp("**")) dict = true;
    else if (this.isOp("*")) dict = false;
    else {
      this.test();
      dict = this.isOp(":");
      if (dict) {
        this.take(T.Colon);
        this.test();
      }
    }
    if (this.isOp("**") || this.isOp("*")) item();
    if (this.isFor()) {
      this.compFor();
      this.op("}", T.BraceR);
      return this.close(dict ? T.DictionaryComprehensionExpression : T.SetComprehensionExpression, start, from);
    }
    while (this.isOp(",")) {
      this.take(T.Comma);
      if (this.isOp("}")) break;
      item();
    }
    this.op("}", T.BraceR);
    this.close(dict ? T.DictionaryExpression : T.SetExpression, start, from);
  }
  argList(): void {
    const start = this.open();
    const from = this.from;
    this.take(T.ParenL);
    while (!this.isOp(")")) {
      if (this.isOp("**")) {
        this.take(T.StarStar);
        this.test();
      } else if (this.isOp("*")) {
        this.take(T.Star);
        this.test();
      } else if (this.isName() && (this.isOp("=", 1) || this.isOp(":=", 1))) {
        this.take(T.VariableName);
        this.take(T.ArgAssignOp);
        this.test();
        if (this.isFor()) this.compFor();
      } else {
        this.test();
        if (this.isFor()) this.compFor();
      }
      if (!this.isOp(",")) break;
      this.take(T.Comma);
    }
    this.op(")", T.ParenR);
    this.close(T.ArgList, start, from);
  }
  subscript(): void {
    this.take(T.BracketL);
    for (;;) {
      if (this.isOp("*")) {
        this.take(T.Star);
        this.expression();
      } else {
        if (!this.isOp(":")) this.testNamed();
        if (this.isOp(":")) {
          this.take(T.Colon);
          if (!this.isOp(":") && !this.isOp(",") && !this.isOp("]")) this.testNamed();
          if (this.isOp(":")) {
            this.take(T.Colon);
            if (!this.isOp(",") && !this.isOp("]")) this.testNamed();
          }
        }
      }
      if (!this.isOp(",")) break;
      this.take(T.Comma);
      if (this.isOp("]")) break;
    }
    this.op("]", T.BracketR);
  }
}

/**
 * Parses `text` into the tree `pythonParser.parse(text)` would give, or returns `null` when the
 * fast path is not certain of that (an unsupported construct, a syntax error, deep nesting): the
 * caller then parses with Lezer. Never throws.
 */
export function fastParse(text: string): Tree | null {
  const tokens = tokenize(text);
  if (!tokens) return null;
  const p = new Parser(text, tokens);
  try {
    p.script();
  } catch {
    // GiveUp, a stack overflow on deep input, or a bug of ours: Lezer decides.
    return null;
  }
  return Tree.build({ buffer: p.buf, nodeSet: pythonParser.nodeSet, topID: T.Script, length: text.length });
}
