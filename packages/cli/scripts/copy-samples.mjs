// prepack: ship the sample package that `static-inspect analyze` reads when given no path
// (samples/shapes at the repository root) inside the CLI's tarball, as packages/cli/samples/shapes.
// postpack (`--remove`) deletes the copy again, so a checkout only ever reads the root samples/.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";

const to = new URL("../samples/", import.meta.url);
rmSync(to, { recursive: true, force: true });
if (!process.argv.includes("--remove")) {
  const from = new URL("../../../samples/shapes/", import.meta.url);
  cpSync(from, new URL("shapes/", to), {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes("__pycache__"),
  });
}
