/**
 * `emit markdown`: pages for the sample package, the docstring fixture package and the
 * conformance list of stdlib modules, in every layout, parsed with markdown-it: every link reaches
 * a page and an anchor, and no text turns into raw HTML. Plus the page shapes that users read.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, renderMarkdown, type Bundle } from "@static-inspect/emit";
import { DEFAULT_MODULES } from "../../tools/conformance/modules.ts";
import { checkLinks } from "../../tools/docstrings/links.ts";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const python = spawnSync("python3", ["--version"]).status === 0;

/** The source files of modules, as python3's import system finds them. */
function moduleFiles(names: readonly string[]): { files: string[]; stdlib: string } {
  const script = `import importlib.util, sys, sysconfig\nprint(sysconfig.get_paths()['stdlib'])\nfor n in sys.argv[1:]:\n    s = importlib.util.find_spec(n)\n    print(s.origin if s and s.origin and s.origin.endswith('.py') else '')`;
  const out = spawnSync("python3", ["-c", script, ...names], { encoding: "utf8" }).stdout.trim().split("\n");
  return { stdlib: out[0]!, files: out.slice(1).filter(Boolean) };
}

let shapes: Bundle;
let docpkg: Bundle;

beforeAll(async () => {
  shapes = JSON.parse(JSON.stringify(buildBundle(await analyze({ paths: [path.join(root, "samples/shapes")] }))));
  docpkg = JSON.parse(JSON.stringify(buildBundle(await analyze({ paths: [path.join(root, "test/docstrings/pkg/docpkg")] }))));
});

describe("emit markdown: links", () => {
  for (const [name, options] of [
    ["per module", {}],
    ["split classes", { split: "classes" as const }],
    ["single file", { singleFile: true }],
  ] as const) {
    it(`every link resolves in the sample and fixture packages (${name})`, () => {
      for (const bundle of [shapes, docpkg]) {
        const { files } = renderMarkdown(bundle, options);
        const { problems, links } = checkLinks(files);
        expect(problems).toEqual([]);
        expect(links).toBeGreaterThan(0);
      }
    });
  }

  it.skipIf(!python)("every link resolves on the conformance list of stdlib modules, per module and split (needs python3 to find the stdlib)", async () => {
    const { files, stdlib } = moduleFiles(DEFAULT_MODULES);
    expect(files.length).toBeGreaterThan(DEFAULT_MODULES.length - 3); // a module without Python source is left out
    const bundle = JSON.parse(JSON.stringify(buildBundle(await analyze({ paths: files, searchPaths: [stdlib] })))) as Bundle;
    for (const options of [{}, { split: "classes" as const }]) {
      const out = renderMarkdown(bundle, options);
      const { problems, links, anchors } = checkLinks(out.files);
      expect(problems.slice(0, 20)).toEqual([]);
      expect(links).toBeGreaterThan(1000);
      // One anchor per object whose owners are all in the bundle, <locals> and imported names left out.
      const ids = new Map(bundle.objects.map((o) => [o.id, o]));
      const shown = bundle.objects.filter((o) => {
        if (o.kind === "alias" && o.value === null) return false;
        for (let x: typeof o | undefined = o; x; x = x.parent === null ? undefined : ids.get(x.parent)) {
          if ((x.qualname ?? "").includes("<locals>")) return false;
          if (x.parent !== null && !ids.has(x.parent)) return false;
        }
        return true;
      });
      expect(anchors).toBe(shown.length);
    }
  });
});

describe("emit markdown: pages", () => {
  it("writes one page per module, an index and a navigation tree of packages and split classes", () => {
    const { files, nav } = renderMarkdown(shapes, { split: "classes" });
    expect([...files.keys()].filter((f) => !f.includes("-"))).toEqual(["shapes.md", "shapes.base.md", "shapes.colors.md", "shapes.geometry.md", "shapes.transform.md", "index.md"]);
    expect(nav.map((n) => [n.text, n.link])).toEqual([["shapes", "shapes.md"]]);
    const geometry = nav[0]!.items.find((n) => n.id === "shapes.geometry")!;
    expect(geometry.items.map((n) => [n.text, n.link])).toEqual([
      ["Circle", "shapes.geometry-Circle.md"],
      ["Point", "shapes.geometry-Point.md"],
      ["Rectangle", "shapes.geometry-Rectangle.md"],
      ["Square", "shapes.geometry-Square.md"],
    ]);
  });

  it("shows the signature as inspect prints it, linked bases, parameters and raises with their ids' pages", () => {
    const page = renderMarkdown(docpkg).files.get("docpkg.md")!;
    expect(page).toContain('<a id="docpkg-upload"></a>\n\n## function `upload`\n\n```python\nupload(path: str, retries: int = 3, *, tag=None)\n```');
    expect(page).toContain("| `retries` | `int` | `3` | How often to try. |");
    expect(page).toContain("| `chunk` (not in the signature) |  | | Not a parameter of this function. |");
    expect(page).toContain("- [`QuotaError`](docpkg.errors.md#docpkg.errors-QuotaError) — When the account is full.");
    expect(page).toContain("*Bases:* [`Client`](#docpkg-Client)");
    expect(page).toContain("See [`send`](#docpkg-Client.send) and [`QuotaError`](docpkg.errors.md#docpkg.errors-QuotaError).");
  });

  it("fills --source-url with the path relative to the source root and the line", () => {
    const page = renderMarkdown(docpkg, { sourceUrl: "https://code.example.invalid/{path}#L{line}-L{endLine}", sourceRoot: path.join(root, "test/docstrings/pkg") }).files.get("docpkg.md")!;
    expect(page).toContain("*Source:* [`docpkg/__init__.py:5`](https://code.example.invalid/docpkg/__init__.py#L5-L16)");
  });

  it("groups inherited members by their owner, linked to the owner's page", () => {
    const page = renderMarkdown(docpkg).files.get("docpkg.md")!;
    const quiet = page.slice(page.indexOf('<a id="docpkg-Quiet">'), page.indexOf('<a id="docpkg-Quiet.send">'));
    expect(quiet).toMatch(/\*\*Inherited members\*\*\n\n- from \[`docpkg:Client`\]\(#docpkg-Client\): `__dict__`, \[`__init__`\]\(#docpkg-Client.__init__\), `__weakref__`\n- from `builtins:object`: `__class__`, /);
  });
});

describe("emit markdown: attribute docs and other branches", () => {
  const render = async (fixture: string) => {
    const bundle = JSON.parse(JSON.stringify(buildBundle(await analyze({ paths: [path.join(root, "test/fixtures", fixture, "input.py")] })))) as Bundle;
    return renderMarkdown(bundle).files.get("input.md")!;
  };

  it("shows an attribute's docstring or #: comment where its doc goes, and marks instance attributes", async () => {
    const page = await render("docstrings/attribute-docs");
    expect(page).toContain('<a id="input-TIMEOUT"></a>\n\n## attribute `TIMEOUT`\n\n```python\nTIMEOUT = 5\n```\n\n*Source:* `input.py:12`\n\nSeconds to wait.\n\nTwo paragraphs.');
    expect(page).toContain("### attribute `strict`\n\n```python\nstrict: bool = strict\n```\n\n*Instance attribute:* set in `__init__`  \n*Source:* `input.py:64`\n\nWhether to be strict.");
    // An alias by assignment: its own attribute doc, then its target's doc (what inspect.getdoc gives).
    expect(page).toContain("*Source:* `input.py:44`\n\nAn alias by assignment keeps its target's doc; this is its attribute doc.\n\nA function's own docstring.");
  });

  it("lists the other branches of a conditional definition with their tests", async () => {
    const page = await render("modules/alternatives");
    expect(page).toContain(
      "*Available when:* `not (sys.version_info >= (3, 12))` and `(3, 10) <= sys.version_info`  \n*Other branches:* `sys.version_info >= (3, 12)` (function, line 12); `not (sys.version_info >= (3, 12)) and not ((3, 10) <= sys.version_info)` (function, line 18)",
    );
    expect(page).toContain("*Other branches:* `DEBUG` (function, line 30, may be in effect)");
    expect(page).toContain("*Other branches:* `TYPE_CHECKING` (alias, line 7)");
  });
});

describe("emit markdown: docstring text", () => {
  const page = (doc: string) => {
    const bundle = JSON.parse(JSON.stringify(shapes)) as Bundle;
    const o = bundle.objects.find((x) => x.id === "shapes.geometry:Point")!;
    o.doc = doc;
    o.docstring = null;
    const text = renderMarkdown(bundle).files.get("shapes.geometry.md")!;
    return text.slice(text.indexOf("*Source:* `geometry.py:13`") + "*Source:* `geometry.py:13`".length + 2, text.indexOf("**Parameters**", text.indexOf('<a id="shapes.geometry-Point">')) - 2);
  };

  it.each([
    ["HTML and link brackets", "See <b>x</b> and [a](b).", "See &lt;b&gt;x&lt;/b&gt; and \\[a\\](b)."],
    ["a reST title underline that would be a fence or heading", "Title\n~~~~~\n\nText\n=====", "Title\n\\~~~~~\n\nText\n\\====="],
    ["a line-leading # or >", "# not a heading\n> not a quote", "\\# not a heading\n&gt; not a quote"],
    ["a literal block after a list item", "- item::\n\n    x[0](1)\n\nafter", "- item::\n\n```\nx[0](1)\n```\n\nafter"],
    ["a doctest paragraph", "Use it:\n\n>>> f(1)\n2", "Use it:\n\n```pycon\n>>> f(1)\n2\n```"],
    ["a code-block directive's language", "Example:\n\n.. code-block:: python\n\n    x = 1", "Example:\n\n\n```python\nx = 1\n```"],
    ["a grid table", "+---+---+\n| a | b |\n+---+---+", "```text\n+---+---+\n| a | b |\n+---+---+\n```"],
    ["code spans kept", "Call `f(<x>)` or ``g[1]``.", "Call `f(<x>)` or ``g[1]``."],
  ])("escapes %s", (_name, doc, expected) => {
    expect(page(doc)).toBe(expected);
  });
});
