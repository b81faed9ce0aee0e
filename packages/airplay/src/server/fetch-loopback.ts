/** The fake receiver fetches a played URL only when it points at this machine (tests never leave it). */
import { request } from "node:http";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" && LOOPBACK.has(parsed.hostname);
  } catch {
    return false;
  }
}

/** GETs the first `maxBytes` with a Range request; resolves with the status and the bytes received. */
export function fetchHead(
  url: string,
  maxBytes = 65536,
  timeoutMs = 5000,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve) => {
    const req = request(url, { headers: { Range: `bytes=0-${maxBytes - 1}` }, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) res.destroy();
      });
      res.on("close", () => resolve({ status: res.statusCode ?? 0, bytes: Math.min(bytes, maxBytes) }));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: 0, bytes: 0 }));
    req.end();
  });
}
