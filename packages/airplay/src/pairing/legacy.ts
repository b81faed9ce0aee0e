/**
 * Wiring of AirPlay 1 legacy pairing (airplay.md §5.3) onto the HTTP connection: the sans-IO state
 * machines live in `../auth/legacy`; this file only moves their bodies over `/pair-pin-start`,
 * `/pair-setup-pin` and `/pair-verify`, on the client and on the fake receiver.
 */
import { formatCredentials, type HapCredentials } from "@atv/hap-crypto";
import type { CallOptions } from "@atv/core";
import {
  LEGACY_PAIRING_HEADERS,
  LegacyPairingError,
  LegacyPairSetupClient,
  LegacyPairSetupServer,
  LegacyPairVerifyClient,
  LegacyPairVerifyServer,
  LegacyVerifyError,
  MalformedLegacyMessageError,
} from "../auth/legacy/index.js";
import { AirPlayHttpError, ConnectionAuthorizationRequiredError } from "../errors.js";
import type { HttpConnection } from "../http/connection.js";
import { response, type HttpRequest, type HttpResponse } from "../http/message.js";
import type { LegacyPairing } from "./handler.js";

type Call = CallOptions & { timeoutMs?: number };

async function post(
  connection: HttpConnection,
  path: string,
  body: Uint8Array,
  headers: [string, string][],
  options: Call,
): Promise<Uint8Array> {
  const answer = await connection.request(
    { method: "POST", uri: path, headers, body },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  );
  if (answer.status === 470)
    throw new ConnectionAuthorizationRequiredError(`${path}: 470 Connection Authorization Required`);
  if (answer.status !== 200)
    throw new AirPlayHttpError(`${path}: device answered ${answer.status} ${answer.reason}`, answer.status);
  return answer.body;
}

/** Client side of legacy pair-setup, for AirPlayPairingHandler. */
export function legacyPairing(): LegacyPairing {
  let client: LegacyPairSetupClient | undefined;
  return {
    async begin(connection, options) {
      await post(
        connection,
        "/pair-pin-start",
        new Uint8Array(0),
        Object.entries(LEGACY_PAIRING_HEADERS),
        options,
      );
      client = new LegacyPairSetupClient();
    },
    async finish(connection, pin, options) {
      const setup = client;
      if (!setup) throw new LegacyPairingError("legacy pairing was not begun", { reason: "invalid-state" });
      client = undefined;
      try {
        const r1 = await post(connection, "/pair-setup-pin", setup.step1(), [], options);
        const r2 = await post(connection, "/pair-setup-pin", setup.step2(r1, pin), [], options);
        const r3 = await post(connection, "/pair-setup-pin", setup.step3(r2), [], options);
        return formatCredentials(setup.finish(r3));
      } finally {
        setup.dispose();
      }
    },
  };
}

/** Client side of legacy pair-verify (no keys result: the connection stays in the clear). */
export async function legacyVerify(
  connection: HttpConnection,
  credentials: HapCredentials,
  options: Call,
): Promise<void> {
  if (credentials.kind !== "legacy") throw new TypeError("legacy pair-verify needs legacy credentials");
  const verify = new LegacyPairVerifyClient();
  const headers: [string, string][] = [["Content-Type", "application/octet-stream"]];
  const v1 = await post(connection, "/pair-verify", verify.step1(credentials), headers, options);
  const v2 = await post(connection, "/pair-verify", verify.step2(v1), headers, options);
  verify.finish(v2);
}

/** Device side: answers legacy pairing requests; paired clients' keys are kept in `paired`. */
export class LegacyReceiverAuth {
  readonly #pin: string;
  readonly #seed: Uint8Array;
  readonly #paired: Uint8Array[] = [];
  readonly #setups = new WeakMap<HttpConnection, LegacyPairSetupServer>();
  readonly #verifies = new WeakMap<HttpConnection, LegacyPairVerifyServer>();

  constructor(pin: string, seed: Uint8Array) {
    this.#pin = pin;
    this.#seed = new Uint8Array(seed);
  }

  get pairedCount(): number {
    return this.#paired.length;
  }

  /** Whether this request belongs to legacy pairing (HAP pairing carries `X-Apple-HKP`). */
  isLegacy(request: HttpRequest, connection: HttpConnection): boolean {
    const path = request.uri;
    if (path === "/pair-setup-pin") return true;
    if (request.headers.has("X-Apple-HKP")) return false;
    if (path === "/pair-pin-start") return true;
    if (path !== "/pair-verify") return false;
    return (
      this.#verifies.get(connection)?.state === "step1-done" ||
      (request.body.length === 68 && request.body[0] === 1)
    );
  }

  /** Answers a legacy request; returns true from `onVerified` checks via the callback. */
  handle(request: HttpRequest, connection: HttpConnection, onVerified: () => void): HttpResponse {
    try {
      if (request.uri === "/pair-verify") {
        let verify = this.#verifies.get(connection);
        if (!verify) {
          verify = new LegacyPairVerifyServer({
            seed: this.#seed,
            isPaired: (key) => this.#paired.some((k) => Buffer.from(k).equals(Buffer.from(key))),
          });
          this.#verifies.set(connection, verify);
          connection.on("closed", () => verify?.dispose());
        }
        const body = verify.handle(request.uri, request.body);
        if (verify.state === "verified") onVerified();
        return response({ status: 200, headers: { "Content-Type": "application/octet-stream" }, body });
      }
      let setup = this.#setups.get(connection);
      if (!setup) {
        setup = new LegacyPairSetupServer({
          pin: this.#pin,
          seed: this.#seed,
          onPaired: (client) => this.#paired.push(new Uint8Array(client.publicKey)),
        });
        this.#setups.set(connection, setup);
        connection.on("closed", () => setup?.dispose());
      }
      const body = setup.handle(request.uri, request.body);
      return response({
        status: 200,
        headers: body.length ? { "Content-Type": "application/x-apple-binary-plist" } : {},
        body,
      });
    } catch (error) {
      if (error instanceof MalformedLegacyMessageError) return response({ status: 400 });
      if (error instanceof LegacyPairingError || error instanceof LegacyVerifyError)
        return response({ status: 470 });
      return response({ status: 500 });
    }
  }
}
