/** A fake AirPlay receiver in its own process (so the report measures the client, not both sides on one thread). */
import { startAirPlayServer } from "../src/index.js";

const server = await startAirPlayServer({ pin: 1234 });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
