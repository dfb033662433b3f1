/**
 * `inspect.getclasstree`: classes arranged into the nested lists CPython 3.11 builds, from each
 * class's bases alone.
 */

/**
 * One entry of a class tree, `(c, c.__bases__)` in Python: a class id (`module:qualname`) and the ids
 * of its bases in order.
 */
export interface ClassTreeEntry {
  readonly class: string;
  readonly bases: readonly string[];
}

/**
 * `getclasstree`'s result: a list of entries where a nested list, right after an entry, holds the
 * classes derived from that entry's class (each with its own nested list, and so on).
 */
export type ClassTree = readonly (ClassTreeEntry | ClassTree)[];

/** Python's `str` ordering (by code point; JavaScript's `<` compares UTF-16 code units). */
function comparePy(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** `(c.__module__, c.__name__)` of a class id `module:qualname` (an `@line` suffix of a factory-made class dropped). */
function sortKey(id: string): [string, string] {
  const colon = id.indexOf(":");
  const qualname = (colon < 0 ? id : id.slice(colon + 1)).replace(/@\d+$/, "");
  return [colon < 0 ? "" : id.slice(0, colon), qualname.slice(qualname.lastIndexOf(".") + 1)];
}

/**
 * `inspect.getclasstree(classes, unique)` over class ids.
 *
 * `bases` maps every class id that can appear (those in `classes` and their direct bases) to its
 * bases' ids, in order (`__bases__`; `[]` only for `builtins:object`). As in CPython, a base that
 * is not in `classes` becomes a root; each list is sorted by `(__module__, __name__)`, read from the
 * id (`module:qualname` → the module and the last part of the qualname), stably; with `unique`, a
 * class is listed only under its first base that is in `classes` (still under every base before
 * that one), otherwise under each of its bases.
 *
 * Returns `null` when a class that must be listed has no entry in `bases` (not statically known),
 * or when bases run in a cycle (no class can have one at run time; CPython's `getclasstree` would
 * recurse forever or leave the classes out). Never throws.
 */
export function getclasstree(classes: readonly string[], bases: ReadonlyMap<string, readonly string[]>, unique = false): ClassTree | null {
  const inClasses = new Set(classes);
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const c of classes) {
    const bs = bases.get(c);
    if (!bs) return null;
    if (bs.length) {
      for (const parent of bs) {
        let list = children.get(parent);
        if (!list) children.set(parent, (list = []));
        if (!list.includes(c)) list.push(c);
        if (unique && inClasses.has(parent)) break;
      }
    } else if (!roots.includes(c)) {
      roots.push(c);
    }
  }
  for (const parent of children.keys()) if (!inClasses.has(parent)) roots.push(parent);

  const onPath = new Set<string>();
  const walk = (list: readonly string[]): ClassTree | null => {
    const sorted = [...list].sort((a, b) => {
      const [ma, na] = sortKey(a);
      const [mb, nb] = sortKey(b);
      return comparePy(ma, mb) || comparePy(na, nb);
    });
    const out: (ClassTreeEntry | ClassTree)[] = [];
    for (const c of sorted) {
      const bs = bases.get(c);
      if (!bs || onPath.has(c)) return null;
      out.push({ class: c, bases: bs });
      const kids = children.get(c);
      if (kids) {
        onPath.add(c);
        const sub = walk(kids);
        onPath.delete(c);
        if (!sub) return null;
        out.push(sub);
      }
    }
    return out;
  };
  const tree = walk(roots);
  // Acyclic bases place every class; a cycle no root reaches would leave some out.
  const placed = new Set<string>();
  const visit = (t: ClassTree) => {
    for (const item of t) if ("class" in item) placed.add(item.class);
    else visit(item as ClassTree);
  };
  if (tree) visit(tree);
  return tree && classes.every((c) => placed.has(c)) ? tree : null;
}
