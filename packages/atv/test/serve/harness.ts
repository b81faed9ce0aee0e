/** A simulator plus `atv serve`'s server pointed at it, and small HTTP helpers. */
import { MemoryStorage } from "../../src/index.js";
import { startServer, type RunningServer, type ServeOptions } from "../../src/serve/server.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";

export interface Setup {
  sim: Simulator;
  server: RunningServer;
  id: string;
  close(): Promise<void>;
}

export async function startSetup(
  serve: Partial<ServeOptions> = {},
  simOptions: SimulatorOptions = {},
): Promise<Setup> {
  const sim = await startSimulator({ name: "Bridge Room", ...simOptions });
  const server = await startServer({
    scanHosts: ["127.0.0.1"],
    scanPort: sim.info.ports.udns,
    storage: new MemoryStorage(),
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, wakeCheckIntervalMs: 0 },
    ...serve,
  });
  await server.initialScan;
  return {
    sim,
    server,
    id: sim.info.identifiers.mrp,
    async close() {
      await server.close();
      await sim.close();
    },
  };
}

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

export async function api(
  server: RunningServer,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

export const command = (s: Setup, name: string, args: unknown[] = [], headers: Record<string, string> = {}) =>
  api(s.server, "POST", `/api/devices/${encodeURIComponent(s.id)}/commands/${name}`, { args }, headers);
