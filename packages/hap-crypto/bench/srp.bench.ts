/**
 * SRP-6a cost per side (3072-bit HAP group, SHA-512): what one pair-setup asks of the client
 * (A, S, M1, K, checking M2) and of the server (v, B, S, checking M1, M2, K). One op = one side of
 * one handshake, so the mean time is the CPU each side spends (everything here is synchronous).
 */
import { bench, describe } from "vitest";
import { SrpClient, type SrpOptions, SrpServer } from "../src/index.js";

const salt = new Uint8Array(16).fill(7);
const groups: ReadonlyArray<{ label: string; options: Pick<SrpOptions, "group" | "username"> }> = [
  { label: "HAP 3072-bit SHA-512", options: {} },
  {
    label: "AirPlay legacy 2048-bit SHA-1",
    options: { group: "airplay-legacy", username: "75FBEEC773CFC563" },
  },
];

for (const { label, options } of groups) {
  describe(`SRP ${label}`, () => {
    const server = new SrpServer({ ...options, salt, password: "1234" });
    const client = new SrpClient({ ...options, salt, password: "1234" });
    client.setServerPublicKey(server.publicKey);
    server.setClientPublicKey(client.publicKey);
    const m1 = client.proof;
    const m2 = server.verifyClientProof(m1) ? server.proof : new Uint8Array();
    const B = server.publicKey;
    const A = client.publicKey;

    bench(
      "client side (A, S, M1, K, check M2)",
      () => {
        const c = new SrpClient({ ...options, salt, password: "1234" });
        c.setServerPublicKey(B);
        void c.proof;
        void c.sessionKey;
        c.verifyServerProof(m2);
        c.dispose();
      },
      { iterations: 20, time: 0 },
    );
    bench(
      "server side (v, B, S, check M1, M2, K)",
      () => {
        const s = new SrpServer({ ...options, salt, password: "1234" });
        void s.publicKey;
        s.setClientPublicKey(A);
        s.verifyClientProof(m1);
        void s.sessionKey;
        s.dispose();
      },
      { iterations: 20, time: 0 },
    );
  });
}
