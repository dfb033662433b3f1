import { analyze, memorySummaryCache } from "@static-inspect/analyzer";
import { buildBundle, encodeBundle } from "@static-inspect/emit";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
const click = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/click";
const roots = ["/root/.pyenv/versions/3.11.7/lib/python3.11", "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages"];
const cache = memorySummaryCache();
const s = new Session(); s.connect();
for (let i = 0; i < 6; i++) {
  if (i === 2) { await s.post("Profiler.enable"); await s.post("Profiler.start"); }
  const p = await analyze({ paths: [click], searchPaths: roots, cache });
  encodeBundle(buildBundle(p));
}
const { profile } = await s.post("Profiler.stop");
writeFileSync("/tmp/warm.cpuprofile", JSON.stringify(profile));
