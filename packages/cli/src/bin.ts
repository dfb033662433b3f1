#!/usr/bin/env node
import { checkoutRoot, runByCheckoutScript, staleBuilds } from "./checkout.ts";
import { main } from "./main.ts";

// Only under `pnpm static-inspect`: the walk of every src/ costs ~8 ms, which other starts (the
// installed command, node_modules/.bin in a checkout, the tests' runs) do not pay.
const root = checkoutRoot();
const stale = runByCheckoutScript(root) ? staleBuilds(root) : [];
if (stale.length > 0) {
  process.stderr.write(`static-inspect: warning: ${stale.map((p) => `packages/${p}/src`).join(", ")} changed since the last build; run \`pnpm build\`\n`);
}
// No top-level await: the bundle made of this entry is a CommonJS script (compiled through a V8 code cache).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
