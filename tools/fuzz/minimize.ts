/**
 * Shrinks a failing input to a small one that fails the same way (delta debugging, Zeller's ddmin,
 * first over lines, then over bytes).
 */

/** Whether a candidate still shows the failure being minimised. */
export type StillFails = (candidate: Buffer) => Promise<boolean>;

/** Limits of {@link minimize}: at most `maxTests` calls of the predicate. */
export interface MinimizeOptions {
  readonly maxTests?: number;
}

/** Default of {@link MinimizeOptions}. */
export const MINIMIZE_DEFAULTS = { maxTests: 400 } as const;

/**
 * The smallest input found, within the budget, that `stillFails` accepts; `input` must itself fail.
 * Units are lines (each keeping its `\n`) first, then single bytes. Never throws unless `stillFails` does.
 */
export async function minimize(input: Buffer, stillFails: StillFails, options: MinimizeOptions = {}): Promise<Buffer> {
  let budget = options.maxTests ?? MINIMIZE_DEFAULTS.maxTests;
  const test = async (c: Buffer): Promise<boolean> => {
    if (budget <= 0) return false;
    budget--;
    return stillFails(c);
  };
  const lines = splitLines(input);
  const fewerLines = await ddmin(lines, (parts) => test(Buffer.concat(parts)));
  const bytes = [...Buffer.concat(fewerLines)].map((b) => Buffer.from([b]));
  const fewerBytes = await ddmin(bytes, (parts) => test(Buffer.concat(parts)));
  return Buffer.concat(fewerBytes);
}

function splitLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 10) {
      out.push(b.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}

/** ddmin: remove chunks of `items` (halves, quarters, …) while the rest still fails. */
async function ddmin<T>(items: T[], fails: (parts: T[]) => Promise<boolean>): Promise<T[]> {
  let current = items;
  let n = 2;
  while (current.length >= 2) {
    const chunk = Math.ceil(current.length / n);
    let reduced = false;
    for (let start = 0; start < current.length; start += chunk) {
      const complement = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (complement.length > 0 && (await fails(complement))) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  return current;
}
