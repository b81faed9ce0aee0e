/** The fake device in its own process, so the parent measures only the client. Prints {port, credentials}. */
import { createInterface } from "node:readline";
import { pairedDevice } from "./paired-device.js";

const { server, credentials } = await pairedDevice();
process.stdout.write(`${JSON.stringify({ port: server.port, credentials })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "quit") {
    await server.close();
    process.exit(0);
  }
}
