import { describe, expect, it } from "vitest";
import { decodeSource, evaluateStringLiteral, parse, parseBytes, type FunctionDef, type Statement } from "@static-inspect/parser";

const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe("decodeSource (PEP 263, BOM, universal newlines)", () => {
  it.each([
    ["UTF-8 by default", enc("x = 'é'\n"), "utf-8", "x = 'é'\n"],
    ["a latin-1 cookie on line 1", latin1("# -*- coding: latin-1 -*-\nx = '\xe9'\n"), "iso-8859-1", "# -*- coding: latin-1 -*-\nx = 'é'\n"],
    ["a cookie on line 2 after a shebang", latin1("#!/usr/bin/python\n# vim: set fileencoding=iso-8859-15 :\n"), "iso-8859-15", "#!/usr/bin/python\n# vim: set fileencoding=iso-8859-15 :\n"],
    ["no cookie on line 2 after code", latin1("x = 1\n# coding: latin-1\n"), "utf-8", "x = 1\n# coding: latin-1\n"],
    ["a BOM, stripped", Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("x\n")]), "utf-8", "x\n"],
    ["CRLF and lone CR as \\n", enc("a\r\nb\rc\n"), "utf-8", "a\nb\nc\n"],
  ])("%s", (_name, bytes, encoding, text) => {
    const d = decodeSource(bytes, "f.py");
    expect(d.encoding).toBe(encoding);
    expect(d.text).toBe(text);
    expect(d.diagnostics).toEqual([]);
  });

  it("reports undecodable bytes and an unknown codec without throwing", () => {
    expect(decodeSource(Uint8Array.from([0x78, 0xff, 0x0a]), "f.py").diagnostics.map((d) => d.code)).toEqual(["decode-error"]);
    expect(decodeSource(enc("# coding: nope\n"), "f.py").diagnostics.map((d) => d.code)).toEqual(["unknown-encoding"]);
    expect(decodeSource(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc("# coding: latin-1\n")]), "f.py").diagnostics.map((d) => d.message)).toEqual([
      "encoding problem: latin-1 with BOM",
    ]);
  });
});

describe("evaluateStringLiteral", () => {
  it.each([
    [String.raw`'a\tb'`, "str", "a\tb"],
    [String.raw`"\x41\101\u00e9\U0001F600"`, "str", "AAé😀"],
    [String.raw`r'\n\t'`, "str", String.raw`\n\t`],
    [String.raw`b'\x00\xff\u1234'`, "bytes", "\x00\xff" + String.raw`\u1234`],
    [String.raw`'\q'`, "str", String.raw`\q`],
    ["'''a\\\nb'''", "str", "ab"],
    [`"""it's"""`, "str", "it's"],
    [String.raw`'\N{BULLET}'`, "str", null],
    [`f"{x}"`, "fstring", null],
  ])("%s", (token, type, value) => {
    expect(evaluateStringLiteral(token)).toEqual({ type, value });
  });
});

const first = (src: string): Statement => parse(src).syntax.body[0]!;

describe("the syntax facade", () => {
  it("reads parameters with `/`, a bare `*`, defaults and annotations", () => {
    const f = first("def f(a, b: int = 1, /, c=2, *, d, **kw) -> str: pass\n") as FunctionDef;
    expect(f.parameters.map((p) => [p.name, p.kind, p.default?.text ?? null, p.annotation?.text ?? null])).toEqual([
      ["a", "POSITIONAL_ONLY", null, null],
      ["b", "POSITIONAL_ONLY", "1", "int"],
      ["c", "POSITIONAL_OR_KEYWORD", "2", null],
      ["d", "KEYWORD_ONLY", null, null],
      ["kw", "VAR_KEYWORD", null, null],
    ]);
    expect(f.returns?.text).toBe("str");
  });

  it("counts relative import levels, with `...` as three", () => {
    expect(first("from .... import y\n")).toMatchObject({ kind: "ImportFrom", level: 4, module: null });
    expect(first("from .a.b import (c as d, e,)\n")).toMatchObject({
      kind: "ImportFrom",
      level: 1,
      module: "a.b",
      names: [{ name: "c", asname: "d" }, { name: "e", asname: null }],
    });
  });

  it("gives decorated definitions a span from the first decorator", () => {
    const f = first("\n@a.b(1)\n@c\ndef f():\n    '''Doc.'''\n") as FunctionDef;
    expect(f.decorators.map((d) => d.expression.text)).toEqual(["a.b(1)", "c"]);
    expect([f.span.line, f.defSpan.line, f.span.endLine]).toEqual([2, 4, 5]);
    expect(f.docstring?.value).toBe("Doc.");
  });

  it("sets code flags from yield and await outside nested scopes", () => {
    const flags = (src: string) => (first(src) as FunctionDef).flags;
    expect(flags("def f():\n    yield\n")).toEqual({ yields: true, awaits: false });
    expect(flags("def f():\n    def g():\n        yield 1\n    lambda: (yield)\n")).toEqual({ yields: false, awaits: false });
    expect(flags("async def f():\n    async for x in y:\n        pass\n")).toEqual({ yields: false, awaits: true });
  });

  it("evaluates implicitly concatenated docstrings and ignores f-strings and bytes", () => {
    expect(parse("'a' \"b\"\n").syntax.docstring?.value).toBe("ab");
    expect(parse("f'a'\n").syntax.docstring).toBeNull();
    expect(parse("b'a'\n").syntax.docstring).toBeNull();
  });

  it("reports each syntax error with its position and keeps the rest of the module", () => {
    const r = parse("def ok(): pass\nx = (\ndef later(a): pass\n");
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.code === "syntax-error" && d.span !== null)).toBe(true);
    expect((r.syntax.body[0] as FunctionDef).name).toBe("ok");
  });

  it("survives 50,000 nested parentheses with diagnostics, not a crash", () => {
    const r = parseBytes(enc("x = " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "\ndef after(): pass\n"));
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.syntax.body.some((s) => s.kind === "FunctionDef" && s.name === "after")).toBe(true);
  });
});
