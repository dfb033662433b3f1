/**
 * `static-inspect emit stubs BUNDLE -o DIR`: one `.pyi` per analysed module (`pkg/__init__.pyi`,
 * `pkg/mod.pyi`), each written atomically.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { renderStubs } from "@static-inspect/emit";
import type { CliIO } from "../main.ts";
import { outputDirectory, readBundle, writeAtomically } from "./bundle-file.ts";
import type { Emitter } from "./index.ts";

/** The `stubs` format of `emit`. */
export const stubsEmitter: Emitter = {
  name: "stubs",
  description: "write .pyi stubs (one per analysed module) into DIR",
  configure: (cmd: Command) =>
    cmd
      .argument("<bundle>", "the bundle (JSON) that `analyze` wrote")
      .requiredOption("-o, --output <dir>", "the directory to write the stubs into (made if missing)")
      .addHelpText(
        "after",
        `
Signatures are inspect's; annotations as written, with the imports they need; defaults are '...'
unless a simple literal; @overload variants replace the implementation. Names a stub uses but
cannot import are listed on stderr.`,
      ),
  async run(args: readonly unknown[], io: CliIO, cwd: string): Promise<number> {
    const [file, flags] = args as [string, { output: string }];
    const bundle = readBundle(file, cwd);
    const dir = outputDirectory(flags.output, cwd);
    const stubs = renderStubs(bundle);
    let unresolved = 0;
    for (const s of stubs) {
      const target = path.join(dir, ...s.path.split("/"));
      mkdirSync(path.dirname(target), { recursive: true });
      await writeAtomically(target, s.text, path.join(flags.output, s.path));
      if (s.unresolved.length > 0) {
        unresolved += s.unresolved.length;
        io.stderr.write(`${s.path}: cannot import ${s.unresolved.join(", ")}\n`);
      }
    }
    io.stderr.write(`stubs: ${stubs.length} written, ${unresolved} unresolved names → ${flags.output}\n`);
    return 0;
  },
};
