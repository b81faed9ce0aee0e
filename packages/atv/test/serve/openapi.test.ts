/** The OpenAPI document lists exactly the routes the server has, and the command names the CLI has. */
import { describe, expect, it } from "vitest";
import { apiCommands } from "../../src/cli/commands/catalog.js";
import { startServer } from "../../src/serve/server.js";

describe("GET /api/openapi.json", () => {
  it("documents every API route and command", async () => {
    await using server = await startServer({ initialScan: false, version: "9.9.9" });
    const response = await fetch(`${server.url}api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      info: { version: string };
      paths: Record<string, Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("9.9.9");
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const api = server.routes.filter((r) => r.includes(" /api/"));
    expect([...documented].sort()).toEqual([...api].sort());
    const commandParam = doc.paths["/api/devices/{id}/commands/{command}"]?.["post"]?.parameters?.find(
      (p) => p.name === "command",
    );
    expect(commandParam?.schema.enum).toEqual([...apiCommands.keys()]);
  });
});
