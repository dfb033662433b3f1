/**
 * `static-inspect emit tool-schema` and `emit cli-spec` end to end (bundle file in, JSON out), the
 * strict-rules checker on schemas that break each rule, and the annotation-expression parser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIO } from "@static-inspect/cli";
import { checkStrictRules } from "@static-inspect/emit";
import { literalJson, parseExpression } from "../../packages/emit/src/tool-schema/expression.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-tool-schema-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd: temp };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const SOURCE = `
from typing import Literal, Optional


def greet(name: str, times: int = 1, *, loud: bool = False, tone: Optional[str] = None) -> str:
    """Say hello.

    More text.
    """


def pick(color: Literal["red", "green"], sizes: list[int], verbose: bool = True, *extra: str) -> None: ...


def mixed(a: int, /, *, b: int) -> None: ...
`;

beforeAll(async () => {
  writeFileSync(path.join(temp, "cmds.py"), SOURCE);
  const r = await run(["analyze", "cmds.py", "-o", "bundle.json"]);
  expect(r.code).toBe(0);
});

describe("emit tool-schema", () => {
  it("writes each selected callable's arguments schema, with name, id and summary line", async () => {
    const r = await run(["emit", "tool-schema", "bundle.json", "--select", "cmds:g*"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("tool-schema: 1 written, 0 diagnostics → <stdout>\n");
    expect(JSON.parse(r.stdout)).toEqual({
      strict: false,
      tools: [
        {
          id: "cmds:greet",
          name: "greet",
          kind: "function",
          description: "Say hello.",
          parameters: {
            type: "object",
            properties: {
              name: { type: "string" },
              times: { type: "integer", default: 1 },
              loud: { type: "boolean", default: false },
              tone: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
            },
            required: ["name"],
            additionalProperties: false,
          },
        },
      ],
      diagnostics: [],
    });
  });

  it("--strict: every property required, optional ones nullable, no defaults; -o writes the file", async () => {
    const r = await run(["emit", "tool-schema", "bundle.json", "--strict", "-o", "strict.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("tool-schema: 1 written, 2 diagnostics (1 not-schemable, 1 not-strict) → strict.json\n");
    const doc = JSON.parse(readFileSync(path.join(temp, "strict.json"), "utf8"));
    expect(doc.tools.map((t: { id: string }) => t.id)).toEqual(["cmds:greet"]);
    expect(doc.tools[0].parameters).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        times: { anyOf: [{ type: "integer" }, { type: "null" }] },
        loud: { anyOf: [{ type: "boolean" }, { type: "null" }] },
        tone: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["name", "times", "loud", "tone"],
      additionalProperties: false,
    });
    expect(checkStrictRules(doc.tools[0].parameters)).toEqual([]);
    expect(doc.diagnostics).toEqual([
      { code: "not-strict", id: "cmds:pick", parameter: null, message: "/: the arguments schema is an array of positional arguments, strict mode needs an object" },
      {
        code: "not-schemable",
        id: "cmds:mixed",
        parameter: null,
        message: "positional-only parameters or *args together with keyword-only parameters or **kwargs: pydantic's arguments schema has no JSON Schema for that",
      },
    ].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it("exits 2 with one line for a missing file, non-JSON and an invalid bundle", async () => {
    writeFileSync(path.join(temp, "junk.json"), "{not json");
    writeFileSync(path.join(temp, "other.json"), JSON.stringify({ hello: 1 }));
    for (const [file, message] of [
      ["nope.json", /^static-inspect: error: cannot read nope.json: ENOENT\n$/],
      ["junk.json", /^static-inspect: error: junk.json: not JSON: .*\n$/],
      ["other.json", /^static-inspect: error: other.json: not a valid bundle: .*\n$/],
    ] as const) {
      const r = await run(["emit", "tool-schema", file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });
});

describe("emit cli-spec", () => {
  it("gives arguments, options, flags, choices and nargs", async () => {
    const r = await run(["emit", "cli-spec", "bundle.json", "--select", "cmds:pick"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      commands: [
        {
          id: "cmds:pick",
          name: "pick",
          parameters: [
            { name: "color", kind: "argument", flags: [], type: "str", nargs: null, choices: ["red", "green"], required: true, help: null, annotation: 'Literal["red", "green"]' },
            { name: "sizes", kind: "argument", flags: [], type: "int", nargs: "+", choices: null, required: true, help: null, annotation: "list[int]" },
            { name: "verbose", kind: "flag", flags: ["--verbose", "--no-verbose"], type: "bool", nargs: null, choices: null, required: false, default: true, help: null, annotation: "bool" },
            { name: "extra", kind: "argument", flags: [], type: "str", nargs: "*", choices: null, required: false, help: null, annotation: "str" },
          ],
        },
      ],
      diagnostics: [],
    });
  });

  it("makes keyword-only parameters options and names commands with dashes", async () => {
    const r = await run(["emit", "cli-spec", "bundle.json", "--select", "cmds:greet"]);
    const [cmd] = JSON.parse(r.stdout).commands;
    expect(cmd.help).toBe("Say hello.");
    expect(cmd.parameters.map((p: { name: string; kind: string; flags: string[]; required: boolean }) => [p.name, p.kind, p.flags, p.required])).toEqual([
      ["name", "argument", [], true],
      ["times", "option", ["--times"], false],
      ["loud", "flag", ["--loud"], false],
      ["tone", "option", ["--tone"], false],
    ]);
  });
});

describe("checkStrictRules", () => {
  const ok = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
  it("accepts a strict schema and names each broken rule", () => {
    expect(checkStrictRules(ok)).toEqual([]);
    expect(checkStrictRules({ type: "array", items: { type: "string" } })).toEqual(["/: the root must be type object"]);
    expect(checkStrictRules({ ...ok, additionalProperties: true })).toEqual([": additionalProperties must be false"]);
    expect(checkStrictRules({ ...ok, required: [] })).toEqual([": properties not required: a"]);
    expect(checkStrictRules({ ...ok, properties: { a: { type: "string", default: "x" } } })).toEqual(["/properties/a: keyword default is not supported"]);
    expect(checkStrictRules({ ...ok, properties: { a: {} } })).toEqual(["/properties/a: says nothing about its type"]);
    expect(checkStrictRules({ ...ok, properties: { a: { type: "string", format: "path" } } })).toEqual(["/properties/a: format path is not supported"]);
    expect(checkStrictRules({ ...ok, properties: { a: { $ref: "#/$defs/Nope" } } })).toEqual(["/properties/a: $ref #/$defs/Nope does not point into $defs"]);
    expect(checkStrictRules({ ...ok, properties: { a: { type: "array" } } })).toEqual(["/properties/a: an array without items"]);
  });
});

describe("parseExpression", () => {
  it("parses the annotation subset and refuses the rest", () => {
    expect(parseExpression("Optional[int]")).toEqual({ kind: "Subscript", value: { kind: "Name", id: "Optional" }, slice: { kind: "Name", id: "int" } });
    expect(parseExpression("a.b | None")).toEqual({
      kind: "BinOp",
      op: "|",
      left: { kind: "Attribute", value: { kind: "Name", id: "a" }, attr: "b" },
      right: { kind: "Constant", value: { type: "None" } },
    });
    expect(parseExpression("list[".repeat(100) + "int" + "]".repeat(100))).not.toBeNull();
    expect(parseExpression("[".repeat(100_000) + "]".repeat(100_000))).toBeNull(); // too deep: refused, no stack overflow
    expect(parseExpression("-".repeat(100_000) + "1")).toBeNull();
    for (const bad of ["lambda: 1", "a if b else c", "*a", "x := 1", "", "f(x=1, 2)"]) expect(parseExpression(bad), bad).toBeNull();
  });

  it("gives the JSON value of literals as pydantic serialises them", () => {
    const json = (s: string) => {
      const e = parseExpression(s);
      return e ? literalJson(e)?.value : undefined;
    };
    expect(json("{'a': [1, 2.5, -3], 'b': (True, None)}")).toEqual({ a: [1, 2.5, -3], b: [true, null] });
    expect(json("b'xy'")).toBe("xy");
    expect(json("'a' 'b'")).toBe("ab");
    expect(json("0x_1f")).toBe(31);
    expect(parseExpression("10**3")).toBeNull(); // not a literal: the bundle renders such defaults as their value
    expect(json("99999999999999999999")).toBeUndefined();
    expect(json("{1: 2}")).toBeUndefined();
  });
});
