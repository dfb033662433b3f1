/**
 * Parameter descriptions in tool schemas come from the parsed docstrings: a function's own
 * Args/Parameters section, and for a class its __init__'s when the class documents none.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, buildToolSchemas } from "@static-inspect/emit";

const SOURCE = `def upload(path: str, retries: int = 3) -> bool:
    """Upload a file.

    Args:
        path: Where the file is.
        retries: How often to try.
    """
    return True


def scale(factor: float):
    """Scale things.

    Parameters
    ----------
    factor : float
        The ratio.
    """


class Client:
    """A client."""

    def __init__(self, host: str, port: int = 80):
        """Make one.

        :param host: The server's name.
        :param port:
        """
`;

describe("tool-schema descriptions", () => {
  it("takes each parameter's text from the docstring (Google, NumPy, Sphinx), the constructor's for a class", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "si-describe-"));
    writeFileSync(path.join(dir, "tools_mod.py"), SOURCE);
    const bundle = buildBundle(await analyze({ paths: [path.join(dir, "tools_mod.py")] }));
    const tools = new Map(buildToolSchemas(bundle).tools.map((t) => [t.id, t.parameters as { properties: Record<string, { description?: string }> }]));
    const descriptions = (id: string) => Object.fromEntries(Object.entries(tools.get(id)!.properties).map(([k, v]) => [k, v.description ?? null]));
    expect(descriptions("tools_mod:upload")).toEqual({ path: "Where the file is.", retries: "How often to try." });
    expect(descriptions("tools_mod:scale")).toEqual({ factor: "The ratio." });
    // An empty `:param port:` is no description.
    expect(descriptions("tools_mod:Client")).toEqual({ host: "The server's name.", port: null });
    // Without a describer's text, nothing is invented.
    const plain = buildToolSchemas(bundle, { describe: () => undefined }).tools.find((t) => t.id === "tools_mod:upload")!;
    expect(JSON.stringify(plain.parameters)).not.toContain("description");
  });
});
