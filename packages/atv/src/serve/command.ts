/**
 * `atv serve`: starts the bridge, prints one JSON ready line
 * (`{"serve": "ready", "url": …}`) and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { FileStorage, MemoryStorage, type Storage } from "@atv/core";
import type { OutputStream } from "../cli/io.js";
import { startServer } from "./server.js";

export interface ServeIo {
  stdout: OutputStream;
  stderr: OutputStream;
  signal: AbortSignal;
  version?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

const USAGE = `usage: atv serve [--host 127.0.0.1] [--port 0] [--token TOKEN] [--scan-hosts ip,ip] [--scan-port N]
                 [--scan-timeout S] [--storage file|none] [--storage-filename PATH] [--allow-origin URL]…
The token can also come from ATV_SERVE_TOKEN (keeps it out of the process list).
`;

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");

function integer(v: string | undefined, what: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new RangeError(`${what} must be an integer ${min}–${max}`);
  return n;
}

export async function runServe(argv: readonly string[], io: ServeIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: "string" },
        port: { type: "string" },
        token: { type: "string" },
        "scan-hosts": { type: "string", short: "s" },
        "scan-port": { type: "string" },
        "scan-timeout": { type: "string" },
        storage: { type: "string" },
        "storage-filename": { type: "string" },
        "allow-origin": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const env = io.env ?? process.env;
  const token = values.token ?? env["ATV_SERVE_TOKEN"];
  let server;
  try {
    const kind = values.storage ?? "file";
    if (kind !== "file" && kind !== "none") throw new RangeError("--storage must be file or none");
    let storage: Storage;
    if (kind === "none") storage = new MemoryStorage();
    else {
      const file = new FileStorage(values["storage-filename"] ?? FileStorage.defaultPath());
      await file.load({ signal: io.signal });
      storage = file;
    }
    const port = integer(values.port, "--port", 0, 65535);
    const scanPort = integer(values["scan-port"], "--scan-port", 1, 65535);
    const scanTimeout = integer(values["scan-timeout"], "--scan-timeout", 1, 60);
    const scanHosts = list(values["scan-hosts"]);
    server = await startServer({
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(token !== undefined && token !== "" ? { token } : {}),
      ...(values["allow-origin"] ? { allowedOrigins: values["allow-origin"] } : {}),
      ...(scanHosts ? { scanHosts } : {}),
      ...(scanPort !== undefined ? { scanPort } : {}),
      ...(scanTimeout !== undefined ? { scanTimeout } : {}),
      storage,
      ...(io.version !== undefined ? { version: io.version } : {}),
    });
  } catch (error) {
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof RangeError ? 2 : 1;
  }
  io.stdout.write(
    `${JSON.stringify({ serve: "ready", url: server.url, host: server.host, port: server.port, token_required: token !== undefined && token !== "" })}\n`,
  );
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
