#!/usr/bin/env node
import { staleBuilds } from "./checkout.ts";
import { main } from "./main.ts";

const stale = staleBuilds();
if (stale.length > 0) {
  process.stderr.write(`static-inspect: warning: ${stale.map((p) => `packages/${p}/src`).join(", ")} changed since the last build; run \`pnpm build\`\n`);
}
process.exitCode = await main(process.argv.slice(2));
