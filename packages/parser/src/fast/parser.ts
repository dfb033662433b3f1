/**
 * The fast path's recursive-descent parser: the tokens of ./tokenize.ts to a Lezer tree buffer (the
 * postfix `[type, from, to, size]` records `Tree.build` reads) whose named nodes are exactly those
 * `pythonParser.parse` would give for valid source. It throws {@link GiveUp} at anything it does not
 * mirror with certainty (syntax errors included); {@link fastParse} turns that into `null`.
 */
import { Tree } from "@lezer/common";
import { pythonParser } from "../lezer.ts";
import { K, tokenize } from "./tokenize.ts";
import { PRINT_OPERATOR_WORDS, T, UPDATE, giveUp } from "./core.ts";
import { ExpressionParser } from "./expressions.ts";

/** The statements (Lezer's `statement`, `Body`, compound statements and decorators). */
class Parser extends ExpressionParser {
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
