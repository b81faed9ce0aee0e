/** Runs inside a namespace: a multicast Responder for the options in argv[2]; prints "ready"; SIGTERM closes it. */
import { createResponder, type ResponderOptions } from "../../src/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as ResponderOptions;
const responder = createResponder({ ...options, logger: { debug: (m) => process.stderr.write(`${m}\n`) } });
responder.on("query", (q, s) =>
  process.stderr.write(
    `query from ${s.address}:${s.port} ${q.questions.map((x) => `${x.name}/${x.type}`).join(" ")}\n`,
  ),
);
responder.on("rename", (from, to) =>
  process.stdout.write(`rename ${JSON.stringify(from)} -> ${JSON.stringify(to)}\n`),
);
await responder.start();
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void responder.close().then(() => process.exit(0));
});
