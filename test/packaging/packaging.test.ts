// The packages as a user gets them (issue 12): `pnpm -r pack`, the tarballs installed with npm into
// an empty folder, then the installed command, the library from plain Node and from TypeScript
// (NodeNext and Bundler resolution), and README's "Installed command" examples as written.
// Also `pnpm static-inspect` in this checkout: compiled JavaScript, run from where the user is.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateBundle } from "@static-inspect/emit";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const PACKAGES = ["parser", "analyzer", "emit", "cli"] as const;
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-packaging-"));
const tarballs = path.join(temp, "tarballs");
const consumer = path.join(temp, "consumer");
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs a command; fails the test with its output when it exits non-zero (unless `allowFailure`). */
function sh(cmd: string, args: string[], options: SpawnSyncOptions & { allowFailure?: boolean } = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 120_000, ...options });
  const out = { status: r.status, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
  if (!options.allowFailure && r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status} (${r.error?.message ?? ""})\n${out.stdout}\n${out.stderr}`);
  }
  return out;
}

const bin = (name: string) => path.join(consumer, "node_modules", ".bin", name);
const tarballOf = (name: string) => path.join(tarballs, `static-inspect-${name}-0.1.0.tgz`);
const list = (tgz: string) => sh("tar", ["tzf", tgz]).stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));

const MYPKG = {
  "src/mypkg/__init__.py": '"""A small package."""\nfrom .core import Engine\n\n__all__ = ["Engine"]\n',
  "src/mypkg/core.py": 'class Engine:\n    """Runs things."""\n\n    def run(self, steps: int = 3, *, dry: bool = False) -> str:\n        """Run *steps* steps."""\n        return "ok"\n',
};

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

beforeAll(() => {
  // prepack of each package builds it (tsc -b, the Lezer parser copied, the sample copied for the CLI)
  sh("pnpm", ["-r", "--silent", "pack", "--pack-destination", tarballs], { cwd: ROOT });
  mkdirSync(consumer);
  writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...PACKAGES.map(tarballOf)], { cwd: consumer });
  writeTree(consumer, MYPKG);
}, 240_000);

describe("the tarballs", () => {
  it.each(PACKAGES)("%s holds compiled JS, .d.ts, README and LICENSE, and no build leftovers", (name) => {
    const files = list(tarballOf(name));
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]));
    expect(files.filter((f) => /tsbuildinfo|__pycache__|\.pyc$|^node_modules\/|^tsconfig/.test(f))).toEqual([]);
    expect(readFileSync(path.join(ROOT, "packages", name, "LICENSE"), "utf8")).toBe(readFileSync(path.join(ROOT, "LICENSE"), "utf8"));
    const manifest = JSON.parse(sh("tar", ["xzfO", tarballOf(name), "package/package.json"]).stdout);
    expect(manifest.license).toBe("MIT");
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" }); // no source condition
    expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
  });

  it("ship what each needs at run time: the Lezer parser, the builtins data, the sample package", () => {
    expect(list(tarballOf("parser"))).toEqual(expect.arrayContaining(["dist/lezer/parser.js", "dist/lezer/tokens.js", "dist/lezer/parser.terms.js"]));
    expect(list(tarballOf("analyzer"))).toContain("data/builtins/3.11.json");
    const cli = list(tarballOf("cli"));
    expect(cli).toEqual(expect.arrayContaining(["bin/static-inspect.cjs", "dist/static-inspect.cjs", "dist/fast-start.cjs", "samples/shapes/__init__.py", "samples/shapes/geometry.py"]));
    const manifest = JSON.parse(sh("tar", ["xzfO", tarballOf("cli"), "package/package.json"]).stdout);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(
      ["@static-inspect/analyzer", "@static-inspect/emit", "@static-inspect/parser", "chokidar", "cli-progress", "commander", "env-paths", "picomatch", "smol-toml", "tinypool", "write-file-atomic"].sort(),
    );
  });
});

describe("the installed command", () => {
  it("analyzes a small package, inspects it, prints the schema and validates the bundle", () => {
    const run = (...args: string[]) => sh(bin("static-inspect"), args, { cwd: consumer });
    expect(run("--version").stdout).toBe("0.1.0\n");
    const r = run("analyze", "src/mypkg", "--no-python-search-path", "-o", "out/api.json");
    expect(r.stderr).toMatch(/^analyzed 2 modules, \d+ objects, 0 diagnostics \(0 errors\) in \d+\.\d\d s → out\/api\.json\n$/);
    const bundle = JSON.parse(readFileSync(path.join(consumer, "out/api.json"), "utf8"));
    expect(validateBundle(bundle)).toEqual([]);
    const runMethod = bundle.objects.find((o: { id: string }) => o.id === "mypkg.core:Engine.run");
    expect(runMethod.signature.text).toBe("(self, steps: int = 3, *, dry: bool = False) -> str");
    expect(run("inspect", "mypkg.core:Engine.run", "src").stdout).toBe(
      '    def run(self, steps: int = 3, *, dry: bool = False) -> str:\n        """Run *steps* steps."""\n        return "ok"\n\n',
    );
    const schema = JSON.parse(run("schema").stdout);
    expect(schema.$id).toBe(bundle.$schema);
    expect(run("validate", "out/api.json").stdout).toBe("out/api.json: valid\n");
  });

  it("analyzes the sample package shipped with it when given no path", () => {
    sh(bin("static-inspect"), ["analyze", "-o", "sample.json", "--no-python-search-path"], { cwd: consumer });
    const bundle = JSON.parse(readFileSync(path.join(consumer, "sample.json"), "utf8"));
    expect(bundle.modules.map((m: { id: string }) => m.id)).toEqual(["shapes", "shapes.base", "shapes.colors", "shapes.geometry", "shapes.transform"]);
  });
});

describe("the installed library", () => {
  it("imports from a plain .mjs file", () => {
    writeFileSync(
      path.join(consumer, "use.mjs"),
      `import { analyze } from "@static-inspect/analyzer";
import { buildBundle, validateBundle } from "@static-inspect/emit";
import { parse } from "@static-inspect/parser";
import { main } from "@static-inspect/cli";
const program = await analyze({ paths: ["src/mypkg"] });
console.log(JSON.stringify({
  signature: program.signature("mypkg.core:Engine.run")?.text,
  doc: program.getdoc("mypkg.core:Engine"),
  errors: validateBundle(buildBundle(program)).length,
  parsed: parse("def f(a, /, b): pass\\n").diagnostics.length,
  main: typeof main,
}));
`,
    );
    expect(JSON.parse(sh(process.execPath, ["use.mjs"], { cwd: consumer }).stdout)).toEqual({
      signature: "(self, steps: int = 3, *, dry: bool = False) -> str",
      doc: "Runs things.",
      errors: 0,
      parsed: 0,
      main: "function",
    });
  });

  it.each([
    // NodeNext also checks the shipped .d.ts files themselves (skipLibCheck off); Bundler only resolves them.
    ["NodeNext", { module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: false }],
    ["Bundler", { module: "ESNext", moduleResolution: "Bundler", skipLibCheck: true }],
  ])("type-checks a consumer .ts file with tsc under %s resolution", (name, resolution) => {
    const dir = path.join(consumer, `ts-${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "consumer.ts"),
      `import { analyze, type AnalyzeOptions, type InspectSignature } from "@static-inspect/analyzer";
import { buildBundle, type Bundle, type ValidationError, validateBundle } from "@static-inspect/emit";
import { main, type CliIO } from "@static-inspect/cli";
import { parse, type ParsedModule } from "@static-inspect/parser";

const options: AnalyzeOptions = { paths: ["src/mypkg"] };
export async function check(): Promise<number> {
  const program = await analyze(options);
  const sig: InspectSignature | null = program.signature("mypkg.core:Engine.run");
  const bundle: Bundle = buildBundle(program);
  const errors: ValidationError[] = validateBundle(bundle);
  const parsed: ParsedModule = parse("x = 1\\n");
  const io: CliIO = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false };
  const code: number = await main(["--version"], io);
  return (sig?.parameters.length ?? 0) + errors.length + parsed.diagnostics.length + code;
}
`,
    );
    // A wrong type must be an error, so the declarations are really read (not `any`), and it must be
    // the only error: consumer.ts and the shipped declarations check clean.
    writeFileSync(path.join(dir, "wrong.ts"), `import { analyze } from "@static-inspect/analyzer";\nexport const n: number = analyze;\n`);
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { ...resolution, target: "ES2022", strict: true, noEmit: true, types: [], lib: ["ES2023"] },
        files: ["consumer.ts", "wrong.ts"],
      }),
    );
    const r = sh(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: dir, allowFailure: true });
    expect(r.stdout.trimEnd().split("\n")).toEqual([expect.stringMatching(/^wrong\.ts\(2,14\): error TS2322: Type .* is not assignable to type 'number'\.$/)]);
  });
});

describe("README's Installed command section", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = /## Installed command\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme);

  it("runs every example after the install line as written", () => {
    expect(section).not.toBeNull();
    const lines = section![1]!.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^npm install -g @static-inspect\/cli\s+#/); // done above from the tarballs instead
    const env = { ...process.env, PATH: `${path.join(consumer, "node_modules", ".bin")}${path.delimiter}${process.env["PATH"]}` };
    const outputs = lines.slice(1).map((line) => {
      const command = line.replace(/\s+#.*$/, "");
      const r = sh("sh", ["-c", command], { cwd: consumer, env, allowFailure: true });
      expect({ command, status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ command, status: 0, stderr: "" });
      return r.stdout;
    });
    expect(validateBundle(JSON.parse(readFileSync(path.join(consumer, "out/bundle.json"), "utf8")))).toEqual([]);
    const inspectIndex = lines.slice(1).findIndex((l) => l.startsWith("static-inspect inspect shapes:Circle.area"));
    expect(outputs[inspectIndex]).toBe("    def area(self) -> float:\n        return math.pi * self.radius**2\n\n");
    expect(JSON.parse(readFileSync(path.join(consumer, "bundle.schema.json"), "utf8")).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(outputs).toContain("out/bundle.json: valid\n");
    expect(JSON.parse(readFileSync(path.join(consumer, "api.json"), "utf8")).modules.map((m: { id: string }) => m.id)).toEqual(["mypkg", "mypkg.core"]);
  });
});

describe("pnpm static-inspect in this checkout", () => {
  it("runs the compiled CLI from the directory the user is in (INIT_CWD), reading the pyproject.toml there", () => {
    const script = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts["static-inspect"];
    expect(script).toBe("node packages/cli/bin/static-inspect.cjs");
    const user = path.join(temp, "user-project");
    writeTree(user, { ...MYPKG, "src/mypkg/gen/__init__.py": "", "pyproject.toml": '[tool.static-inspect]\nexclude = ["gen/**"]\n' });
    const r = sh("pnpm", ["-s", "-C", ROOT, "static-inspect", "analyze", "src/mypkg", "--no-python-search-path", "-o", "out/api.json"], { cwd: user });
    expect(r.stderr).toMatch(/→ out\/api\.json\n$/);
    expect(readdirSync(path.join(user, "out"))).toEqual(["api.json"]);
    const bundle = JSON.parse(readFileSync(path.join(user, "out/api.json"), "utf8"));
    expect(bundle.modules.map((m: { id: string }) => m.id)).toEqual(["mypkg", "mypkg.core"]); // gen/ excluded by the config
  });
});
