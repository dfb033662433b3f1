// tsc does not copy plain .js files: put the generated Lezer parser beside the compiled facade in dist/.
import { cpSync, mkdirSync } from "node:fs";

const from = new URL("../src/lezer/", import.meta.url);
const to = new URL("../dist/lezer/", import.meta.url);
mkdirSync(to, { recursive: true });
cpSync(from, to, { recursive: true });

