import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { parser } from "./packages/parser/src/lezer/parser.js";
const files = execSync("find /root/.pyenv/versions/3.11.7/lib/python3.11 -name '*.py' -not -path '*/test/*' -not -path '*/site-packages/*' | head -400").toString().trim().split("\n");
const texts = files.map((f) => readFileSync(f, "utf8"));
let t = performance.now();
for (const s of texts) parser.parse(s);
console.log((performance.now() - t) / 1000, texts.reduce((n, s) => n + s.length, 0) / 1e6);
