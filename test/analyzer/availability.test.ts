/**
 * Attribute docs (`bind/attribute-docs.ts`) and the other branches of conditional definitions
 * (`bind/alternatives.ts`, `link/guards.ts`), through bind and through the `Program` queries.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "@static-inspect/parser";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";
import { bind } from "@static-inspect/analyzer/unstable";

const summary = (source: string, target?: { python: string; platform: string }) =>
  bind(parse(source, { path: "m.py" }), { name: "m", isPackage: false, bytes: new TextEncoder().encode(source), ...(target ? { target } : {}) });

/** `id: source: text` for every object with an attribute doc. */
const docs = (source: string) =>
  summary(source)
    .objects.filter((o) => o.attributeDoc)
    .map((o) => `${o.id}${o.attribute?.instance ? " (instance)" : ""}: ${o.attributeDoc!.source}: ${o.attributeDoc!.text}`);

describe("attribute docs", () => {
  it.each([
    ["a string right after", 'X = 1\n"""Doc."""\n', ["m:X: docstring: Doc."]],
    ["an annotated assignment without value", 'X: int\n"""Doc."""\n', ["m:X: docstring: Doc."]],
    ["every name of a tuple target", 'a, (b, *c) = 1, (2, 3)\n"Doc."\n', ["m:a: docstring: Doc.", "m:b: docstring: Doc.", "m:c: docstring: Doc."]],
    ["the first of chained targets only", 'a = b = 1\n"Doc."\n', ["m:a: docstring: Doc."]],
    ["a comment after, on the last line", "X = [\n    1,\n]  #: Doc.\n", ["m:X: comment: Doc."]],
    ["#: lines above, cleaned as cleandoc cleans", "#:   First.\n#:\n#:   a\n#:     b\nX = 1\n", ["m:X: comment: First.\n\na\n  b"]],
    ["every target for a comment", "#: Doc.\na = b = 1\n", ["m:a: comment: Doc.", "m:b: comment: Doc."]],
    ["the docstring over a comment", '#: Comment.\nX = 1  #: After.\n"""Docstring."""\n', ["m:X: docstring: Docstring."]],
    ["the comment after over the lines above", "#: Above.\nX = 1  #: After.\n", ["m:X: comment: After."]],
    ["#: lines above despite a plain comment after", "#: Above.\nX = 1  # note\n", ["m:X: comment: Above."]],
    ["the last documented assignment", 'X = 1\n"First."\nX = 2\n"Second."\nX = 3\n', ["m:X: docstring: Second."]],
    ["a #: inside a string is not a comment", 'X = "#: no"\n', []],
    ["#: lines not right above", "#: Far.\n\nX = 1\n", []],
    ["a plain comment", "X = 1  # not doc\n", []],
    ["an f-string", 'X = 1\nf"not {X}"\n', []],
    ["a subscript or attribute target", 'd = {}\nd["k"] = 1\n"no"\nd.k = 2\n"no"\n', []],
    ["a statement in between", 'X = 1\npass\n"no"\n', []],
    ["a string after an if block", 'if X:\n    Y = 1\n"no"\n', []],
  ])("%s", (_name, source, expected) => {
    expect(docs(source)).toEqual(expected);
  });

  it("reads self.x in __init__ only, on its first positional parameter, mangled, beside class attributes", () => {
    expect(
      docs(`class C:
    x = 0
    """Class x."""
    def __init__(me, a):
        me.x = a
        """Init x: documented later, so this doc wins."""
        me.y = a  #: The y.
        me.__z: int = 1
        """Private."""
        a.w = 1
        """Not self."""
        me.v.u = 1
        """Not a name."""
        me.plain = 1
        def inner(me):
            me.q = 1
            """Nested."""
    def other(self):
        self.o = 1
        """Other method."""
    @classmethod
    def make(cls):
        cls.k = 1
        """Class method."""
`),
    ).toEqual(["m:C._C__z (instance): docstring: Private.", "m:C.x: docstring: Init x: documented later, so this doc wins.", "m:C.y (instance): comment: The y."]);
  });

  it("keeps instance attributes out of the class namespace and annotations", () => {
    const s = summary('class C:\n    def __init__(self):\n        self.a: int = 1\n        """A."""\n');
    const cls = s.objects.find((o) => o.id === "m:C")!;
    expect(cls.class!.namespace).not.toContain("a");
    expect(cls.class!.annotations).toEqual([]);
  });
});

/** `id: kind line conditions in_effect` for every alternative. */
const alternatives = (source: string, target = { python: "3.11", platform: "linux" }) =>
  summary(source, target).objects.flatMap((o) => (o.alternatives ?? []).map((a) => `${o.id}: ${a.kind} ${a.line} [${a.conditions.join(" | ")}] ${a.in_effect}`));

describe("alternatives", () => {
  it("lists branches the target rules out, nested ones with every test", () => {
    const source = `import sys
if sys.version_info >= (3, 12):
    def f(): ...
    if sys.platform == "win32":
        X = 1
else:
    def f(): ...
X = 2
`;
    expect(alternatives(source)).toEqual(["m:X: attribute 5 [sys.version_info >= (3, 12) | sys.platform == \"win32\"] false", "m:f: function 3 [sys.version_info >= (3, 12)] false"]);
    expect(alternatives(source, { python: "3.12", platform: "linux" })).toEqual(['m:X: attribute 5 [sys.version_info >= (3, 12) | sys.platform == "win32"] false', "m:f: function 7 [not (sys.version_info >= (3, 12))] false"]);
  });

  it("lists the earlier of two branches bound because the test is not static, as maybe in effect", () => {
    expect(alternatives("if DEBUG:\n    def f(): ...\nelse:\n    def f(x): ...\n")).toEqual(["m:f: function 2 [DEBUG] null"]);
  });

  it("lists an unconditional definition a branch the target takes replaces, as out of effect", () => {
    expect(alternatives('import sys\nX = 1\nif sys.platform == "linux":\n    X = 2\n')).toEqual(["m:X: attribute 2 [] false"]);
  });

  it("lists nothing for a plain redefinition, an if __name__ block, or a name the target never defines", () => {
    expect(alternatives('def f(): ...\ndef f(x): ...\nif __name__ == "__main__":\n    def f(): ...\nimport sys\nif sys.version_info >= (3, 13):\n    def g(): ...\n')).toEqual([]);
  });

  it("gives the kind each branch would have: methods by their decorators, imports as aliases", () => {
    expect(
      alternatives(`import sys
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from a import T
else:
    T = object
class C:
    if sys.version_info < (3, 10):
        @property
        def p(self): ...
        @classmethod
        def c(cls): ...
    else:
        p = 1
        def c(self): ...
`),
    ).toEqual(["m:C.c: classmethod 11 [sys.version_info < (3, 10)] false", "m:C.p: property 9 [sys.version_info < (3, 10)] false", "m:T: alias 4 [TYPE_CHECKING] false"]);
  });

  it("records what is static about each test", () => {
    const s = summary(`import os, sys
from typing import TYPE_CHECKING as TC
if sys.version_info[:2] >= (3, 12):
    A = 1
if (3, 8) > sys.version_info:
    A = 2
if sys.platform.startswith(("linux", "darwin")):
    A = 3
if os.name == "nt":
    A = 4
if not TC:
    pass
else:
    A = 5
if sys.platform in "win32 cygwin":
    A = 6
if sys.version_info >= (3, 12) and DEBUG:
    A = 7
A = 0
`);
    expect(s.objects.find((o) => o.id === "m:A")!.alternatives!.map((a) => a.facts)).toEqual([
      [{ kind: "version", op: ">=", version: [3, 12] }],
      [{ kind: "version", op: "<", version: [3, 8] }],
      [{ kind: "other" }],
      [{ kind: "platform", op: "==", platform: "nt", name: "os.name" }],
      // the else of `if not TC:`
      [{ kind: "type_checking" }],
      [{ kind: "platform", op: "in", platform: "win32 cygwin", name: "sys.platform" }],
      [{ kind: "other" }],
    ]);
  });
});

describe("Program: attributeDoc and alternatives", () => {
  it("answers for the target, import guards decided when linking", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "si-availability-"));
    const file = path.join(dir, "m.py");
    writeFileSync(path.join(dir, "fastlib.py"), "def speedy(): ...\n");
    writeFileSync(
      file,
      `try:
    import fastlib
except ImportError:
    def dumps(o):
        """Fallback."""
else:
    def dumps(o):
        """With fastlib."""

try:
    import not_a_module_anywhere
except ImportError:
    def fast(): ...
else:
    def fast(): ...

LIMIT = 3
"""At most this many."""

try:
    import fastlib
except ImportError:
    pass
else:
    if FLAG:
        def g(): ...
    else:
        def g(x): ...

try:
    from fastlib import speedy
except ImportError:
    def speedy():
        """Pure Python."""

import sys
if sys.version_info >= (3, 13):
    def new_api(): ...
`,
    );
    const program = await analyze({ paths: [file], searchPaths: [dir] });
    expect(program.getdoc("m:dumps")).toBe("With fastlib.");
    expect(program.alternatives("m:dumps")).toEqual([
      { conditions: ["except ImportError"], facts: [{ kind: "import", modules: ["fastlib"], negated: true }], guards: [{ modules: ["fastlib"], succeeds: false }], path: file, line: 4, kind: "function", in_effect: false },
    ]);
    // A module no search root has: whether the import succeeds is not known, so both may run.
    expect(program.alternatives("m:fast").map((a) => [a.line, a.in_effect])).toEqual([[13, null]]);
    expect(program.attributeDoc("m:LIMIT")).toEqual({ text: "At most this many.", source: "docstring" });
    expect(program.getdoc("m:LIMIT")).toBeNull();
    expect(program.attributeDoc("m:dumps")).toBeNull();
    expect(program.alternatives("m:LIMIT")).toEqual([]);
    expect(program.alternatives("m:nothing")).toEqual([]);
    // Both sides of a plain `if` inside the branch that runs: which one is in effect is not known.
    // Names no branch that runs defines: the import binds one; the other does not exist on the target.
    expect(program.alternatives("m:speedy").map((a) => [a.line, a.conditions, a.kind, a.in_effect])).toEqual([[33, ["except ImportError"], "function", false]]);
    expect(program.alternatives("m:new_api").map((a) => [a.line, a.conditions, a.kind, a.in_effect])).toEqual([[38, ["sys.version_info >= (3, 13)"], "function", false]]);
    const alias = buildBundle(program).objects.find((o) => o.id === "m:speedy")!;
    expect([alias.kind, alias.target, alias.alternatives?.map((a) => [a.condition, a.lineno, a.in_effect])]).toEqual(["alias", "fastlib:speedy", [["except ImportError", 33, false]]]);
    expect(program.alternatives("m:g").map((a) => [a.line, a.conditions, a.guards, a.in_effect])).toEqual([[26, ["FLAG"], [{ modules: ["fastlib"], succeeds: true }], null]]);
  });
});
