import { createServer, type Socket } from "node:net";
import { MrpConnection, type ConnectionOptions } from "../../src/connection.js";

/** Two MrpConnections joined over a loopback TCP socket: `client` and `device`. */
export async function connectionPair(
  options: { client?: ConnectionOptions; device?: ConnectionOptions } = {},
): Promise<{ client: MrpConnection; device: MrpConnection; close(): Promise<void> }> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => {
    server.once("connection", resolve);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const client = await MrpConnection.connect("127.0.0.1", port, options.client);
  const device = new MrpConnection(await accepted, { label: "device", ...options.device });
  server.close();
  return {
    client,
    device,
    close: async () => {
      await Promise.all([client.close(), device.close()]);
    },
  };
}

/** Collects unhandled rejections while `run` executes (and a little after). */
export async function withoutUnhandledRejections(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const handler = (reason: unknown): void => void seen.push(reason);
  process.on("unhandledRejection", handler);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 30));
  } finally {
    process.off("unhandledRejection", handler);
  }
  return seen;
}
