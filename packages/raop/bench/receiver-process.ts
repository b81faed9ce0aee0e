/** Runs a RAOP receiver in its own process (so the report measures only the client); prints its port. */
import { startRaopReceiver } from "../src/index.js";

const receiver = await startRaopReceiver({ model: "AppleTV6,2" });
process.stdout.write(`${JSON.stringify({ port: receiver.port, txt: receiver.txt() })}\n`);
process.stdin.on("data", () => {
  process.stdout.write(
    `${JSON.stringify({ audioPackets: receiver.state.audioPackets, bytes: receiver.state.pcm().length })}\n`,
  );
});
process.stdin.on("end", () => void receiver.close().then(() => process.exit(0)));
