/** The bridge's OpenAPI 3.1 document, served at GET /api/openapi.json. */
import { commandNames } from "./commands.js";

const json = (description: string, schema: object = { type: "object" }) => ({
  description,
  content: { "application/json": { schema } },
});
const errorRef = { $ref: "#/components/schemas/Error" };
const errors = {
  "400": json("Bad request (arguments)", errorRef),
  "401": json("Missing or wrong bearer token", errorRef),
  "403": json("Origin or host not allowed; pairing/authentication failed", errorRef),
  "404": json("Unknown device or command", errorRef),
  "501": json("Not supported by this device", errorRef),
  "503": json("Not connected (reconnecting) or connection lost", errorRef),
  "504": json("Timed out (waiting for a connection or the device)", errorRef),
};
const deviceId = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: "Any identifier of the device",
};
const protocol = {
  name: "protocol",
  in: "path",
  required: true,
  schema: { type: "string", enum: ["mrp", "airplay", "companion", "raop", "dmap"] },
};

export function openApiDocument(version: string): object {
  return {
    openapi: "3.1.0",
    info: {
      title: "atv serve",
      version,
      description:
        "HTTP bridge to Apple TVs, HomePods and AirPlay receivers. JSON bodies follow `atv --json` (atvscript's schema: `result`, `datetime`, then values).",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        query: { type: "apiKey", in: "query", name: "token" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", description: "AtvError code (e.g. NOT_SUPPORTED) or a bridge code" },
                message: { type: "string" },
              },
            },
          },
        },
        Result: {
          type: "object",
          required: ["result", "datetime"],
          properties: { result: { enum: ["success", "failure"] }, datetime: { type: "string" } },
          additionalProperties: true,
        },
      },
    },
    security: [{ bearer: [] }, { query: [] }, {}],
    paths: {
      "/api/devices": {
        get: {
          summary: "Devices found by scans, with connection state",
          responses: { "200": json("Devices"), ...errors },
        },
      },
      "/api/scan": {
        post: {
          summary: "Scan now and return the devices found",
          responses: { "200": json("Devices"), ...errors },
        },
      },
      "/api/devices/{id}": {
        get: {
          summary: "Device info and features (connects if needed)",
          parameters: [deviceId],
          responses: { "200": json("Device"), ...errors },
        },
      },
      "/api/devices/{id}/playing": {
        get: {
          summary: "What is playing",
          parameters: [deviceId],
          responses: { "200": json("Playing"), ...errors },
        },
      },
      "/api/devices/{id}/artwork": {
        get: {
          summary: "Artwork of what is playing",
          parameters: [
            deviceId,
            { name: "width", in: "query", schema: { type: "integer" } },
            { name: "height", in: "query", schema: { type: "integer" } },
          ],
          responses: {
            "200": {
              description: "The image",
              content: { "image/*": { schema: { type: "string", format: "binary" } } },
            },
            ...errors,
          },
        },
      },
      "/api/devices/{id}/commands/{command}": {
        post: {
          summary: "Run a CLI command (same names and arguments as `atv <command>=<args>`)",
          parameters: [
            deviceId,
            { name: "command", in: "path", required: true, schema: { type: "string", enum: commandNames() } },
          ],
          requestBody: {
            required: false,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { args: { type: "array", items: { type: ["string", "number"] } } },
                },
              },
            },
          },
          responses: { "200": json("The command's --json result"), ...errors },
        },
      },
      "/api/devices/{id}/pair/{protocol}": {
        post: {
          summary: "Start pairing (the device shows a PIN)",
          parameters: [deviceId, protocol],
          responses: { "200": json("Started"), ...errors },
        },
      },
      "/api/devices/{id}/pair/{protocol}/pin": {
        post: {
          summary: "Finish pairing with the PIN; credentials are stored",
          parameters: [deviceId, protocol],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["pin"],
                  properties: { pin: { type: ["string", "integer"] } },
                },
              },
            },
          },
          responses: { "200": json("Paired"), ...errors },
        },
      },
      "/api/events": {
        get: {
          summary:
            "Device events: a WebSocket (Upgrade) or Server-Sent Events (Accept: text/event-stream); ?device= filters",
          parameters: [{ name: "device", in: "query", schema: { type: "string" } }],
          responses: {
            "200": {
              description: "text/event-stream",
              content: { "text/event-stream": { schema: { type: "string" } } },
            },
            ...errors,
          },
        },
      },
      "/api/openapi.json": { get: { summary: "This document", responses: { "200": json("OpenAPI 3.1") } } },
    },
  };
}
