/** The JSON API routes (fastify). Every body is an atvscript-style object written by pythonJsonLine. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as lib from "../index.js";
import { pythonJsonLine, resultObject, scanDeviceJson, type JsonObject } from "../cli/json-output.js";
import type { Bridge, DeviceEntry } from "./bridge.js";
import { prepareCommand, runCommand } from "./commands.js";
import { HttpFailure } from "./errors.js";
import type { EventStreams } from "./events.js";
import { openApiDocument } from "./openapi.js";

export interface RouteOptions {
  bridge: Bridge;
  events: EventStreams;
  version: string;
  /** How long a call waits for a (re)connection before 504 (default 5000 ms). */
  callWaitMs?: number;
}

type IdParams = { id: string };

function send(reply: FastifyReply, values: JsonObject): FastifyReply {
  return reply
    .type("application/json; charset=utf-8")
    .send(pythonJsonLine(resultObject(true, values, new Date())));
}

/** Aborts when the client goes away before the answer. */
function requestSignal(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on("close", () => {
    if (!reply.raw.writableFinished) controller.abort(new Error("client went away"));
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

export function registerRoutes(app: FastifyInstance, options: RouteOptions): void {
  const { bridge, events } = options;
  const waitMs = options.callWaitMs ?? 5_000;
  const connected = (entry: DeviceEntry, signal: AbortSignal) =>
    bridge.managed(entry).device({ signal, waitMs });

  app.get("/api/openapi.json", async (_request, reply) => reply.send(openApiDocument(options.version)));

  app.get("/api/devices", async (_request, reply) =>
    send(reply, { devices: bridge.devices.map(deviceJson) }),
  );

  app.post("/api/scan", async (request, reply) => {
    const found = await bridge.scan(requestSignal(request, reply));
    return send(reply, { devices: found.map(deviceJson) });
  });

  app.get<{ Params: IdParams }>("/api/devices/:id", async (request, reply) => {
    const entry = bridge.get(request.params.id);
    const atv = await connected(entry, requestSignal(request, reply));
    const info = atv.deviceInfo;
    const features: JsonObject = {};
    for (const [name, feature] of atv.features.allFeatures(false))
      features[lib.nameOf(lib.FeatureName, name)] = lib.nameOf(lib.FeatureState, feature.state).toLowerCase();
    return send(reply, {
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

  app.get<{ Params: IdParams }>("/api/devices/:id/playing", async (request, reply) => {
    const entry = bridge.get(request.params.id);
    const signal = requestSignal(request, reply);
    const atv = await connected(entry, signal);
    return send(reply, await runCommand(atv, "playing", [], signal));
  });

  app.get<{ Params: IdParams; Querystring: { width?: string; height?: string } }>(
    "/api/devices/:id/artwork",
    async (request, reply) => {
      const size = (v: string | undefined, what: string): number | undefined => {
        if (v === undefined || v === "") return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 4096)
          throw new HttpFailure(400, "BAD_REQUEST", `${what} must be an integer 1–4096`);
        return n;
      };
      const width = size(request.query.width, "width");
      const height = size(request.query.height, "height");
      const entry = bridge.get(request.params.id);
      const signal = requestSignal(request, reply);
      const atv = await connected(entry, signal);
      const artwork = await atv.metadata.artwork({
        signal,
        ...(width !== undefined ? { width } : {}),
        ...(height !== undefined ? { height } : {}),
      });
      if (!artwork) throw new HttpFailure(404, "NO_ARTWORK", "no artwork is currently available");
      return reply
        .type(artwork.mimetype)
        .header("cache-control", "no-store")
        .send(Buffer.from(artwork.bytes.buffer, artwork.bytes.byteOffset, artwork.bytes.byteLength));
    },
  );

  app.post<{ Params: IdParams & { command: string }; Body: { args?: unknown } | null }>(
    "/api/devices/:id/commands/:command",
    async (request, reply) => {
      const entry = bridge.get(request.params.id);
      const args = request.body?.args;
      prepareCommand(request.params.command, args); // 404/400 before waiting for a connection
      const signal = requestSignal(request, reply);
      const atv = await connected(entry, signal);
      return send(reply, await runCommand(atv, request.params.command, args, signal));
    },
  );

  app.post<{ Params: IdParams & { protocol: string } }>(
    "/api/devices/:id/pair/:protocol",
    async (request, reply) => {
      const entry = bridge.get(request.params.id);
      const started = await bridge.pairBegin(entry, request.params.protocol, requestSignal(request, reply));
      return send(reply, {
        pairing: "started",
        protocol: request.params.protocol.toLowerCase(),
        device_provides_pin: started.deviceProvidesPin,
      });
    },
  );

  app.post<{ Params: IdParams & { protocol: string }; Body: { pin?: unknown } | null }>(
    "/api/devices/:id/pair/:protocol/pin",
    async (request, reply) => {
      const entry = bridge.get(request.params.id);
      const paired = await bridge.pairPin(
        entry,
        request.params.protocol,
        request.body?.pin,
        requestSignal(request, reply),
      );
      if (!paired) throw new HttpFailure(403, "PAIRING", "pairing did not complete");
      return send(reply, { paired: true, protocol: request.params.protocol.toLowerCase() });
    },
  );

  app.get("/api/events", async (request, reply) => {
    reply.hijack();
    events.serveSse(request.raw, reply.raw);
  });
}
