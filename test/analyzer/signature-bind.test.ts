/**
 * bindArguments (Signature.bind / bind_partial) over signatures the analyzer reads from a Python
 * source: exact CPython 3.11 messages for each kind of failure, BoundArguments' args/kwargs and
 * apply_defaults, `*`/`**` unpacking of unknown length — each case also checked against python3
 * binding the same call.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "@static-inspect/parser";
import { analyze, bindArguments, callArguments, type BindResult, type CallArguments, type InspectSignature, type Program } from "@static-inspect/analyzer";

const python = spawnSync("python3", ["--version"]).status === 0;

const SOURCE = `
def plain(a, b, c=3): pass
def posonly(a, b=2, /, c=3, *, d, e=5): pass
def star(a, *args, k, **kwargs): pass
def kwonly(*, x, y=1): pass
def posonly_default_varkw(a=1, /, **kw): pass
def only_varkw(**kw): pass
def nothing(): pass
def weird_names(self, *, lambda_=1): pass
`;

let program: Program;
const sig = (name: string): InspectSignature => program.signature(`m:${name}`)!;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bind-"));
  writeFileSync(path.join(dir, "m.py"), SOURCE);
  program = await analyze({ paths: [path.join(dir, "m.py")] });
});

/** `f(1, 2, x=3)` spelled as a CallArguments: positional values, then `name=value` keywords; `*`/`**` prefixes unpack. */
function call(...items: string[]): CallArguments<string> {
  const c = { positional: [] as CallArguments<string>["positional"][number][], keywords: [] as CallArguments<string>["keywords"][number][] };
  for (const it of items) {
    if (it.startsWith("**")) c.keywords.push({ kind: "unpack", value: it.slice(2) });
    else if (it.startsWith("*")) c.positional.push({ kind: "unpack", value: it.slice(1) });
    else if (it.includes("=")) c.keywords.push({ kind: "value", name: it.split("=")[0]!, value: it.split("=")[1]! });
    else c.positional.push({ kind: "value", value: it });
  }
  return c;
}

/** What the result prints as, close to Python: the TypeError message, or `name=value` pairs of `arguments`. */
function show(r: BindResult<string>): string {
  if (r.kind === "error") return `TypeError: ${r.message}`;
  if (r.kind === "unknown") return `unknown mayBind=${r.mayBind} ${JSON.stringify(r.messages)}`;
  return r.bound.arguments
    .map(({ name, value: v }) =>
      v.kind === "value" ? `${name}=${v.value}` : v.kind === "tuple" ? `${name}=(${v.items.join(", ")})` : v.kind === "dict" ? `${name}={${v.entries.map((e) => `${e.name}: ${e.value}`).join(", ")}}` : `${name}=<default ${v.default.text}>`,
    )
    .join(" ");
}

/** The same calls bound by python3's inspect, printed like `show` (values are the argument strings). */
function pythonShow(cases: [string, string[], boolean][]): string[] {
  const script = `
import inspect, json, sys
exec(${JSON.stringify(SOURCE)})
out = []
for name, items, partial in json.load(sys.stdin):
    args, kwargs = [], {}
    for it in items:
        if "=" in it: k, v = it.split("="); kwargs[k] = v
        else: args.append(it)
    s = inspect.signature(globals()[name])
    try:
        ba = s.bind_partial(*args, **kwargs) if partial else s.bind(*args, **kwargs)
    except TypeError as e:
        out.append("TypeError: " + str(e)); continue
    parts = []
    for k, v in ba.arguments.items():
        kind = s.parameters[k].kind
        if kind == inspect.Parameter.VAR_POSITIONAL: parts.append("%s=(%s)" % (k, ", ".join(v)))
        elif kind == inspect.Parameter.VAR_KEYWORD: parts.append("%s={%s}" % (k, ", ".join("%s: %s" % kv for kv in v.items())))
        else: parts.append("%s=%s" % (k, v))
    out.append(" ".join(parts))
print(json.dumps(out))
`;
  const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

// [function, call, partial, what CPython 3.11 gives]
const CASES: [string, string[], boolean, string][] = [
  ["plain", ["1", "2"], false, "a=1 b=2"],
  ["plain", ["1"], false, "TypeError: missing a required argument: 'b'"],
  ["plain", ["1"], true, "a=1"],
  ["plain", ["1", "2", "3", "4"], false, "TypeError: too many positional arguments"],
  ["plain", ["1", "2", "z=9"], false, "TypeError: got an unexpected keyword argument 'z'"],
  ["plain", ["1", "2", "a=9"], false, "TypeError: multiple values for argument 'a'"],
  ["plain", ["c=1", "b=2", "a=3"], false, "a=3 b=2 c=1"],
  // a missing argument is reported before an unexpected keyword
  ["plain", ["1", "z=9"], false, "TypeError: missing a required argument: 'b'"],
  ["posonly", ["a=1", "d=4"], false, "TypeError: 'a' parameter is positional only, but was passed as a keyword"],
  ["posonly", ["1", "b=2", "d=4"], false, "TypeError: 'b' parameter is positional only, but was passed as a keyword"],
  ["posonly", ["1", "2", "3"], false, "TypeError: missing a required argument: 'd'"],
  ["posonly", ["1", "2", "3"], true, "a=1 b=2 c=3"],
  ["posonly", ["1", "2", "3", "4"], false, "TypeError: too many positional arguments"],
  ["posonly", ["1", "d=4", "c=3"], false, "a=1 c=3 d=4"],
  ["star", ["1", "2", "3", "k=4", "z=5"], false, "a=1 args=(2, 3) k=4 kwargs={z: 5}"],
  ["star", ["1", "args=2", "k=3"], false, "a=1 k=3 kwargs={args: 2}"],
  ["star", ["k=1"], false, "TypeError: missing a required argument: 'a'"],
  ["star", ["1"], false, "TypeError: missing a required argument: 'k'"],
  ["kwonly", ["1"], false, "TypeError: too many positional arguments"],
  ["kwonly", [], true, ""],
  ["kwonly", ["y=2", "x=1"], false, "x=1 y=2"],
  // CPython 3.11's quirk: the keyword is not handed to **kw when a positional-only parameter has its name
  ["posonly_default_varkw", ["a=2"], false, "TypeError: 'a' parameter is positional only, but was passed as a keyword"],
  ["posonly_default_varkw", ["1", "a=2"], false, "a=1 kw={a: 2}"],
  ["only_varkw", ["1"], false, "TypeError: too many positional arguments"],
  ["only_varkw", ["kw=1", "x=2"], false, "kw={kw: 1, x: 2}"],
  ["nothing", ["1"], false, "TypeError: too many positional arguments"],
  ["nothing", ["x=1"], false, "TypeError: got an unexpected keyword argument 'x'"],
  ["weird_names", ["s", "lambda_=2"], false, "self=s lambda_=2"],
];

describe("bindArguments", () => {
  it.each(CASES)("%s(%j) partial=%s → %s", (name, items, partial, want) => {
    expect(show(bindArguments(sig(name), call(...items), { partial }))).toBe(want);
  });

  it.skipIf(!python)("agrees with python3's Signature.bind on every case above", () => {
    expect(pythonShow(CASES.map(([n, items, partial]) => [n, items, partial]))).toEqual(CASES.map((c) => c[3]));
  });

  it("computes args, kwargs and apply_defaults as BoundArguments does", () => {
    const r = bindArguments(sig("posonly"), call("1", "d=4"));
    expect(r.kind).toBe("bound");
    if (r.kind !== "bound") return;
    const b = r.bound;
    expect(b.args).toEqual([{ kind: "value", value: "1" }]);
    expect(b.kwargs).toEqual([{ name: "d", value: { kind: "value", value: "4" } }]);
    const d = b.apply_defaults();
    expect(d.arguments.map((a) => [a.name, a.value.kind === "default" ? a.value.default.rendered : a.value.kind === "value" ? a.value.value : a.value.kind])).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["c", "3"],
      ["d", "4"],
      ["e", "5"],
    ]);
    // python: BoundArguments(a=1, b=2, c=3, d=4, e=5).args == (1, 2, 3); .kwargs == {'d': 4, 'e': 5}
    expect(d.args.map((v) => (v.kind === "value" ? v.value : v.default.rendered))).toEqual(["1", "2", "3"]);
    expect(d.kwargs.map((k) => k.name)).toEqual(["d", "e"]);
    expect(b.arguments.length).toBe(2); // apply_defaults returned a new object
    const s = bindArguments(sig("star"), call("1", "k=2"));
    if (s.kind !== "bound") throw new Error("expected a binding");
    expect(s.bound.apply_defaults().arguments.map((a) => [a.name, a.value.kind])).toEqual([
      ["a", "value"],
      ["args", "tuple"],
      ["k", "value"],
      ["kwargs", "dict"],
    ]);
    expect(JSON.parse(JSON.stringify(s.bound))).toEqual({
      arguments: [
        { name: "a", value: { kind: "value", value: "1" } },
        { name: "k", value: { kind: "value", value: "2" } },
      ],
      args: [{ kind: "value", value: "1" }],
      kwargs: [{ name: "k", value: { kind: "value", value: "2" } }],
    });
  });

  it("lists a *args tuple after a gap in kwargs, as BoundArguments.kwargs does", () => {
    // python: b = signature(star).bind_partial(); b.apply_defaults(); b.kwargs == {'args': ()}; b.args == ()
    const r = bindArguments(sig("star"), call(), { partial: true });
    if (r.kind !== "bound") throw new Error("expected a binding");
    const d = r.bound.apply_defaults();
    expect(d.args).toEqual([]);
    expect(d.kwargs).toEqual([{ name: "args", value: { kind: "tuple", items: [] } }]);
  });

  it("throws RangeError on a keyword given twice", () => {
    expect(() => bindArguments(sig("plain"), call("a=1", "a=2"))).toThrow(RangeError);
  });
});

describe("callArguments", () => {
  const callOf = (src: string) => {
    const stmt = parse(`${src}\n`).syntax.body[0];
    if (stmt?.kind !== "Expr" || stmt.value.kind !== "Call") throw new Error(`not a call: ${src}`);
    return stmt.value;
  };

  it("reads a call expression's arguments, unpacking included, and binds them", () => {
    const args = callArguments(callOf("plain(1, *xs, c=f(2), **kw)"))!;
    expect(args.positional.map((p) => [p.kind, p.value.text])).toEqual([
      ["value", "1"],
      ["unpack", "xs"],
    ]);
    expect(args.keywords.map((k) => [k.kind, k.kind === "value" ? k.name : null, k.value.text])).toEqual([
      ["value", "c", "f(2)"],
      ["unpack", null, "kw"],
    ]);
    const r = bindArguments(sig("plain"), callArguments(callOf("plain(1, b=2)"))!);
    expect(r.kind === "bound" ? r.bound.arguments.map((a) => [a.name, a.value.kind === "value" ? a.value.value.text : null]) : r).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
  });

  it("is null for a repeated keyword (a SyntaxError in CPython)", () => {
    expect(callArguments(callOf("plain(x=1, x=2)"))).toBeNull();
  });
});

describe("bindArguments with * and ** of unknown length", () => {
  it("is exact when every length fails the same way", () => {
    expect(show(bindArguments(sig("nothing"), call("1", "*xs")))).toBe("TypeError: too many positional arguments");
    expect(show(bindArguments(sig("kwonly"), call("1", "*xs", "x=1")))).toBe("TypeError: too many positional arguments");
    // `kwonly(*xs)`: `missing a required argument: 'x'` when xs is empty, too many otherwise
    expect(show(bindArguments(sig("kwonly"), call("*xs")))).toBe(`unknown mayBind=false ${JSON.stringify(["missing a required argument: 'x'", "too many positional arguments"])}`);
  });

  it("says which messages the failing lengths raise", () => {
    expect(show(bindArguments(sig("plain"), call("*xs")))).toBe(
      `unknown mayBind=true ${JSON.stringify(["missing a required argument: 'a'", "missing a required argument: 'b'", "too many positional arguments"])}`,
    );
    expect(show(bindArguments(sig("plain"), call("*xs", "a=1")))).toBe(`unknown mayBind=false ${JSON.stringify(["missing a required argument: 'b'", "multiple values for argument 'a'"])}`);
  });

  it("decides with ** whether any key set binds", () => {
    expect(show(bindArguments(sig("plain"), call("**kw")))).toBe("unknown mayBind=true null");
    expect(show(bindArguments(sig("posonly"), call("**kw")))).toBe("unknown mayBind=false null"); // `a` is positional-only
    expect(show(bindArguments(sig("nothing"), call("1", "**kw")))).toBe("unknown mayBind=false null");
    expect(show(bindArguments(sig("posonly"), call("1", "*xs", "**kw")))).toBe("unknown mayBind=true null");
  });

  it.skipIf(!python)("agrees with python3 trying every length and every key set", () => {
    const names = ["plain", "posonly", "star", "kwonly", "posonly_default_varkw", "only_varkw", "nothing"];
    const calls = [["*xs"], ["1", "*xs"], ["*xs", "a=1"], ["**kw"], ["1", "**kw"], ["*xs", "**kw"], ["1", "*xs", "d=1"], ["**kw", "k=1"], ["1", "2", "3", "*xs"]];
    const cases = names.flatMap((n) => calls.flatMap((c) => [false, true].map((partial) => ({ n, c, partial }))));
    const script = `
import inspect, itertools, json, sys
FUNCS = {}
exec(${JSON.stringify(SOURCE)}, FUNCS)
out = []
for case in json.load(sys.stdin):
    s = inspect.signature(FUNCS[case["n"]])
    items = case["c"]
    pos = [i for i in items if "=" not in i and not i.startswith("*")]
    kws = dict(i.split("=") for i in items if "=" in i)
    star = "*xs" in items
    dstar = "**kw" in items
    names = [p.name for p in s.parameters.values()] + ["zz"]
    keysets = [c for r in range(len(names) + 1) for c in itertools.combinations(names, r)] if dstar else [()]
    keysets = [k for k in keysets if not set(k) & set(kws)]
    ok, msgs = False, set()
    for extra in range(len(s.parameters) + 2 if star else 1):
        for keys in keysets:
            kwargs = dict(kws, **{k: "u" for k in keys})
            try:
                (s.bind_partial if case["partial"] else s.bind)(*pos, *["u"] * extra, **kwargs)
                ok = True
            except TypeError as e:
                msgs.add(str(e))
    out.append([ok, sorted(msgs)])
print(json.dumps(out))
`;
    const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const want = JSON.parse(r.stdout) as [boolean, string[]][];
    const got = cases.map(({ n, c, partial }) => {
      const res = bindArguments(sig(n), call(...c), { partial });
      if (res.kind === "bound") return [true, null];
      if (res.kind === "error") return [false, [res.message]];
      return [res.mayBind, res.messages];
    });
    // with ** the message set is not claimed (null); otherwise it is the exact set
    const expected = want.map(([ok, msgs], i) => [ok, cases[i]!.c.includes("**kw") || (ok && !cases[i]!.c.includes("*xs")) ? null : msgs]);
    expect(got).toEqual(expected);
  });
});
