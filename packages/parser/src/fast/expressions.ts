/**
 * The fast path's expressions (Lezer's `test`, `testInner`, `expression` and their parts),
 * precedence climbing for the binary operators, with Lezer's quirks: `not` and `await` take all
 * of the operand level to their right (`not a and b` is `not (a and b)` in its tree).
 */
import { K } from "./tokenize.ts";
import { COMPARE, KEYWORDS, MAX_CHAIN, OP_TYPE, ParserCore, PREC, T, UPDATE, giveUp } from "./core.ts";

/** Parses expressions into the buffer; see {@link ParserCore}. */
export class ExpressionParser extends ParserCore {
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
