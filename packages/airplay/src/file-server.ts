/**
 * A short-lived HTTP server that lets the receiver fetch one local file (airplay.md §7.4): only
 * `/<file name>` is served (anything else → 401, as pyatv answers), with `Range` support, bound to
 * the local address that reaches the device.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { basename } from "node:path";

export interface FileServer extends AsyncDisposable {
  /** The URL to hand to the receiver. */
  readonly url: string;
  /** Requests answered (for tests and logs). */
  readonly served: number;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  mp4: "video/mp4",
  m4v: "video/x-m4v",
  mov: "video/quicktime",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  jpg: "image/jpeg",
  png: "image/png",
};

function parseRange(header: string | undefined, size: number): [number, number] | "invalid" | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return "invalid";
  return [start, end];
}

export async function serveFile(path: string, host: string): Promise<FileServer> {
  const info = await stat(path);
  if (!info.isFile()) throw new TypeError(`${path} is not a file`);
  const name = basename(path);
  const route = `/${encodeURIComponent(name)}`;
  const type = TYPES[name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
  let served = 0;
  const server: Server = createServer((req, res) => {
    served++;
    if ((req.url ?? "") !== route || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(401).end();
      return;
    }
    const range = parseRange(req.headers.range, info.size);
    if (range === "invalid") {
      res.writeHead(416, { "Content-Range": `bytes */${info.size}` }).end();
      return;
    }
    const [start, end] = range ?? [0, info.size - 1];
    const headers = {
      "Content-Type": type,
      "Accept-Ranges": "bytes",
      "Content-Length": String(Math.max(0, end - start + 1)),
      ...(range ? { "Content-Range": `bytes ${start}-${end}/${info.size}` } : {}),
    };
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === "HEAD" || info.size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(path, { start, end });
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return {
    url: `http://${urlHost}:${port}${route}`,
    get served() {
      return served;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
