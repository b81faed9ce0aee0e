/**
 * Real peers in network namespaces the test creates (recipe: CONVENTIONS.md "Real peers"),
 * made safe to run next to other tests:
 * - unique namespace, veth and host names per run; a random 10.x.y.0/24 link;
 * - a private dbus-daemon (own config and socket in a temp dir) per avahi-daemon, so
 *   several daemons never fight over the system bus name;
 * - avahi-daemon runs in a private mount namespace with a tmpfs on /run, so its PID file
 *   and socket never clash with another avahi-daemon on the machine;
 * - every process is tracked and killed by PID; namespaces are deleted at the end.
 * Shared by the zeroconf, RAOP and CLI netns tests; skip them with `netnsUnavailableReason()`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One end of a link: its namespace, veth interface and address. */
export interface Side {
  ns: string;
  iface: string;
  address: string;
}

export interface Link {
  id: string;
  dev: Side;
  cli: Side;
  dir: string;
}

const children = new Set<ChildProcess>();
const namespaces = new Set<string>();
const dirs = new Set<string>();

function ip(...args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")} failed: ${r.stderr}`);
}

/**
 * Two namespaces joined by a veth pair, both ends up, loopback up. `label` (two lowercase
 * letters) names them: namespaces `atv<label>-<id>-dev|cli`, interfaces `<label><d|c><id>`.
 */
export function createLink(label = "zc"): Link {
  const id = randomBytes(4).toString("hex");
  const dir = mkdtempSync(join(tmpdir(), `atv-${label}-${id}-`));
  dirs.add(dir);
  const [x, y] = [200 + ((randomBytes(1)[0] as number) % 50), randomBytes(1)[0] as number];
  const link: Link = {
    id,
    dir,
    dev: { ns: `atv${label}-${id}-dev`, iface: `${label}d${id}`, address: `10.${x}.${y}.2` },
    cli: { ns: `atv${label}-${id}-cli`, iface: `${label}c${id}`, address: `10.${x}.${y}.1` },
  };
  for (const side of [link.dev, link.cli]) {
    ip("netns", "add", side.ns);
    namespaces.add(side.ns);
  }
  ip("link", "add", link.dev.iface, "type", "veth", "peer", "name", link.cli.iface);
  for (const side of [link.dev, link.cli]) {
    ip("link", "set", side.iface, "netns", side.ns);
    ip("-n", side.ns, "addr", "add", `${side.address}/24`, "dev", side.iface);
    ip("-n", side.ns, "link", "set", side.iface, "up");
    ip("-n", side.ns, "link", "set", "lo", "up");
  }
  return link;
}

/** A client namespace with a bridge and N device namespaces attached to it (one /24). */
export interface Bridge {
  id: string;
  dir: string;
  /** The client side: its namespace, the bridge interface and the bridge's address (.1). */
  cli: Side;
  /** Device namespaces, addresses .2, .3, … */
  devs: Side[];
}

/**
 * Several device namespaces on one bridge (living in the client namespace), so one client reaches
 * N receivers and multicast DNS flows between all of them and nowhere else. `label` is two
 * lowercase letters; at most 9 devices. Torn down by `teardown()` like `createLink`.
 */
export function createBridge(label: string, devices: number): Bridge {
  if (devices < 1 || devices > 9) throw new RangeError("1–9 devices on a bridge");
  const id = randomBytes(4).toString("hex");
  const dir = mkdtempSync(join(tmpdir(), `atv-${label}-${id}-`));
  dirs.add(dir);
  const [x, y] = [200 + ((randomBytes(1)[0] as number) % 50), randomBytes(1)[0] as number];
  const net = `10.${x}.${y}`;
  const cli: Side = { ns: `atv${label}-${id}-cli`, iface: `${label}b${id}`, address: `${net}.1` };
  ip("netns", "add", cli.ns);
  namespaces.add(cli.ns);
  ip("-n", cli.ns, "link", "add", "name", cli.iface, "type", "bridge");
  ip("-n", cli.ns, "addr", "add", `${cli.address}/24`, "dev", cli.iface);
  ip("-n", cli.ns, "link", "set", cli.iface, "up");
  ip("-n", cli.ns, "link", "set", "lo", "up");
  const devs: Side[] = [];
  for (let i = 0; i < devices; i++) {
    const dev: Side = {
      ns: `atv${label}-${id}-d${i}`,
      iface: `${label}${i}d${id}`,
      address: `${net}.${i + 2}`,
    };
    const port = `${label}${i}p${id}`;
    ip("netns", "add", dev.ns);
    namespaces.add(dev.ns);
    ip("link", "add", dev.iface, "type", "veth", "peer", "name", port);
    ip("link", "set", dev.iface, "netns", dev.ns);
    ip("link", "set", port, "netns", cli.ns);
    ip("-n", cli.ns, "link", "set", port, "master", cli.iface);
    ip("-n", cli.ns, "link", "set", port, "up");
    ip("-n", dev.ns, "addr", "add", `${dev.address}/24`, "dev", dev.iface);
    ip("-n", dev.ns, "link", "set", dev.iface, "up");
    ip("-n", dev.ns, "link", "set", "lo", "up");
    devs.push(dev);
  }
  return { id, dir, cli, devs };
}

export interface Proc {
  child: ChildProcess;
  /** stdout and stderr interleaved. */
  output(): string;
  stdout(): string;
  /** Resolves when the output matches, rejects if the process exits first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM by PID, SIGKILL after 3 s; resolves once it exited. */
  stop(): Promise<void>;
  /** Writes to stdin (only when spawned with `stdin = "pipe"`). */
  write(text: string): void;
  /** Resolves with the exit code once the process exited. */
  exited(): Promise<number | null>;
}

/**
 * Spawns `cmd` inside namespace `ns` (undefined = here; ip netns exec execs, so the child PID is
 * the program's). stdin is /dev/null unless `stdin` is "pipe" (then `write()` feeds it).
 */
export function spawnIn(
  ns: string | undefined,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd?: string,
  stdin: "ignore" | "pipe" = "ignore",
): Proc {
  const argv = ns ? ["netns", "exec", ns, cmd, ...args] : args;
  const child = spawn(ns ? "ip" : cmd, argv, {
    env: { ...process.env, ...env },
    stdio: [stdin, "pipe", "pipe"],
    ...(cwd ? { cwd } : {}),
  });
  children.add(child);
  let out = "";
  let stdout = "";
  let exited = false;
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      children.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    output: () => out,
    stdout: () => stdout,
    write(text) {
      if (!child.stdin) throw new Error(`${cmd} was spawned without a stdin pipe`);
      child.stdin.write(text);
    },
    exited: () => exit,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = (): void => {
          const m = pattern.exec(out);
          if (m) return resolve(m[0]);
          if (exited) return reject(new Error(`${cmd} exited before printing ${pattern}: ${out}`));
          if (Date.now() > deadline)
            return reject(new Error(`${cmd} did not print ${pattern} within ${timeoutMs} ms: ${out}`));
          setTimeout(check, 50);
        };
        check();
      });
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, "SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid as number, "SIGTERM");
  });
}

/** Runs a command in a namespace to completion. */
export function runIn(
  ns: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("ip", ["netns", "exec", ns, cmd, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => void stopChild(child), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A private system-bus for one avahi-daemon; returns the env its clients need. */
export async function startDbus(dir: string, name: string): Promise<{ env: NodeJS.ProcessEnv; proc: Proc }> {
  const socket = join(dir, `${name}.bus`);
  const config = join(dir, `${name}.bus.conf`);
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`,
  );
  const proc = spawnIn(undefined, "dbus-daemon", [
    `--config-file=${config}`,
    "--nofork",
    "--print-address=1",
  ]);
  await proc.waitFor(/unix:path=\S+/);
  return { env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${socket}` }, proc };
}

/** avahi-daemon on one interface of a namespace, with its own bus, host name and /run. */
export async function startAvahi(
  ns: string,
  iface: string,
  hostName: string,
  dir: string,
  busEnv: NodeJS.ProcessEnv,
): Promise<Proc> {
  const config = join(dir, `${hostName}.avahi.conf`);
  writeFileSync(
    config,
    `[server]
host-name=${hostName}
use-ipv4=yes
use-ipv6=no
allow-interfaces=${iface}
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
`,
  );
  const script = `mount -t tmpfs tmpfs /run && mkdir -p /run/avahi-daemon && exec avahi-daemon --no-drop-root --no-chroot -f '${config}'`;
  const proc = spawnIn(ns, "unshare", ["--mount", "--propagation", "private", "sh", "-c", script], busEnv);
  await proc.waitFor(/Server startup complete/);
  return proc;
}

/** Kills every process still running (by PID), deletes the namespaces and temp dirs. */
export async function teardown(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  for (const ns of namespaces) spawnSync("ip", ["netns", "del", ns]);
  namespaces.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
