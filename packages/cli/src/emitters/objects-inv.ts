/**
 * `static-inspect emit objects.inv BUNDLE -o FILE --project NAME --version V [--base-url URL]`:
 * the Sphinx inventory (v2) of the objects the Markdown pages show, URIs at their anchors.
 */
import path from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { encodeInventory, inventoryEntries } from "@static-inspect/emit";
import type { CliIO } from "../main.ts";
import { readBundle, writeAtomically } from "./bundle-file.ts";
import type { Emitter } from "./index.ts";

interface InventoryFlags {
  output: string;
  project: string;
  version: string;
  baseUrl?: string;
  pageSuffix: string;
  split: "modules" | "classes";
  singleFile?: boolean;
}

/** The `objects.inv` format of `emit`. */
export const objectsInvEmitter: Emitter = {
  name: "objects.inv",
  description: "write a Sphinx inventory (objects.inv, v2) whose URIs point at the Markdown pages' anchors",
  configure: (cmd: Command) =>
    cmd
      .argument("<bundle>", "the bundle (JSON) that `analyze` wrote")
      .requiredOption("-o, --output <file>", "the inventory file to write (atomically)")
      .requiredOption("--project <name>", "the project name in the header")
      .requiredOption("--version <version>", "the project version in the header")
      .option("--base-url <url>", "prefix every URI with URL (e.g. https://docs.example.invalid/api/)")
      .option("--page-suffix <suffix>", "what replaces .md in page names: .html, or '' for extensionless URLs", ".html")
      .addOption(new Option("--split <unit>", "the page layout used for `emit markdown`").choices(["modules", "classes"]).default("modules"))
      .option("--single-file", "the pages were written with `emit markdown --single-file` (into api.md)"),
  async run(args: readonly unknown[], io: CliIO, cwd: string): Promise<number> {
    const [file, flags] = args as [string, InventoryFlags];
    const bundle = readBundle(file, cwd);
    const entries = inventoryEntries(bundle, { split: flags.split, singleFile: flags.singleFile, baseUrl: flags.baseUrl, pageSuffix: flags.pageSuffix });
    await writeAtomically(path.resolve(cwd, flags.output), encodeInventory(entries, flags.project, flags.version), flags.output);
    io.stderr.write(`wrote ${entries.length} entries → ${flags.output}\n`);
    return 0;
  },
};
