/**
 * Where each object of a bundle goes in the Markdown output: its page (file name) and its anchor.
 * The same layout gives the `objects.inv` URIs, so inventory entries land on the anchors.
 */
import type { Bundle, BundleObject } from "../schema.ts";

/** How objects are spread over pages. */
export interface LayoutOptions {
  /** `modules` (default): one page per module; `classes`: each top-level class gets its own page too. */
  readonly split?: "modules" | "classes";
  /** Everything on one page named by {@link LayoutOptions.singleFileName}. */
  readonly singleFile?: boolean;
  /** The page name in single-file mode; default `api.md`. */
  readonly singleFileName?: string;
}

/** One page of the layout. */
export interface PageSpec {
  /** File name (no directory): `pkg.mod.md`, or `pkg.mod-Class.md` for a split class. */
  readonly file: string;
  /** The module id the page belongs to. */
  readonly module: string;
  /** The top-level class the page is about (`split: classes`), else `null`. */
  readonly classId: string | null;
  /** The page's root objects in order: the module or the class. */
  readonly roots: readonly string[];
}

/** Where an object is shown: page file and anchor (see {@link anchorOf}). */
export interface Location {
  readonly file: string;
  readonly anchor: string;
}

/**
 * The anchor of an object: its id with every character outside `[A-Za-z0-9_.-]` replaced by `-`
 * (`shapes.geometry:Circle.area` → `shapes.geometry-Circle.area`); a module's is its dotted name.
 * Unique within a bundle (module names have no `-`, and an id has one `:`), and stable across runs.
 */
export const anchorOf = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, "-");

/**
 * Whether an object can be shown: everything but the objects under a function (`<locals>`) and
 * imported names (aliases without a value: their targets are shown where they are defined). The
 * layout also leaves out objects whose owner is not in the bundle.
 */
export const isDocumented = (o: BundleObject): boolean => !(o.qualname ?? "").includes("<locals>") && !(o.kind === "alias" && o.value === null);

/** The page layout of a bundle: pages, where each shown object is, and the children of each object. */
export class Layout {
  readonly pages: PageSpec[] = [];
  readonly objects = new Map<string, BundleObject>();
  readonly children = new Map<string, BundleObject[]>();
  private readonly where = new Map<string, Location>();

  constructor(bundle: Bundle, readonly options: LayoutOptions = {}) {
    for (const o of bundle.objects) if (isDocumented(o)) this.objects.set(o.id, o);
    for (const o of this.objects.values()) {
      if (o.parent === null || !this.objects.has(o.parent)) continue;
      const list = this.children.get(o.parent) ?? [];
      list.push(o);
      this.children.set(o.parent, list);
    }
    const single = options.singleFile ? (options.singleFileName ?? "api.md") : null;
    const modules = [...this.objects.values()].filter((o) => o.kind === "module").sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const m of modules) {
      const file = single ?? `${m.id}.md`;
      const spec: PageSpec = { file, module: m.id, classId: null, roots: [m.id] };
      if (!single || this.pages.length === 0) this.pages.push(single ? { ...spec, roots: [] } : spec);
      if (single) (this.pages[0]!.roots as string[]).push(m.id);
      this.place(m.id, file, anchorOf(m.id));
      for (const child of this.children.get(m.id) ?? []) {
        if (options.split === "classes" && !single && child.kind === "class") {
          const classFile = `${m.id}-${anchorOf(child.qualname!)}.md`;
          this.pages.push({ file: classFile, module: m.id, classId: child.id, roots: [child.id] });
          this.placeTree(child, classFile);
        } else this.placeTree(child, file);
      }
    }
    // Objects whose owner has no page (an owner the bundle lacks) are not shown either.
    for (const id of [...this.objects.keys()]) if (!this.where.has(id)) this.objects.delete(id);
  }

  private place(id: string, file: string, anchor: string): void {
    this.where.set(id, { file, anchor });
  }

  private placeTree(o: BundleObject, file: string): void {
    this.place(o.id, file, anchorOf(o.id));
    for (const c of this.children.get(o.id) ?? []) this.placeTree(c, file);
  }

  /** Where an object is shown, or `null` when the bundle has no page for it. */
  locate(id: string): Location | null {
    return this.where.get(id) ?? null;
  }

  /** A link from page `from` to object `id` (`#anchor` on the same page, `file#anchor` otherwise), or `null`. */
  href(from: string, id: string): string | null {
    const at = this.where.get(id);
    if (!at) return null;
    return at.file === from ? `#${at.anchor}` : `${at.file}#${at.anchor}`;
  }
}
