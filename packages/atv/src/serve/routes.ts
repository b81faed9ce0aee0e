/** The JSON API routes. Every body is an atvscript-style object written by pythonJsonLine. */
import type { ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import * as lib from "../index.js";
import {
  deviceInfoJson,
  pythonJsonLine,
  resultObject,
  scanDeviceJson,
  type JsonObject,
} from "../cli/json-output.js";
import type { Bridge, DeviceEntry } from "./bridge.js";
import { prepareCommand, runCommand } from "./commands.js";
import { HttpFailure } from "./errors.js";
import type { EventStreams } from "./events.js";
import { readBody, type BridgeApp, type BridgeContext } from "./http-app.js";
import { openApiDocument } from "./openapi.js";

export interface RouteOptions {
  bridge: Bridge;
  events: EventStreams;
  version: string;
  /** How long a call waits for a (re)connection before 504 (default 5000 ms). */
  callWaitMs?: number;
}

function send(c: BridgeContext, values: JsonObject): Response {
  return c.body(pythonJsonLine(resultObject(true, values, new Date())), 200, {
    "content-type": "application/json; charset=utf-8",
  });
}

/** The body's `name` field when the body is a JSON object. */
function field(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** Aborts when the client goes away before the answer. */
function requestSignal(c: BridgeContext): AbortSignal {
  const res: ServerResponse = c.env.outgoing;
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort(new Error("client went away"));
  });
  return controller.signal;
}

function deviceJson(entry: DeviceEntry): JsonObject {
  const managed = entry.managed;
  return {
    ...scanDeviceJson(lib, entry.config),
    connection: managed?.state ?? "idle",
    connection_error: managed && managed.state !== "connected" ? (managed.lastError?.message ?? null) : null,
  };
}

export function registerRoutes(app: BridgeApp, options: RouteOptions): void {
  const { bridge, events } = options;
  const waitMs = options.callWaitMs ?? 5_000;
  const connected = (entry: DeviceEntry, signal: AbortSignal) =>
    bridge.managed(entry).device({ signal, waitMs });

  app.get("/api/openapi.json", (c) => c.json(openApiDocument(options.version)));

  app.get("/api/devices", (c) => send(c, { devices: bridge.devices.map(deviceJson) }));

  app.post("/api/scan", async (c) => {
    await readBody(c); // none expected, but a broken or oversized one is still refused
    const found = await bridge.scan(requestSignal(c));
    return send(c, { devices: found.map(deviceJson) });
  });

  app.get("/api/devices/:id", async (c) => {
    const entry = bridge.get(c.req.param("id"));
    const atv = await connected(entry, requestSignal(c));
    const info = atv.deviceInfo;
    const features: JsonObject = {};
    for (const [name, feature] of atv.features.allFeatures(false))
      features[lib.nameOf(lib.FeatureName, name)] = lib.nameOf(lib.FeatureState, feature.state).toLowerCase();
    return send(c, {
      device: deviceJson(entry),
      device_info: { ...deviceInfoJson(lib, info), build_number: info.buildNumber ?? null },
      features,
    });
  });

  app.get("/api/devices/:id/playing", async (c) => {
    const entry = bridge.get(c.req.param("id"));
    const signal = requestSignal(c);
    const atv = await connected(entry, signal);
    return send(c, await runCommand(atv, "playing", [], signal));
  });

  app.get("/api/devices/:id/artwork", async (c) => {
    const size = (v: string | undefined, what: string): number | undefined => {
      if (v === undefined || v === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 4096)
        throw new HttpFailure(400, "BAD_REQUEST", `${what} must be an integer 1–4096`);
      return n;
    };
    const width = size(c.req.query("width"), "width");
    const height = size(c.req.query("height"), "height");
    const entry = bridge.get(c.req.param("id"));
    const signal = requestSignal(c);
    const atv = await connected(entry, signal);
    const artwork = await atv.metadata.artwork({
      signal,
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
    });
    if (!artwork) throw new HttpFailure(404, "NO_ARTWORK", "no artwork is currently available");
    return c.body(new Uint8Array(artwork.bytes), 200, {
      "content-type": artwork.mimetype,
      "cache-control": "no-store",
    });
  });

  app.post("/api/devices/:id/commands/:command", async (c) => {
    const args = field(await readBody(c), "args");
    const entry = bridge.get(c.req.param("id"));
    prepareCommand(c.req.param("command"), args); // 404/400 before waiting for a connection
    const signal = requestSignal(c);
    const atv = await connected(entry, signal);
    return send(c, await runCommand(atv, c.req.param("command"), args, signal));
  });

  app.post("/api/devices/:id/pair/:protocol", async (c) => {
    await readBody(c);
    const entry = bridge.get(c.req.param("id"));
    const started = await bridge.pairBegin(entry, c.req.param("protocol"), requestSignal(c));
    return send(c, {
      pairing: "started",
      protocol: c.req.param("protocol").toLowerCase(),
      device_provides_pin: started.deviceProvidesPin,
    });
  });

  app.post("/api/devices/:id/pair/:protocol/pin", async (c) => {
    const pin = field(await readBody(c), "pin");
    const entry = bridge.get(c.req.param("id"));
    const paired = await bridge.pairPin(entry, c.req.param("protocol"), pin, requestSignal(c));
    if (!paired) throw new HttpFailure(403, "PAIRING", "pairing did not complete");
    return send(c, { paired: true, protocol: c.req.param("protocol").toLowerCase() });
  });

  app.get("/api/events", (c) => {
    events.serveSse(c.env.incoming, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
}
