/**
 * The device side of DMAP over real HTTP (node:http): server-info, login by hsgid or
 * pairing GUID, sessions (which tests can expire), playstatusupdate with revision-based
 * long-poll, artwork, ctrl-int commands, control prompts, set/get property. Used by the
 * simulator and the tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "@atv/core";
import { decodeDmap } from "../codec/decode.js";
import { encodeDmap } from "../codec/encode.js";
import { bool, container, str, uint, type DmapNode } from "../codec/node.js";
import { firstString } from "../codec/query.js";
import { DmapDeviceState } from "./state.js";
import { DmapUseCases } from "./use-cases.js";

export interface DmapServerOptions {
  host?: string;
  port?: number;
  /** Device name (server-info `minm`, TXT `CtlN`/`Name`). */
  name?: string;
  /** Home Sharing id accepted by /login (TXT `hG`). Default a fixed test id. */
  hsgid?: string;
  /** Pairing GUIDs (`0x…`) accepted by /login, besides those paired at run time. */
  pairingGuids?: readonly string[];
  /** Largest request body accepted (default 64 KiB). */
  maxRequestBytes?: number;
  logger?: Logger;
}

export const DEFAULT_HSGID = "12345678-6789-1111-2222-012345678911";

const CTRL_INT_COMMANDS = new Set([
  "play",
  "pause",
  "playpause",
  "stop",
  "nextitem",
  "previtem",
  "volumeup",
  "volumedown",
]);

export class DmapServer implements AsyncDisposable {
  readonly state = new DmapDeviceState();
  readonly useCases = new DmapUseCases(this.state);
  readonly name: string;
  readonly hsgid: string;
  /** Pairing GUIDs that may log in (upper-case, with `0x`). */
  readonly pairingGuids: Set<string>;
  /** Every request path the device received (recorder). */
  readonly requests: string[] = [];
  readonly #server: Server;
  readonly #sessions = new Set<number>();
  readonly #waiting = new Set<() => void>();
  readonly #maxRequestBytes: number;
  readonly #log: Logger;
  #nextSession = 55555;
  #closing: Promise<void> | undefined;
  #touchStart: [number, number] | undefined;

  private constructor(options: DmapServerOptions) {
    this.name = options.name ?? "Apple TV";
    this.hsgid = (options.hsgid ?? DEFAULT_HSGID).toUpperCase();
    this.pairingGuids = new Set(
      (options.pairingGuids ?? []).map((g) => g.toUpperCase().replace(/^0X/, "0x")),
    );
    this.#maxRequestBytes = options.maxRequestBytes ?? 64 * 1024;
    this.#log = options.logger ?? createLogger("atv:dmap:device");
    this.#server = createServer((req, res) => this.#receive(req, res));
    this.#server.requestTimeout = 0;
  }

  static async start(options: DmapServerOptions = {}): Promise<DmapServer> {
    const server = new DmapServer(options);
    await new Promise<void>((resolve, reject) => {
      server.#server.once("error", reject);
      server.#server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
        server.#server.off("error", reject);
        resolve();
      });
    });
    return server;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** TXT record of `_touch-able._tcp` (CtlN, DbId, …) and `_appletv-v2._tcp` (Name, hG). */
  get touchAbleProperties(): Record<string, string> {
    return {
      CtlN: this.name,
      DbId: "0123456789ABCDEF",
      Ver: "131075",
      DvTy: "AppleTV",
      txtvers: "1",
      OSsi: "0x1F5",
    };
  }

  get homeSharingProperties(): Record<string, string> {
    return { Name: this.name, hG: this.hsgid, txtvers: "1", "Database ID": "0123456789ABCDEF" };
  }

  /** Forgets every session: the next request with an old session id is answered 403. */
  expireSessions(): void {
    this.#sessions.clear();
  }

  /** Number of active sessions (tests). */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  async close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const release of this.#waiting) release();
      this.#waiting.clear();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.#maxRequestBytes) {
        res.writeHead(413, { Connection: "close" }).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.writableEnded) return;
      try {
        this.#route(req, res, new Uint8Array(Buffer.concat(chunks)));
      } catch (error) {
        this.#log("request failed: %s", error instanceof Error ? error.message : String(error));
        if (!res.headersSent) res.writeHead(400).end();
      }
    });
  }

  #reply(res: ServerResponse, nodes: DmapNode[] | Uint8Array, status = 200): void {
    const body = nodes instanceof Uint8Array ? nodes : encodeDmap(...nodes);
    res.writeHead(status, { "Content-Type": "application/x-dmap-tagged", "Content-Length": body.length });
    res.end(body);
  }

  #route(req: IncomingMessage, res: ServerResponse, body: Uint8Array): void {
    const url = new URL(req.url ?? "/", "http://device");
    const path = url.pathname.replace(/^\/+/, "");
    this.requests.push(`${req.method ?? "?"} /${path}${url.search}`);
    const q = url.searchParams;

    if (path === "server-info") {
      this.#reply(res, [
        container(
          "msrv",
          uint("mstt", 200),
          uint("mpro", 0x20009),
          str("minm", this.name),
          uint("apro", 0x3000b),
          bool("mslr", true),
          uint("mstm", 1800),
          uint("msdc", 1),
        ),
      ]);
      return;
    }
    if (path === "login") {
      const guid = q.get("pairing-guid");
      const hsgid = q.get("hsgid");
      const ok =
        (hsgid !== null && hsgid.toUpperCase() === this.hsgid) ||
        (guid !== null && this.pairingGuids.has(guid.toUpperCase().replace(/^0X/, "0x")));
      if (!ok) {
        res.writeHead(503).end();
        return;
      }
      const id = this.#nextSession++;
      this.#sessions.add(id);
      this.#reply(res, [container("mlog", uint("mstt", 200), uint("mlid", id))]);
      return;
    }
    if (!this.#sessions.has(Number(q.get("session-id")))) {
      res.writeHead(403).end();
      return;
    }
    const command = path.startsWith("ctrl-int/1/") ? path.slice("ctrl-int/1/".length) : undefined;
    if (command === undefined) {
      res.writeHead(404).end();
      return;
    }
    if (command === "playstatusupdate" && req.method === "GET") {
      this.#playstatus(Number(q.get("revision-number") ?? "0"), res);
    } else if (command === "nowplayingartwork" && req.method === "GET") {
      this.state.artworkRequests.push([Number(q.get("mw") ?? 0), Number(q.get("mh") ?? 0)]);
      const art = this.state.playStatus === 0 ? undefined : this.state.artwork;
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": art?.length ?? 0 });
      res.end(art);
    } else if (command === "getproperty" && req.method === "GET") {
      if (q.get("properties") !== "dmcp.volume") {
        res.writeHead(500).end();
        return;
      }
      this.#reply(res, [container("cmgt", uint("mstt", 200), uint("cmvo", this.state.volume))]);
    } else if (req.method === "POST" && CTRL_INT_COMMANDS.has(command)) {
      this.#ctrlInt(command);
      res.writeHead(200, { "Content-Length": 0 }).end();
    } else if (req.method === "POST" && command === "controlpromptentry") {
      this.#controlPrompt(body);
      res.writeHead(200, { "Content-Length": 0 }).end();
    } else if (req.method === "POST" && command === "setproperty") {
      this.#setProperty(q);
      res.writeHead(200, { "Content-Length": 0 }).end();
    } else {
      res.writeHead(500).end();
    }
  }

  /** Answers at once unless the client already has the current revision: then waits for a change. */
  #playstatus(revision: number, res: ServerResponse): void {
    if (revision === 0 || revision !== this.state.revision) {
      this.#reply(res, this.state.playstatus());
      return;
    }
    const release = (): void => {
      off();
      this.#waiting.delete(release);
      if (!res.destroyed && !res.writableEnded) this.#reply(res, this.state.playstatus());
    };
    const off = this.state.once("changed", release);
    this.#waiting.add(release);
    res.on("close", () => {
      off();
      this.#waiting.delete(release);
    });
  }

  #ctrlInt(command: string): void {
    this.state.record(command);
    const s = this.state;
    switch (command) {
      case "play":
        s.update((st) => (st.playStatus = 4));
        break;
      case "pause":
        s.update((st) => (st.playStatus = 3));
        break;
      case "playpause":
        s.update((st) => (st.playStatus = st.playStatus === 4 ? 3 : 4));
        break;
      case "stop":
        s.update((st) => (st.playStatus = 2));
        break;
      case "volumeup":
        s.update((st) => (st.volume = Math.min(100, st.volume + 5)));
        break;
      case "volumedown":
        s.update((st) => (st.volume = Math.max(0, st.volume - 5)));
        break;
      default:
        break;
    }
  }

  #controlPrompt(body: Uint8Array): void {
    const nodes = decodeDmap(body, { maxDepth: 4 });
    const text = firstString(nodes, "cmbe") ?? "";
    const touch = /^touch(Down|Move|Up)&time=\d+&point=(\d+),(\d+)$/.exec(text);
    if (!touch) {
      this.state.record(text);
      return;
    }
    const point: [number, number] = [Number(touch[2]), Number(touch[3])];
    if (touch[1] === "Down") this.#touchStart = point;
    if (touch[1] !== "Up" || !this.#touchStart) return;
    const [dx, dy] = [point[0] - this.#touchStart[0], point[1] - this.#touchStart[1]];
    this.#touchStart = undefined;
    if (Math.abs(dx) > Math.abs(dy)) this.state.record(dx < 0 ? "left" : "right");
    else this.state.record(dy < 0 ? "up" : "down");
  }

  #setProperty(q: URLSearchParams): void {
    for (const [key, raw] of q) {
      if (key === "session-id") continue;
      const value = Number(raw);
      this.state.properties.push([key, value]);
      this.state.update((s) => {
        if (key === "dacp.playingtime") s.nowPlaying = { ...s.nowPlaying, positionMs: value };
        else if (key === "dacp.shufflestate") s.shuffle = value;
        else if (key === "dacp.repeatstate") s.repeat = value;
        else if (key === "dmcp.volume") s.volume = value;
      });
    }
  }
}

/** Starts a fake DMAP device on loopback (default) and resolves once it listens. */
export function startDmapServer(options: DmapServerOptions = {}): Promise<DmapServer> {
  return DmapServer.start(options);
}
