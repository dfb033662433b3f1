/**
 * Lezer's syntax tree to the facade's statements: bodies, compound statements, imports,
 * assignments, and `def`/`class` definitions with their decorators, docstrings and flags.
 */
import type { SyntaxNode } from "@lezer/common";
import type { Alias, Decorator, Docstring, Expression, ExceptHandler, FunctionDef, ClassDef, Statement } from "./syntax.ts";
import { children, ExpressionConverter, splitCommas } from "./convert-expressions.ts";
import { PARSE_DEFAULTS } from "./parse-defaults.ts";

/** The docstring of a body: its first statement, when that is a `str` literal expression. */
export function docstringOf(body: readonly Statement[]): Docstring | null {
  const first = body[0];
  if (first?.kind !== "Expr" || first.value.kind !== "Constant" || first.value.type !== "str") return null;
  return { value: first.value.value, span: first.value.span };
}

type Mode = "module" | "class" | "function";


const COMPOUND = new Set(["IfStatement", "TryStatement", "ForStatement", "WhileStatement", "WithStatement", "MatchStatement"]);

/** Converts a module's statements (expressions through {@link ExpressionConverter}). */
export class Converter extends ExpressionConverter {
  // ------------------------------------------------------------ statements

  /** The statements directly inside `node` (a Script or a Body). */
  statements(node: SyntaxNode, mode: Mode, depth: number): Statement[] {
    const out: Statement[] = [];
    if (depth > PARSE_DEFAULTS.maxDepth) {
      this.tooDeep(node);
      return out;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) {
      this.statement(c, mode, depth, out);
    }
    return out;
  }

  private statement(node: SyntaxNode, mode: Mode, depth: number, out: Statement[]): void {
    const name = node.name;
    if (name === "StatementGroup") {
      for (let c = node.firstChild; c; c = c.nextSibling) this.statement(c, mode, depth, out);
      return;
    }
    if (name === "FunctionDefinition" || name === "ClassDefinition") {
      out.push(this.definition(node, [], node, depth));
      return;
    }
    if (name === "DecoratedStatement") {
      const decorators: Decorator[] = [];
      let def: SyntaxNode | null = null;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === "Decorator") decorators.push(this.decorator(c, depth));
        else if (c.name === "FunctionDefinition" || c.name === "ClassDefinition") def = c;
      }
      if (def) out.push(this.definition(def, decorators, node, depth));
      return;
    }
    if (mode === "function" && !COMPOUND.has(name)) {
      // Summarised: only what instance attributes need (`self.x = …` and a string statement right after it).
      if (name === "AssignStatement" && this.assignsAttribute(node)) out.push(this.assignment(node, depth));
      else if (name === "ExpressionStatement" && this.followsAssignment(node, out)) {
        const value = this.expressions(children(node), node, depth);
        if (value.kind === "Constant" && value.type === "str") out.push({ kind: "Expr", value, span: this.span(node) });
      }
      return;
    }
    switch (name) {
      case "IfStatement":
        out.push(this.ifStatement(node, mode, depth));
        return;
      case "TryStatement":
        out.push(this.tryStatement(node, mode, depth));
        return;
      case "ForStatement":
      case "WhileStatement":
      case "WithStatement":
      case "MatchStatement":
        out.push(this.block(node, mode, depth));
        return;
      case "ExpressionStatement": {
        const kids = children(node);
        out.push({ kind: "Expr", value: this.expressions(kids, node, depth), span: this.span(node) });
        return;
      }
      case "AssignStatement":
        out.push(this.assignment(node, depth));
        return;
      case "UpdateStatement": {
        const kids = children(node);
        const opIndex = kids.findIndex((k) => k.name === "UpdateOp");
        if (opIndex < 0) break;
        out.push({
          kind: "AugAssign",
          target: this.expressions(kids.slice(0, opIndex), node, depth),
          op: this.src(kids[opIndex]!).slice(0, -1),
          value: this.expressions(kids.slice(opIndex + 1), node, depth),
          span: this.span(node),
        });
        return;
      }
      case "ImportStatement":
        out.push(this.importStatement(node));
        return;
      case "ScopeStatement": {
        const kids = children(node);
        out.push({
          kind: kids[0]?.name === "nonlocal" ? "Nonlocal" : "Global",
          names: kids.filter((k) => k.name === "VariableName").map((k) => this.src(k)),
          span: this.span(node),
        });
        return;
      }
      case "DeleteStatement": {
        const kids = children(node).slice(1);
        out.push({
          kind: "Delete",
          targets: splitCommas(kids).filter((g) => g.length > 0).map((g) => this.expression(g[0]!, depth)),
          span: this.span(node),
        });
        return;
      }
      case "TypeDefinition": {
        const kids = children(node);
        const nameNode = kids.find((k) => k.name === "VariableName");
        const value = kids[kids.length - 1];
        if (nameNode && value && value !== nameNode) {
          out.push({ kind: "TypeAlias", name: this.src(nameNode), value: this.expression(value, depth), span: this.span(node) });
          return;
        }
        break;
      }
      case "Comment":
      case ":":
      case ";":
        return;
      default:
        if (node.type.isError) return;
    }
    if (node.type.isError || name === "Script" || name === "Body") return;
    out.push({ kind: "Other", span: this.span(node) });
  }

  private body(node: SyntaxNode | null | undefined, mode: Mode, depth: number): Statement[] {
    if (!node) return [];
    return this.statements(node, mode, depth + 1);
  }

  private ifStatement(node: SyntaxNode, mode: Mode, depth: number): Statement {
    const kids = children(node);
    // Clauses: if test Body (elif test? Body)* (else Body)?
    type Clause = { test: SyntaxNode | null; body: SyntaxNode | null; start: SyntaxNode };
    const clauses: Clause[] = [];
    let elseBody: SyntaxNode | null = null;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === "if" || k.name === "elif") {
        const next = kids[i + 1];
        const hasTest = next && next.name !== "Body";
        const test = hasTest ? next : null;
        const body = kids[i + (hasTest ? 2 : 1)];
        clauses.push({ test, body: body?.name === "Body" ? body : null, start: k });
      } else if (k.name === "else") {
        const body = kids[i + 1];
        elseBody = body?.name === "Body" ? body : null;
      }
    }
    let orelse: Statement[] = this.body(elseBody, mode, depth);
    let result: Statement | null = null;
    for (let i = clauses.length - 1; i >= 0; i--) {
      const c = clauses[i]!;
      const test: Expression = c.test
        ? this.expression(c.test, depth)
        : { kind: "Other", text: "", span: this.lines.span(c.start.to, c.start.to) };
      result = {
        kind: "If",
        test,
        body: this.body(c.body, mode, depth),
        orelse,
        span: this.lines.span(c.start.from, node.to),
      };
      orelse = [result];
    }
    return result ?? { kind: "Other", span: this.span(node) };
  }

  private tryStatement(node: SyntaxNode, mode: Mode, depth: number): Statement {
    const kids = children(node);
    let body: Statement[] = [];
    const handlers: ExceptHandler[] = [];
    let orelse: Statement[] = [];
    let finalbody: Statement[] = [];
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.name === "try") body = this.body(kids[i + 1], mode, depth);
      else if (k.name === "else") orelse = this.body(kids[i + 1], mode, depth);
      else if (k.name === "finally") finalbody = this.body(kids[i + 1], mode, depth);
      else if (k.name === "except") {
        let j = i + 1;
        if (kids[j]?.name === "*") j++;
        let type: Expression | null = null;
        let name: string | null = null;
        if (kids[j] && kids[j]!.name !== "Body") {
          type = this.expression(kids[j]!, depth);
          j++;
          if (kids[j]?.name === "as" || kids[j]?.name === ",") {
            if (kids[j + 1]?.name === "VariableName") name = this.src(kids[j + 1]!);
            j += 2;
          }
        }
        const bodyNode = kids[j]?.name === "Body" ? kids[j]! : null;
        handlers.push({
          type,
          name,
          body: this.body(bodyNode, mode, depth),
          span: this.lines.span(k.from, (bodyNode ?? k).to),
        });
        i = j;
      }
    }
    return { kind: "Try", body, handlers, orelse, finalbody, span: this.span(node) };
  }

  private block(node: SyntaxNode, mode: Mode, depth: number): Statement {
    const kids = children(node);
    const kind = node.name === "ForStatement" ? "For" : node.name === "WhileStatement" ? "While" : node.name === "WithStatement" ? "With" : "Match";
    const targets: Expression[] = [];
    let body: Statement[] = [];
    let orelse: Statement[] = [];
    if (kind === "Match") {
      const matchBody = kids.find((k) => k.name === "MatchBody");
      const stmts: Statement[] = [];
      if (matchBody) {
        for (const clause of children(matchBody)) {
          if (clause.name === "MatchClause") stmts.push(...this.body(clause.getChild("Body"), mode, depth));
        }
      }
      body = stmts;
    } else {
      let seenBody = false;
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i]!;
        if (k.name === "Body") {
          if (!seenBody) body = this.body(k, mode, depth);
          else orelse = this.body(k, mode, depth);
          seenBody = true;
        }
      }
      if (mode !== "function") {
        if (kind === "For") {
          const forAt = kids.findIndex((k) => k.name === "for");
          const inAt = kids.findIndex((k) => k.name === "in");
          if (forAt >= 0 && inAt > forAt) targets.push(...this.targetsOf(kids.slice(forAt + 1, inAt), depth));
        } else if (kind === "With") {
          for (let i = 0; i < kids.length; i++) {
            if (kids[i]!.name === "as" && kids[i + 1] && kids[i + 1]!.name !== "Body") targets.push(...this.targetsOf([kids[i + 1]!], depth));
          }
        }
      }
    }
    return { kind, targets, body, orelse, span: this.span(node) };
  }

  /** Flattens assignment targets (`a, (b, *c)`) into the expressions that are bound. */
  private targetsOf(nodes: readonly SyntaxNode[], depth: number): Expression[] {
    const out: Expression[] = [];
    const visit = (e: Expression): void => {
      if (e.kind === "Tuple" || e.kind === "List") e.elts.forEach(visit);
      else if (e.kind === "Starred") visit(e.value);
      else out.push(e);
    };
    for (const group of splitCommas(nodes)) {
      const star = group[0]?.name === "*";
      const n = group[star ? 1 : 0];
      if (n) visit(this.expression(n, depth));
    }
    return out;
  }

  private assignment(node: SyntaxNode, depth: number): Statement {
    const kids = children(node);
    const groups: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | null = null;
    for (const k of kids) {
      if (k.name === "AssignOp") groups.push([]);
      else if (k.name === "TypeDef" && groups.length === 1) annotation = k;
      else groups[groups.length - 1]!.push(k);
    }
    const exprs = groups.map((g) => this.expressions(g, node, depth));
    if (annotation) {
      const ann = children(annotation).filter((c) => c.name !== ":");
      return {
        kind: "AnnAssign",
        target: exprs[0]!,
        annotation: ann[0] ? this.expression(ann[0], depth) : this.other(annotation),
        value: exprs.length > 1 ? exprs[exprs.length - 1]! : null,
        span: this.span(node),
      };
    }
    return {
      kind: "Assign",
      targets: exprs.slice(0, -1),
      value: exprs[exprs.length - 1]!,
      span: this.span(node),
    };
  }

  private importStatement(node: SyntaxNode): Statement {
    const kids = children(node);
    const span = this.span(node);
    const aliases = (nodes: SyntaxNode[]): Alias[] => {
      const out: Alias[] = [];
      for (const group of splitCommas(nodes.filter((n) => n.name !== "(" && n.name !== ")"))) {
        const asAt = group.findIndex((n) => n.name === "as");
        const nameParts = (asAt >= 0 ? group.slice(0, asAt) : group).filter((n) => n.name === "VariableName");
        if (nameParts.length === 0) continue;
        const asNode = asAt >= 0 ? group[asAt + 1] : undefined;
        const last = group[group.length - 1]!;
        out.push({
          name: nameParts.map((n) => this.src(n)).join("."),
          asname: asNode ? this.src(asNode) : null,
          span: this.spanOf(group[0]!, last),
        });
      }
      return out;
    };
    if (kids[0]?.name === "import") return { kind: "Import", names: aliases(kids.slice(1)), span };
    // from (. | ...)* dotted import (* | names)
    let level = 0;
    let i = 1;
    for (; i < kids.length; i++) {
      const n = kids[i]!.name;
      if (n === ".") level += 1;
      else if (n === "Ellipsis") level += 3;
      else break;
    }
    const moduleParts: string[] = [];
    for (; i < kids.length && kids[i]!.name !== "import"; i++) {
      if (kids[i]!.name === "VariableName") moduleParts.push(this.src(kids[i]!));
    }
    const rest = kids.slice(i + 1);
    const star = rest.length === 1 && rest[0]!.name === "*";
    return {
      kind: "ImportFrom",
      module: moduleParts.length ? moduleParts.join(".") : null,
      level,
      names: star ? "*" : aliases(rest),
      span,
    };
  }

  // ------------------------------------------------------------ definitions

  private decorator(node: SyntaxNode, depth: number): Decorator {
    const kids = children(node).filter((k) => k.name !== "At");
    let expression: Expression;
    if (kids.length === 1) {
      expression = this.expression(kids[0]!, depth);
    } else {
      // The stock grammar gives `@a.b(args)` flat: VariableName ("." VariableName)* ArgList?
      let expr: Expression | null = null;
      let start = kids[0];
      for (const k of kids) {
        if (k.name === "VariableName") {
          const id = this.src(k);
          expr = expr === null
            ? { kind: "Name", id, text: id, span: this.span(k) }
            : { kind: "Attribute", value: expr, attr: id, text: this.text.slice(start!.from, k.to), span: this.lines.span(start!.from, k.to) };
        } else if (k.name === "ArgList" && expr) {
          expr = { kind: "Call", func: expr, args: this.argList(k, depth), text: this.text.slice(start!.from, k.to), span: this.lines.span(start!.from, k.to) };
        }
      }
      expression = expr ?? this.other(node);
    }
    const end = this.text[node.to - 1] === "\n" ? node.to - 1 : node.to;
    return { expression, span: this.lines.span(node.from, end) };
  }

  private definition(node: SyntaxNode, decorators: Decorator[], outer: SyntaxNode, depth: number): FunctionDef | ClassDef {
    const kids = children(node);
    const nameNode = kids.find((k) => k.name === "VariableName");
    const name = nameNode ? this.src(nameNode) : "";
    const bodyNode = kids.find((k) => k.name === "Body") ?? null;
    const typeParamsNode = kids.find((k) => k.name === "TypeParamList");
    const typeParams = typeParamsNode ? this.src(typeParamsNode) : null;
    const end = bodyNode ? bodyNode.to : node.to;
    const trimmedEnd = this.text[end - 1] === "\n" ? end - 1 : end;
    const span = this.lines.span(outer.from, trimmedEnd);
    const defSpan = this.lines.span(node.from, trimmedEnd);
    if (node.name === "ClassDefinition") {
      const argList = kids.find((k) => k.name === "ArgList");
      const body = this.body(bodyNode, "class", depth);
      return {
        kind: "ClassDef",
        name,
        decorators,
        typeParams,
        bases: argList ? this.argList(argList, depth) : [],
        docstring: docstringOf(body),
        body,
        span,
        defSpan,
      };
    }
    const paramList = kids.find((k) => k.name === "ParamList");
    const returnsNode = kids.find((k) => k.name === "TypeDef");
    const returnsExpr = returnsNode ? children(returnsNode).filter((c) => c.name !== ":")[0] : undefined;
    const body = this.body(bodyNode, "function", depth);
    return {
      kind: "FunctionDef",
      name,
      isAsync: kids[0]?.name === "async",
      decorators,
      typeParams,
      parameters: paramList ? this.parameters(paramList, depth, false) : [],
      parametersText: paramList ? this.text.slice(paramList.from + 1, paramList.to - 1) : "",
      returns: returnsExpr ? this.expression(returnsExpr, depth) : null,
      docstring: bodyNode ? this.functionDocstring(bodyNode, depth) : null,
      body,
      flags: bodyNode ? this.flags(bodyNode) : { yields: false, awaits: false },
      returnValue: bodyNode ? this.returnValue(bodyNode, depth) : null,
      attributeAssignments:
        bodyNode && name === "__init_subclass__"
          ? this.attributeAssignments(bodyNode, false)
          : bodyNode && name === "__init__"
            ? this.attributeAssignments(bodyNode, true)
            : bodyNode && name === "__new__"
              ? this.newObjectAssignments(bodyNode)
              : [],
      code: this.codeNames.get(node.from) ?? null,
      span,
      defSpan,
    };
  }

  /** A function body is summarised, so its docstring is read from the first statement node directly. */
  private functionDocstring(body: SyntaxNode, depth: number): Docstring | null {
    for (let c = body.firstChild; c; c = c.nextSibling) {
      if (c.name === ":" || c.name === "Comment") continue;
      if (c.name !== "ExpressionStatement") return null;
      const kids = children(c);
      if (kids.length !== 1) return null;
      const e = this.expression(kids[0]!, depth);
      return e.kind === "Constant" && e.type === "str" ? { value: e.value, span: e.span } : null;
    }
    return null;
  }

  /** An assignment with a `name.attr` target (`self.x = …`, `self.x: int = …`). */
  private assignsAttribute(node: SyntaxNode): boolean {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === "TypeDef" && c.prevSibling?.name === "MemberExpression") return this.isNameAttribute(c.prevSibling);
      if (c.name === "MemberExpression" && c.nextSibling?.name === "AssignOp" && this.isNameAttribute(c)) return true;
    }
    return false;
  }

  private isNameAttribute(member: SyntaxNode): boolean {
    const obj = member.firstChild;
    return obj?.name === "VariableName" && obj.nextSibling?.name === "." && obj.nextSibling.nextSibling?.name === "PropertyName" && !obj.nextSibling.nextSibling.nextSibling;
  }

  /** A statement whose previous statement (comments skipped) is an assignment just kept in `out`. */
  private followsAssignment(node: SyntaxNode, out: readonly Statement[]): boolean {
    const last = out[out.length - 1];
    if (last?.kind !== "Assign" && last?.kind !== "AnnAssign") return false;
    let prev = node.prevSibling;
    while (prev && (prev.name === "Comment" || prev.name === ";")) prev = prev.prevSibling;
    return prev?.name === "AssignStatement" && this.span(prev).line === last.span.line;
  }

  /** `co_flags` inputs: yield/await outside nested scopes. */
  private flags(body: SyntaxNode): { yields: boolean; awaits: boolean } {
    const text = this.text.slice(body.from, body.to);
    const mayYield = text.includes("yield");
    const mayAwait = text.includes("await") || text.includes("async");
    if (!mayYield && !mayAwait) return { yields: false, awaits: false };
    let yields = false;
    let awaits = false;
    body.cursor().iterate((n) => {
      const name = n.name;
      if (name === "FunctionDefinition" || name === "ClassDefinition" || name === "LambdaExpression") return false;
      if (name === "yield") yields = true;
      else if (name === "await" || name === "async") awaits = true;
      return undefined;
    });
    return { yields, awaits };
  }

  /**
   * For `__new__`: the `name.attr = …` targets (see {@link attributeAssignments}) whose name is bound
   * in the body to the result of a `….__new__(…)` call (`obj = type.__new__(mcs, name, bases, ns)`,
   * `cls = super().__new__(mcs, …)`): the attributes a metaclass sets on the class it makes.
   */
  private newObjectAssignments(body: SyntaxNode): { object: string; attr: string }[] {
    const made = new Set<string>();
    body.cursor().iterate((n) => {
      const name = n.name;
      if (name === "FunctionDefinition" || name === "ClassDefinition" || name === "LambdaExpression") return false;
      if (name !== "AssignStatement") return undefined;
      const kids = children(n.node);
      const op = kids.findIndex((k) => k.name === "AssignOp");
      const value = kids[op + 1];
      if (op !== 1 || kids[0]!.name !== "VariableName" || value?.name !== "CallExpression") return false;
      const callee = value.firstChild;
      const prop = callee?.name === "MemberExpression" ? callee.lastChild : null;
      if (prop?.name === "PropertyName" && this.src(prop) === "__new__") made.add(this.src(kids[0]!));
      return false;
    });
    return made.size ? this.attributeAssignments(body, true).filter((a) => made.has(a.object)) : [];
  }

  /**
   * The value of a body's only `return` statement (outside nested scopes) when it is a statement of
   * the body itself (not under `if`, `for`, `try`, …) and returns a call or a name; `null` otherwise.
   */
  private returnValue(body: SyntaxNode, depth: number): Expression | null {
    if (!this.text.slice(body.from, body.to).includes("return")) return null;
    const returns: SyntaxNode[] = [];
    body.cursor().iterate((n) => {
      const name = n.name;
      if (name === "FunctionDefinition" || name === "ClassDefinition" || name === "LambdaExpression") return false;
      if (name === "ReturnStatement") returns.push(n.node);
      return undefined;
    });
    const only = returns.length === 1 && returns[0]!.parent?.from === body.from ? returns[0]! : null;
    const value = only ? children(only).filter((c) => c.name !== "return")[0] : undefined;
    return value && (value.name === "CallExpression" || value.name === "VariableName") ? this.expression(value, depth) : null;
  }

  /**
   * `name.attr = …` targets in a function body, outside nested functions, classes and lambdas; with
   * `always`, only statements of the body itself (not under `if`, `for`, `while`, `try`, `with`,
   * `match`), which run on every call.
   */
  private attributeAssignments(body: SyntaxNode, always: boolean): { object: string; attr: string; value?: string }[] {
    const out: { object: string; attr: string; value?: string }[] = [];
    body.cursor().iterate((n) => {
      const name = n.name;
      if (name === "FunctionDefinition" || name === "ClassDefinition" || name === "LambdaExpression") return false;
      if (always && n.node !== body && COMPOUND.has(name)) return false;
      if (name !== "AssignStatement" && name !== "UpdateStatement") return undefined;
      // every target of a chained assignment (`a = obj.x = {}`): the children before the last `=`
      const kids = children(n.node);
      const ops = kids.map((k, i) => (k.name === "AssignOp" || k.name === "UpdateOp" ? i : -1)).filter((i) => i >= 0);
      const last = ops.length ? ops[ops.length - 1]! : 0;
      const value = n.name === "AssignStatement" && kids[last + 1]?.name === "VariableName" && kids.length === last + 2 ? this.src(kids[last + 1]!) : null;
      for (const c of kids.slice(0, last)) {
        if (c.name === "TypeDef") break;
        if (c.name !== "MemberExpression") continue;
        const obj = c.firstChild;
        const dot = obj?.nextSibling;
        const prop = dot?.nextSibling;
        if (obj?.name === "VariableName" && dot?.name === "." && prop?.name === "PropertyName") out.push({ object: this.src(obj), attr: this.src(prop), ...(value !== null ? { value } : {}) });
      }
      return false;
    });
    return out;
  }

}
