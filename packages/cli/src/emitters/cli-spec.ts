/**
 * `static-inspect emit cli-spec BUNDLE [--select GLOB…] [-o FILE]`: the command-line parameters a
 * Typer/argparse-style generator would build for each selected function (see `buildCliSpecs`).
 */
import { buildCliSpecs } from "@static-inspect/emit";
import type { Emitter } from "./index.ts";
import { idSelector, readBundle, summarise, writeJson } from "./bundle-file.ts";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The `cli-spec` format. */
export const cliSpecEmitter: Emitter = {
  name: "cli-spec",
  description: "the command-line options a Typer/argparse-style generator would build for each function (JSON)",
  configure: (cmd) =>
    cmd
      .argument("<bundle>", "the bundle (JSON) written by `static-inspect analyze`")
      .option("--select <glob>", "only object ids matching GLOB, e.g. 'mypkg.cli:*' (repeatable)", collect)
      .option("-o, --output <file>", "write to FILE (atomically) instead of stdout")
      .addHelpText(
        "after",
        `
Output: {"commands": [{"id", "name", "help"?, "parameters": [{"name", "kind" (argument|option|flag),
"flags", "type", "nargs", "choices", "required", "default"?, "help", "annotation"}]}], "diagnostics"}.`,
      ),
  async run(args, io, cwd) {
    const [file, flags] = args as [string, { select?: string[]; output?: string }];
    const bundle = readBundle(file, cwd);
    const doc = buildCliSpecs(bundle, { select: idSelector(flags.select) });
    await writeJson(doc, flags.output, io, cwd);
    summarise("cli-spec", doc.commands.length, doc.diagnostics, flags.output, io);
    return 0;
  },
};
