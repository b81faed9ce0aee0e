/** The JSON API routes. Every body is an atvscript-style object written by pythonJsonLine. */
import type { ServerResponse } from "node:http";
import * as lib from "../index.js";
import { pythonJsonLine, resultObject, scanDeviceJson, type JsonObject } from "../cli/json-output.js";
import type { Bridge, DeviceEntry } from "./bridge.js";
import { prepareCommand, runCommand } from "./commands.js";
import { HttpFailure } from "./errors.js";
import type { RouteReply, RouteRequest, Router } from "./http-router.js";
import type { EventStreams } from "./events.js";
import { openApiDocument } from "./openapi.js";

export interface RouteOptions {
  bridge: Bridge;
  events: EventStreams;
  version: string;
  /** How long a call waits for a (re)connection before 504 (default 5000 ms). */
  callWaitMs?: number;
}

function send(values: JsonObject): RouteReply {
  return {
    type: "application/json; charset=utf-8",
    body: pythonJsonLine(resultObject(true, values, new Date())),
  };
}

/** A route parameter the route pattern guarantees. */
function param(request: RouteRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new HttpFailure(500, "INTERNAL", `route without :${name}`);
  return value;
}

/** The body's `name` field when the body is a JSON object. */
function field(request: RouteRequest, name: string): unknown {
  const body = request.body;
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** Aborts when the client goes away before the answer. */
function requestSignal(res: ServerResponse): AbortSignal {
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

export function registerRoutes(app: Router, options: RouteOptions): void {
  const { bridge, events } = options;
  const waitMs = options.callWaitMs ?? 5_000;
  const connected = (entry: DeviceEntry, signal: AbortSignal) =>
    bridge.managed(entry).device({ signal, waitMs });

  app.get("/api/openapi.json", () => ({ json: openApiDocument(options.version) }));

  app.get("/api/devices", () => send({ devices: bridge.devices.map(deviceJson) }));

  app.post("/api/scan", async (request, res) => {
    const found = await bridge.scan(requestSignal(res));
    return send({ devices: found.map(deviceJson) });
  });

  app.get("/api/devices/:id", async (request, res) => {
    const entry = bridge.get(param(request, "id"));
    const atv = await connected(entry, requestSignal(res));
    const info = atv.deviceInfo;
    const features: JsonObject = {};
    for (const [name, feature] of atv.features.allFeatures(false))
      features[lib.nameOf(lib.FeatureName, name)] = lib.nameOf(lib.FeatureState, feature.state).toLowerCase();
    return send({
      device: deviceJson(entry),
      device_info: {
        mac: info.mac ?? null,
        model: lib.nameOf(lib.DeviceModel, info.model),
        model_str: info.modelStr,
        operating_system: lib.nameOf(lib.OperatingSystem, info.operatingSystem),
        version: info.version ?? null,
        build_number: info.buildNumber ?? null,
      },
      features,
    });
  });

  app.get("/api/devices/:id/playing", async (request, res) => {
    const entry = bridge.get(param(request, "id"));
    const signal = requestSignal(res);
    const atv = await connected(entry, signal);
    return send(await runCommand(atv, "playing", [], signal));
  });

  app.get("/api/devices/:id/artwork", async (request, res) => {
    const size = (v: string | undefined, what: string): number | undefined => {
      if (v === undefined || v === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 4096)
        throw new HttpFailure(400, "BAD_REQUEST", `${what} must be an integer 1–4096`);
      return n;
    };
    const width = size(request.query.get("width") ?? undefined, "width");
    const height = size(request.query.get("height") ?? undefined, "height");
    const entry = bridge.get(param(request, "id"));
    const signal = requestSignal(res);
    const atv = await connected(entry, signal);
    const artwork = await atv.metadata.artwork({
      signal,
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
    });
    if (!artwork) throw new HttpFailure(404, "NO_ARTWORK", "no artwork is currently available");
    return { type: artwork.mimetype, headers: { "cache-control": "no-store" }, body: artwork.bytes };
  });

  app.post("/api/devices/:id/commands/:command", async (request, res) => {
    const entry = bridge.get(param(request, "id"));
    const args = field(request, "args");
    prepareCommand(param(request, "command"), args); // 404/400 before waiting for a connection
    const signal = requestSignal(res);
    const atv = await connected(entry, signal);
    return send(await runCommand(atv, param(request, "command"), args, signal));
  });

  app.post("/api/devices/:id/pair/:protocol", async (request, res) => {
    const entry = bridge.get(param(request, "id"));
    const started = await bridge.pairBegin(entry, param(request, "protocol"), requestSignal(res));
    return send({
      pairing: "started",
      protocol: param(request, "protocol").toLowerCase(),
      device_provides_pin: started.deviceProvidesPin,
    });
  });

  app.post("/api/devices/:id/pair/:protocol/pin", async (request, res) => {
    const entry = bridge.get(param(request, "id"));
    const paired = await bridge.pairPin(
      entry,
      param(request, "protocol"),
      field(request, "pin"),
      requestSignal(res),
    );
    if (!paired) throw new HttpFailure(403, "PAIRING", "pairing did not complete");
    return send({ paired: true, protocol: param(request, "protocol").toLowerCase() });
  });

  app.get("/api/events", (request, res) => {
    events.serveSse(request.raw, res);
    return { hijacked: true };
  });
}
