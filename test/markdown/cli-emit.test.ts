/**
 * `static-inspect emit markdown` and `emit objects.inv` through `main`: files written (and nothing
 * else left behind), the inventory decoded by python3's zlib and checked entry by entry against
 * the bundle and the pages' anchors, usage errors as one line with exit 2, and the machine's own
 * Python documentation inventory read by our decoder when one is installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIO } from "@static-inspect/cli";
import { decodeInventory, type Bundle } from "@static-inspect/emit";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-emit-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const python = spawnSync("python3", ["--version"]).status === 0;

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd: temp };
  return { code: await main(argv, io), stdout, stderr };
}

let bundleFile: string;
let bundle: Bundle;
beforeAll(async () => {
  bundleFile = path.join(temp, "docpkg.json");
  const r = await run(["analyze", path.join(root, "test/docstrings/pkg/docpkg"), "-o", bundleFile, "--no-python-search-path", "--check-docstrings"]);
  expect(r.code).toBe(0);
  bundle = JSON.parse(readFileSync(bundleFile, "utf8"));
});

describe("emit markdown (CLI)", () => {
  it("writes the pages, index.md and nav.json", async () => {
    const out = path.join(temp, "md");
    const r = await run(["emit", "markdown", bundleFile, "-o", out, "--split", "classes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote 6 pages and nav.json → ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(["docpkg-Client.md", "docpkg-Quiet.md", "docpkg.errors-QuotaError.md", "docpkg.errors.md", "docpkg.md", "index.md", "nav.json"]);
    const nav = JSON.parse(readFileSync(path.join(out, "nav.json"), "utf8"));
    expect(nav[0].items.map((n: { link: string }) => n.link)).toEqual(["docpkg-Client.md", "docpkg-Quiet.md", "docpkg.errors.md"]);
  });

  it("writes one file with --single-file", async () => {
    const out = path.join(temp, "all.md");
    const r = await run(["emit", "markdown", bundleFile, "-o", out, "--single-file"]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# API reference\n\n<a id="docpkg"><\/a>\n\n## module `docpkg`/);
  });

  it.each([
    [["emit", "markdown", "missing.json", "-o", "x"], "static-inspect: error: cannot read missing.json: ENOENT\n"],
    [["emit", "markdown", "bad.json", "-o", "x"], "static-inspect: error: bad.json: not a valid bundle: /: must have required property '$schema'\n"],
    [["emit", "markdown", "docpkg.json", "-o", "x", "--split", "functions"], "static-inspect: error: option '--split <unit>' argument 'functions' is invalid. Allowed choices are modules, classes.\n"],
    [["emit", "objects.inv", "docpkg.json", "-o", "x.inv", "--version", "1"], "static-inspect: error: required option '--project <name>' not specified\n"],
  ])("rejects %j with one line and exit 2", async (argv, message) => {
    writeFileSync(path.join(temp, "bad.json"), "{}");
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });
});

describe("emit objects.inv (CLI)", () => {
  it.skipIf(!python)("decodes with python3's zlib to one entry per shown object, each matching the bundle and a page anchor (needs python3)", async () => {
    const inv = path.join(temp, "objects.inv");
    const md = path.join(temp, "md-inv");
    expect((await run(["emit", "objects.inv", bundleFile, "-o", inv, "--project", "docpkg", "--version", "2.0", "--base-url", "https://docs.example.invalid/"])).code).toBe(0);
    expect((await run(["emit", "markdown", bundleFile, "-o", md])).code).toBe(0);
    const script = [
      "import sys, zlib, json",
      "data = open(sys.argv[1], 'rb').read()",
      "head = data.split(b'\\n', 4)",
      "lines = zlib.decompress(head[4]).decode().splitlines()",
      "print(json.dumps({'header': [h.decode() for h in head[:4]], 'lines': lines}))",
    ].join("\n");
    const r = spawnSync("python3", ["-c", script, inv], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const { header, lines } = JSON.parse(r.stdout) as { header: string[]; lines: string[] };
    expect(header).toEqual(["# Sphinx inventory version 2", "# Project: docpkg", "# Version: 2.0", "# The remainder of this file is compressed using zlib."]);
    const objects = new Map(bundle.objects.map((o) => [o.id, o]));
    // every object but the imported names (aliases without a value), documented where they are defined
    expect(lines.length).toBe(bundle.objects.filter((o) => !(o.kind === "alias" && o.value === null)).length);
    expect(bundle.objects.filter((o) => o.kind === "alias").map((o) => o.id).sort()).toEqual(["docpkg.errors:Sequence", "docpkg:QuotaError"]);
    const roles = new Map<string, string>();
    for (const line of lines) {
      const [name, role, priority, uri, dispname] = line.split(" ");
      const o = [...objects.values()].find((x) => (x.qualname ? `${x.id.split(":")[0]}.${x.qualname}` : x.id) === name);
      expect(o, `entry ${name} has a bundle object`).toBeDefined();
      roles.set(name!, role!);
      expect(priority).toBe(o!.kind === "module" ? "0" : "1");
      expect(dispname).toBe("-");
      const [page, anchor] = uri!.replace("https://docs.example.invalid/", "").split("#");
      const text = readFileSync(path.join(md, page!.replace(/\.html$/, ".md")), "utf8");
      expect(text, `${uri} has its anchor`).toContain(`<a id="${anchor}"></a>`);
    }
    expect(Object.fromEntries(roles)).toEqual({
      docpkg: "py:module",
      "docpkg.errors": "py:module",
      "docpkg.errors.QuotaError": "py:exception",
      "docpkg.errors.pick": "py:function",
      "docpkg.Client": "py:class",
      "docpkg.Client.__init__": "py:method",
      "docpkg.Client.send": "py:method",
      "docpkg.Quiet": "py:class",
      "docpkg.Quiet.send": "py:method",
      "docpkg.download": "py:function",
      "docpkg.upload": "py:function",
    });
  });

  it("round-trips through our decoder", async () => {
    const inv = path.join(temp, "round.inv");
    expect((await run(["emit", "objects.inv", bundleFile, "-o", inv, "--project", "p q", "--version", "1.2"])).code).toBe(0);
    const decoded = decodeInventory(readFileSync(inv));
    expect(decoded.project).toBe("p q");
    expect(decoded.entries.find((e) => e.name === "docpkg.Client.send")).toEqual({ name: "docpkg.Client.send", role: "py:method", priority: 1, uri: "docpkg.html#docpkg-Client.send", dispname: "-" });
  });

  // The format reference: a Sphinx-built inventory, such as the Python documentation's, read by our decoder.
  const reference = ["/usr/share/doc/python3/html/objects.inv", `/usr/share/doc/python3.11/html/objects.inv`, "/usr/share/doc/python3-doc/html/objects.inv"].find((f) => existsSync(f));
  it.skipIf(!reference)("reads the Python documentation's own objects.inv (skipped when no such file is installed: Debian's python3.11-doc package provides one)", () => {
    const decoded = decodeInventory(readFileSync(reference!));
    expect(decoded.project).toBe("Python");
    // Every line python3's zlib inflates is one entry of ours.
    const script = "import sys, zlib\ndata = open(sys.argv[1], 'rb').read().split(b'\\n', 4)[4]\nprint(len([l for l in zlib.decompress(data).decode().splitlines() if l]))";
    if (python) expect(decoded.entries.length).toBe(Number(spawnSync("python3", ["-c", script, reference!], { encoding: "utf8" }).stdout.trim()));
    const byName = new Map(decoded.entries.map((e) => [`${e.name} ${e.role}`, e]));
    expect(byName.get("inspect.signature py:function")?.uri).toMatch(/^library\/inspect\.html#inspect\.signature$|^library\/inspect\.html#\$$/);
    expect(byName.has("inspect py:module")).toBe(true);
  });
});
