/// <reference lib="dom" />
// (The DOM types are for the callbacks that page.waitForFunction and evaluate run in the page.)
/**
 * The playground in a real browser: Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`)
 * driven by playwright-core, on the built page served from 127.0.0.1. Types a class, checks the
 * panes against what python3's own `inspect` says about the same source, marks a syntax error, and
 * reopens the page from its URL. Chromium missing is a failure, not a skip (`.ci/run` installs it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript build scripts of the playground package (no declarations).
import { buildPlayground } from "../../packages/playground/scripts/build.mjs";
// @ts-expect-error: as above.
import { serveStatic } from "../../packages/playground/scripts/server.mjs";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
/** Where the screenshot of the page goes (`PLAYGROUND_SCREENSHOT` to keep it). */
const SCREENSHOT = process.env["PLAYGROUND_SCREENSHOT"] ?? path.join(tmpdir(), "static-inspect-playground.png");

const GREETER = [
  "# Greeters.",
  "class Greeter:",
  '    """Says hello.',
  "",
  "    In any language.",
  '    """',
  "",
  '    def greet(self, name: str, *, punctuation: str = "!") -> str:',
  '        """Greet ``name``."""',
  '        return "Hello, " + name + punctuation',
];

let temp: string;
let server: { url: string; close(): Promise<void> };
let context: BrowserContext;
let page: Page;

/** What python3's inspect says about `qualnames` in module `greet` with source `source`. */
function pythonInspect(source: string, qualnames: string[]): Record<string, { signature: string | null; doc: string | null; comments: string | null; mro: string[] | null }> {
  const dir = mkdtempSync(path.join(temp, "py-"));
  writeFileSync(path.join(dir, "greet.py"), source);
  const script = `
import functools, inspect, json, sys
sys.path.insert(0, sys.argv[1])
import greet
out = {}
for q in sys.argv[2:]:
    obj = functools.reduce(getattr, q.split("."), greet)
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        sig = None
    mro = [f"{c.__module__}:{c.__qualname__}" for c in inspect.getmro(obj)] if inspect.isclass(obj) else None
    out[q] = {"signature": sig, "doc": inspect.getdoc(obj), "comments": inspect.getcomments(obj), "mro": mro}
print(json.dumps(out))
`;
  return JSON.parse(execFileSync("python3", ["-c", script, dir, ...qualnames], { encoding: "utf8" }));
}

/** Waits until the panes show the answer to a request newer than `after`, painted; returns its id. */
async function painted(after: number): Promise<number> {
  await page.waitForFunction((n) => Number(document.getElementById("status")!.dataset["paintedId"] ?? 0) > n, after);
  return Number(await page.locator("#status").getAttribute("data-painted-id"));
}

const paintedId = async () => Number((await page.locator("#status").getAttribute("data-painted-id")) ?? 0);
/** The editor's text, line by line as CodeMirror renders it (the files here fit its viewport). */
const editorText = (p: Page) => p.locator(".cm-line").allTextContents().then((lines) => lines.join("\n"));
const text = (id: string) => page.locator(`#${id}`).textContent();

/** Selects object `id` in the tree and waits for the inspect pane to show it. */
async function select(id: string): Promise<void> {
  await page.locator(`#tree .entry[data-id="${id}"]`).click();
  await page.waitForFunction((want) => document.getElementById("inspect-title")!.textContent!.startsWith(want + " "), id);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH`);
  }
  temp = mkdtempSync(path.join(tmpdir(), "static-inspect-playground-"));
  const out = await buildPlayground(path.join(temp, "site"));
  server = await serveStatic(out);
  context = await chromium.launchPersistentContext(path.join(temp, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1500, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => console.error("page error:", e));
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe("the playground in Chromium", () => {
  it("opens with the sample package and shows what inspect says about its classes", async () => {
    await page.goto(server.url);
    await painted(0);
    expect(await text("inspect-title")).toBe("zoo.animals:Dog (class)");
    expect(await text("inspect-mro")).toBe("(zoo.animals:Dog, zoo.animals:Animal, builtins:object)");
    expect(await text("inspect-signature")).toBe("(name: str, age: int = 0) -> None");
    expect(await text("inspect-doc")).toBe("An animal with a name.\n\nSubclasses say what sound they make."); // inherited
    expect(await text("inspect-comments")).toBe("# A dog: its docstrings are inherited from Animal.\n");
    const owners = await page.locator("#inspect-members tr").evaluateAll((rows) => rows.map((r) => r.textContent));
    expect(owners).toEqual(expect.arrayContaining(["soundzoo.animals:Dog", "speakzoo.animals:Animal", "__init__zoo.animals:Animal", "__repr__builtins:object"]));
    expect(await page.locator("#diagnostics li").count()).toBe(0);
    expect(JSON.parse((await text("bundle"))!).objects.map((o: { id: string }) => o.id)).toContain("zoo.keeper:feed");
    // Keystroke → painted inspect pane, for single keystrokes in the comment above Dog (its getcomments).
    await page.locator(".cm-line", { hasText: "# A dog:" }).click();
    await page.keyboard.press("End");
    const times: number[] = [];
    const typed = " Woof!";
    for (let i = 0; i < typed.length; i++) {
      const last = await paintedId();
      await page.keyboard.type(typed[i]!);
      await painted(last);
      await page.waitForFunction((c) => document.getElementById("inspect-comments")!.textContent === c, `# A dog: its docstrings are inherited from Animal.${typed.slice(0, i + 1)}\n`);
      times.push(Number(await page.locator("#status").getAttribute("data-keystroke-ms")));
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1]!;
    console.log(`keystroke → inspect pane (sample package): median ${median} ms, max ${times.at(-1)} ms of ${times.length} keystrokes (the 50 ms debounce included)`);
    expect(await page.locator("#status").textContent()).toMatch(/^analysed in \d+ ms · keystroke → inspect pane \d+ ms$/);
    expect(median).toBeGreaterThan(50); // the debounce is part of it
    expect(median).toBeLessThan(250); // goal ≤ 100 ms; a loaded CI machine gets headroom
    await page.screenshot({ path: SCREENSHOT });
  });

  it("analyse a class as it is typed: signature, MRO and getdoc as python3's inspect gives them", async () => {
    page.once("dialog", (d) => void d.accept("greet.py"));
    const before = await paintedId();
    await page.locator("#add-file").click();
    await painted(before);
    await page.locator(".cm-content").click();
    for (const [i, line] of GREETER.entries()) {
      if (i > 0) {
        await page.keyboard.press("Enter");
        // The auto-indent is replaced by the line's own (a space typed and deleted empties a blank line).
        await page.keyboard.press("Shift+Home");
      }
      await page.keyboard.type(line === "" ? " " : line);
      if (line === "") await page.keyboard.press("Backspace");
    }
    const source = GREETER.join("\n") + "\n";
    await page.waitForFunction(() => document.querySelector('#tree .entry[data-id="greet:Greeter.greet"]') !== null);
    expect(await editorText(page)).toBe(GREETER.join("\n"));

    const python = pythonInspect(source, ["Greeter", "Greeter.greet"]);
    await select("greet:Greeter");
    expect(await text("inspect-signature")).toBe(python["Greeter"]!.signature);
    expect(await text("inspect-mro")).toBe(`(${python["Greeter"]!.mro!.join(", ")})`); // module:qualname, as the page writes ids
    expect(await text("inspect-doc")).toBe(python["Greeter"]!.doc);
    expect(await text("inspect-comments")).toBe(python["Greeter"]!.comments);
    await select("greet:Greeter.greet");
    expect(await text("inspect-signature")).toBe(python["Greeter.greet"]!.signature);
    expect(await text("inspect-doc")).toBe(python["Greeter.greet"]!.doc);
    await select("greet:Greeter");

  });

  it("mark a syntax error in the editor and list it with its position", async () => {
    const last = await paintedId();
    await page.locator(".cm-content").focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type("def broken(:");
    await painted(last);
    const line = GREETER.length + 1;
    const item = page.locator('#diagnostics li[data-code="syntax-error"]').first();
    await item.waitFor();
    expect(await item.textContent()).toMatch(new RegExp(`^greet\\.py:${line}:\\d+: error syntax-error: `));
    await page.locator(".cm-lintRange-error").first().waitFor();
    // The marked range is on the line typed.
    const marked = await page.locator(".cm-line").filter({ has: page.locator(".cm-lintRange-error") }).first().textContent();
    expect(marked).toBe("def broken(:");
    // python3 rejects the same line.
    expect(() => execFileSync("python3", ["-c", `compile(${JSON.stringify(GREETER.join("\n") + "\ndef broken(:\n")}, "greet.py", "exec")`], { stdio: "pipe" })).toThrow(new RegExp(`line ${line}`));
  });

  it("reproduce the files, target and selection from the page's URL", async () => {
    await page.locator("#python").selectOption("3.12");
    const answered = await painted(await paintedId());
    // The URL is written after each answer (compressing is asynchronous): wait for this answer's.
    await page.waitForFunction((n) => Number(document.getElementById("status")!.dataset["savedId"] ?? 0) >= n, answered);
    const url = page.url();
    const fresh = await context.newPage();
    try {
      await fresh.goto(url);
      await fresh.waitForFunction(() => Number(document.getElementById("status")!.dataset["paintedId"] ?? 0) > 0);
      expect(await fresh.locator("#tabs .tab").allTextContents()).toEqual(["zoo/__init__.py", "zoo/animals.py", "zoo/keeper.py", "greet.py"]);
      expect(await fresh.locator("#tabs .tab.active").textContent()).toBe("greet.py");
      expect(await fresh.locator("#python").inputValue()).toBe("3.12");
      expect(await editorText(fresh)).toBe([...GREETER, "def broken(:"].join("\n"));
      expect(await fresh.locator("#inspect-title").textContent()).toBe("greet:Greeter (class)");
      expect(await fresh.locator('#diagnostics li[data-code="syntax-error"]').count()).toBeGreaterThan(0);
      await fresh.locator(".cm-lintRange-error").first().waitFor();
    } finally {
      await fresh.close();
    }
  });

  it("add, rename and remove files through the tabs", async () => {
    const tabs = () => page.locator("#tabs .tab").allTextContents();
    page.once("dialog", (d) => void d.accept("extra/new.py"));
    await page.locator("#add-file").click();
    await page.locator('#tree .entry[data-id="extra.new"]').waitFor();
    expect(await page.locator("#tabs .tab.active").textContent()).toBe("extra/new.py");
    page.once("dialog", (d) => void d.accept("extra/renamed.py"));
    await page.locator("#rename-file").click();
    await page.locator('#tree .entry[data-id="extra.renamed"]').waitFor();
    expect(await tabs()).toEqual(["zoo/__init__.py", "zoo/animals.py", "zoo/keeper.py", "greet.py", "extra/renamed.py"]);
    page.once("dialog", (d) => void d.accept());
    await page.locator("#remove-file").click();
    await page.waitForFunction(() => document.querySelector('#tree .entry[data-id="extra.renamed"]') === null);
    expect(await tabs()).toEqual(["zoo/__init__.py", "zoo/animals.py", "zoo/keeper.py", "greet.py"]);
    expect(await page.locator("#tabs .tab.active").textContent()).toBe("greet.py");
  });
});
