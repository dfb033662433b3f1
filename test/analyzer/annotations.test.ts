import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";

async function program(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), "si-ann-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return analyze({ paths: Object.keys(files).map((f) => path.join(root, f)) });
}

describe("annotations resolved to ids", () => {
  it("links every name, inside string annotations too, and marks the unresolved", async () => {
    const p = await program({
      // A stand-in for the stdlib module: its special forms are assignments, as in CPython's typing.py.
      "typing.py": "class _SpecialForm:\n    pass\n\nOptional = _SpecialForm()\nList = _alias(list, 1)\n",
      "models.py": "class User:\n    pass\n",
      "api.py":
        "import typing\nfrom typing import Optional\nfrom models import User\n\n" +
        "def get(uid: int, who: 'Optional[User]' = None, *, extra: typing.List[Missing] = ()) -> User:\n    ...\n",
    });
    const sig = p.signature("api:get")!;
    expect(sig.parameters.map((q) => q.annotation && { rendered: q.annotation.rendered, refs: q.annotation.refs })).toEqual([
      { rendered: "int", refs: [{ name: "int", id: "builtins:int" }] },
      { rendered: "'Optional[User]'", refs: [{ name: "Optional", id: "typing:Optional" }, { name: "User", id: "models:User" }] },
      { rendered: null, refs: [{ name: "typing.List", id: "typing:List" }, { name: "Missing", id: null }] },
    ]);
    expect(sig.return_annotation).toEqual({ text: "User", rendered: "models.User", refs: [{ name: "User", id: "models:User" }] });
  });

  it("keeps the string of `from __future__ import annotations` as the value and resolves it beside", async () => {
    const p = await program({ "fut.py": "from __future__ import annotations\nimport pathlib\n\ndef f(p: pathlib.Path | None) -> list[int]: ...\n" });
    const sig = p.signature("fut:f")!;
    expect(sig.text).toBe("(p: 'pathlib.Path | None') -> 'list[int]'");
    expect(sig.parameters[0]!.annotation!.refs).toEqual([{ name: "pathlib.Path", id: null }]);
    expect(sig.return_annotation!.refs).toEqual([{ name: "list", id: "builtins:list" }, { name: "int", id: "builtins:int" }]);
  });
});
