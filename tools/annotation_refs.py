#!/usr/bin/env python3
"""Counts the annotation refs of bundles whose id is null (issue 10, deliverable 4).

Usage: python3 tools/annotation_refs.py BUNDLE.json... [--top N]

Counts the refs of every signature's parameter and return annotations (overloads included) and of
every attribute's annotation; aliases are skipped (they repeat their target's view). Prints, per
bundle, the refs, those with `id: null`, and the N most frequent unresolved names with an example.
"""
import collections
import json
import sys


def count(bundle):
    total, null, names, examples = 0, 0, collections.Counter(), {}

    def annotation(a, oid):
        nonlocal total, null
        for r in (a or {}).get("refs", []):
            total += 1
            if r.get("id") is None:
                null += 1
                names[r["name"]] += 1
                examples.setdefault(r["name"], oid)

    for o in bundle["objects"]:
        if o["kind"] == "alias":
            continue
        for s in [o.get("signature"), *(o.get("overloads") or [])]:
            if s:
                for p in s["parameters"]:
                    annotation(p.get("annotation"), o["id"])
                annotation(s.get("return_annotation"), o["id"])
        annotation(o.get("annotation"), o["id"])
    return total, null, names, examples


def main(argv):
    top = 5
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i : i + 2]
    totals = [0, 0]
    for path in argv:
        with open(path, encoding="utf-8") as f:
            total, null, names, examples = count(json.load(f))
        totals[0] += total
        totals[1] += null
        print(f"{path}: {total} refs, {null} with id null")
        for name, n in names.most_common(top):
            print(f"  {n:6d} {name}  (e.g. {examples[name]})")
    if len(argv) > 1:
        print(f"total: {totals[0]} refs, {totals[1]} with id null")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
