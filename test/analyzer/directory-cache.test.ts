/**
 * The directory summary cache writes an entry into a folder of its own that does not exist yet, and
 * again after that folder was removed under it (a user clearing the cache while a run goes on).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { directorySummaryCache } from "../../packages/analyzer/src/cache/summary-cache.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-directory-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const key = (c: string) => c.repeat(64);

describe("directorySummaryCache", () => {
  it("makes an entry's folder when it is missing, first or after it was removed, and writes nothing else", () => {
    const dir = path.join(temp, "cache");
    const cache = directorySummaryCache(dir);
    cache.setText(key("a"), '{"name":"a"}');
    expect(cache.getText(key("a"))).toBe('{"name":"a"}');
    rmSync(path.join(dir, "summaries"), { recursive: true, force: true });
    cache.setText(key("b"), '{"name":"b"}');
    cache.setText(key("a"), '{"name":"a2"}');
    expect(cache.getText(key("b"))).toBe('{"name":"b"}');
    expect(cache.getText(key("a"))).toBe('{"name":"a2"}');
    expect(cache.stats).toMatchObject({ writes: 3, writeErrors: 0, hits: 3, misses: 0 });
    const shards = readdirSync(path.join(dir, "summaries", readdirSync(path.join(dir, "summaries"))[0]!)).sort();
    expect(shards).toEqual(["aa", "bb"]);
    expect(readdirSync(path.join(dir, "summaries", readdirSync(path.join(dir, "summaries"))[0]!, "aa"))).toEqual([`${key("a")}.json`]);
  });

  it("counts a write error, not a crash, when the folder cannot be made", () => {
    const cache = directorySummaryCache("/dev/null/cache");
    cache.setText(key("c"), "{}");
    expect(cache.stats).toMatchObject({ writes: 0, writeErrors: 1 });
    expect(existsSync("/dev/null/cache")).toBe(false);
  });
});
