// `node tools/cpuprofile-top.ts FILE.cpuprofile [N]` (or through tsx): the N (default 40) functions
// with the most self time and the N with the most inclusive time in a V8 CPU profile (`node
// --cpu-prof`), in milliseconds and as a share of the sampled time. A function is its name, file and
// line; time in a recursive function is counted once per sample for inclusive time.
import { readFileSync } from "node:fs";

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, n = "40"] = process.argv.slice(2);
if (!file) throw new RangeError("usage: cpuprofile-top.ts FILE.cpuprofile [N]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const key = (node: Node) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*\/(packages|node_modules)\//, "$1/")}:${node.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  all += dt;
  const leaf = byId.get(id)!;
  self.set(key(leaf), (self.get(key(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = key(byId.get(at)!);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + dt);
  }
});
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title} (of ${all.toFixed(0)} ms)\n`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
    process.stdout.write(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}\n`);
  }
};
print("self", self);
print("inclusive", total);
