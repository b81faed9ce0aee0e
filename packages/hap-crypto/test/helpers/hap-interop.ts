/** Our controller against a HAP accessory over HTTP: pair-setup, pair-verify, encrypted GET. */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import {
  deriveHapSessionKeys,
  HapBlockCipher,
  type HapPairingCredentials,
  PairSetupClient,
  type PairSetupResult,
  PairVerifyClient,
} from "../../src/index.js";
import { HttpConnection } from "./http.js";

const TLV8 = "application/pairing+tlv8";

async function post(connection: HttpConnection, path: string, body: Uint8Array): Promise<Uint8Array> {
  const response = await connection.request("POST", path, body, TLV8);
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return response.body;
}

/** Pair-setup M1–M6 over `POST /pair-setup` on one connection. */
export async function pairSetup(host: string, port: number, pin: string): Promise<PairSetupResult> {
  const connection = await HttpConnection.connect(host, port);
  try {
    const client = new PairSetupClient({ pairingId: randomUUID().toUpperCase() });
    const m2 = await post(connection, "/pair-setup", client.start());
    const m4 = await post(connection, "/pair-setup", client.handleM2(m2, pin));
    const m6 = await post(connection, "/pair-setup", client.handleM4(m4));
    return client.handleM6(m6);
  } finally {
    connection.close();
  }
}

/** Pair-verify over `POST /pair-verify`, then the connection is HAP-encrypted; returns it. */
export async function pairVerify(
  host: string,
  port: number,
  credentials: HapPairingCredentials,
): Promise<HttpConnection> {
  const connection = await HttpConnection.connect(host, port);
  const client = new PairVerifyClient(credentials);
  try {
    const m2 = await post(connection, "/pair-verify", client.start());
    const m4 = await post(connection, "/pair-verify", client.handleM2(m2));
    const { sharedSecret } = client.handleM4(m4);
    connection.encrypt(new HapBlockCipher(deriveHapSessionKeys(sharedSecret, "client")));
    sharedSecret.fill(0);
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

export interface Accessory {
  child: ChildProcess;
  port: number;
  username: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Starts test/fixtures/hap-accessory.ts (optionally under a command prefix such as `ip netns exec ns`). */
export async function startAccessory(
  args: { mode: "server" | "accessory"; bind: string; pincode: string; username: string; storage: string },
  prefix: string[] = [],
): Promise<Accessory> {
  const fixture = new URL("../fixtures/hap-accessory.ts", import.meta.url).pathname;
  const command = [
    ...prefix,
    process.execPath,
    "--import",
    "tsx",
    fixture,
    args.mode,
    args.bind,
    args.pincode,
    args.username,
    args.storage,
  ];
  const child = spawn(command[0] as string, command.slice(1), {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: new URL("../..", import.meta.url).pathname,
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<{ port: number; username: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`accessory did not start: ${stderr}`)), 20_000);
    lines.on("line", (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: number; username?: string };
        if (typeof parsed.port === "number") {
          clearTimeout(timer);
          resolve({ port: parsed.port, username: parsed.username ?? "" });
        }
      } catch {
        // not our line
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`accessory exited with ${code}: ${stderr}`));
    });
  });
  return {
    child,
    ...ready,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
