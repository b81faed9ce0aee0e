#!/usr/bin/env node
/**
 * The `atv` command. This file stays tiny: `atv --version` answers from
 * package.json without loading commander or any protocol package; everything
 * else is loaded on demand by ./cli/main.js.
 */
import { readFileSync } from "node:fs";
import { tuneV8ForOneShot } from "./cli/v8-tuning.js";

function packageVersion(): string {
  try {
    // One level below the package root both as src/cli.ts and as dist/cli.js.
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    const parsed = JSON.parse(text) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "unknown";
  } catch {
    return "unknown";
  }
}

async function start(argv: readonly string[]): Promise<number> {
  const version = packageVersion();
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(`atv ${version}\n`);
    return 0;
  }
  // node:v8 is loaded after --version: that answer loads nothing it does not need.
  const { setFlagsFromString } = await import("node:v8");
  tuneV8ForOneShot({
    argv,
    execArgv: process.execArgv,
    nodeOptions: process.env["NODE_OPTIONS"],
    setFlags: setFlagsFromString,
    later: (restore, ms) => setTimeout(restore, ms).unref(),
  });
  const controller = new AbortController();
  let interrupted = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted += 1;
    // A second Ctrl+C ends at once, even if a handler does not honour the signal.
    if (interrupted > 1) process.exit(130);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const { runCli } = await import("./cli/main.js");
  return runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    signal: controller.signal,
    version,
  });
}

start(process.argv.slice(2)).then(
  (code) => {
    // Exit explicitly: stdin or a socket left open by a failing command must not keep the process alive.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`atv: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
