/**
 * Legacy pairing, pair-verify and /auth-setup over real loopback sockets: our HTTP client against
 * an HTTP server that hands bodies to our device-side state machines (the way the AirPlay receiver
 * of the simulator wires them), with pyatv's paths and headers.
 */
import { isAtvError } from "@atv/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  AUTH_SETUP_PATH,
  authSetupRequestBody,
  AuthSetupServer,
  parseAuthSetupResponse,
} from "../../src/auth/auth-setup.js";
import {
  LEGACY_PAIR_SETUP_PATH,
  LEGACY_PAIR_VERIFY_PATH,
  LEGACY_PAIRING_HEADERS,
  LEGACY_PIN_START_PATH,
  type LegacyCredentials,
  LegacyPairingError,
  LegacyPairSetupClient,
  LegacyPairSetupServer,
  LegacyPairVerifyClient,
  LegacyPairVerifyServer,
  LegacyVerifyError,
} from "../../src/auth/legacy/index.js";
import { HttpConnection } from "../../src/http/connection.js";
import { response } from "../../src/http/message.js";
import { HttpServer } from "../../src/http/server.js";

const equal = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function receiver(): Promise<{ port: number; pins: string[]; auth: AuthSetupServer }> {
  const pins: string[] = [];
  const seed = new Uint8Array(32).fill(0x21);
  const setup = new LegacyPairSetupServer({ seed, onPin: (p) => pins.push(p) });
  const verify = new LegacyPairVerifyServer({
    seed,
    isPaired: (key) => [...setup.pairedClients.values()].some((c) => equal(c.publicKey, key)),
  });
  const auth = new AuthSetupServer();
  const server = await HttpServer.listen({
    host: "127.0.0.1",
    handler: (req) => {
      try {
        let body: Uint8Array;
        if (req.uri === LEGACY_PIN_START_PATH || req.uri === LEGACY_PAIR_SETUP_PATH)
          body = setup.handle(req.uri, req.body);
        else if (req.uri === LEGACY_PAIR_VERIFY_PATH) body = verify.handle(req.uri, req.body);
        else if (req.uri === AUTH_SETUP_PATH) body = auth.handle(req.uri, req.body);
        else return response({ status: 404 });
        return response({ status: 200, body });
      } catch (error) {
        const status = error instanceof LegacyPairingError || error instanceof LegacyVerifyError ? 470 : 400;
        if (!isAtvError(error)) throw error;
        return response({ status });
      }
    },
  });
  open.push(server);
  return { port: server.port, pins, auth };
}

async function post(
  conn: HttpConnection,
  uri: string,
  body: Uint8Array,
  contentType?: string,
): Promise<{ status: number; body: Uint8Array }> {
  const headers: Record<string, string> = { ...LEGACY_PAIRING_HEADERS };
  if (contentType !== undefined) headers["Content-Type"] = contentType;
  const res = await conn.request({ method: "POST", uri, headers, body });
  return { status: res.status, body: res.body };
}

async function pair(
  conn: HttpConnection,
  pin: () => string,
): Promise<{ status: number; credentials?: LegacyCredentials }> {
  expect((await post(conn, LEGACY_PIN_START_PATH, new Uint8Array())).status).toBe(200);
  const client = new LegacyPairSetupClient();
  const r1 = await post(conn, LEGACY_PAIR_SETUP_PATH, client.step1());
  const r2 = await post(conn, LEGACY_PAIR_SETUP_PATH, client.step2(r1.body, pin()));
  if (r2.status !== 200) return { status: r2.status };
  const r3 = await post(conn, LEGACY_PAIR_SETUP_PATH, client.step3(r2.body));
  return { status: r3.status, credentials: client.finish(r3.body) };
}

async function verify(conn: HttpConnection, credentials: LegacyCredentials): Promise<number> {
  const client = new LegacyPairVerifyClient();
  const v1 = await post(conn, LEGACY_PAIR_VERIFY_PATH, client.step1(credentials), "application/octet-stream");
  if (v1.status !== 200) return v1.status;
  const v2 = await post(conn, LEGACY_PAIR_VERIFY_PATH, client.step2(v1.body), "application/octet-stream");
  if (v2.status === 200) client.finish(v2.body);
  return v2.status;
}

describe("legacy pairing over loopback HTTP", () => {
  it("pairs with the PIN the device showed, verifies on a new connection, and does /auth-setup", async () => {
    const device = await receiver();
    const conn = await HttpConnection.connect("127.0.0.1", device.port);
    open.push(conn);
    const { status, credentials } = await pair(conn, () => device.pins.at(-1) ?? "");
    expect(status).toBe(200);
    expect(credentials?.kind).toBe("legacy");

    const again = await HttpConnection.connect("127.0.0.1", device.port);
    open.push(again);
    expect(await verify(again, credentials as LegacyCredentials)).toBe(200);

    const auth = await post(again, AUTH_SETUP_PATH, authSetupRequestBody(), "application/octet-stream");
    expect(auth.status).toBe(200);
    expect(parseAuthSetupResponse(auth.body).certificate).toBeDefined();
    expect(device.auth.handshakes).toBe(1);
  });

  it("a wrong PIN gets 470 and no credentials; unpaired credentials fail verify with 470", async () => {
    const device = await receiver();
    const conn = await HttpConnection.connect("127.0.0.1", device.port);
    open.push(conn);
    const wrong = await pair(conn, () =>
      ((Number(device.pins.at(-1)) + 1) % 10000).toString().padStart(4, "0"),
    );
    expect(wrong.status).toBe(470);
    expect(wrong.credentials).toBeUndefined();
    const stranger: LegacyCredentials = {
      kind: "legacy",
      ltsk: new Uint8Array(32).fill(8),
      clientId: new Uint8Array(8),
    };
    expect(await verify(conn, stranger)).toBe(470);
  });
});
