/**
 * Network namespaces and real peers for CLI tests (CONVENTIONS.md "Real peers"), in the
 * manner of @atv/zeroconf's netns helpers: unique names per run, a random 10.x.y.0/24
 * veth link, a private dbus-daemon per avahi-daemon, avahi in its own mount namespace
 * (tmpfs /run); every process tracked and stopped by PID, namespaces deleted at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

export function createLink(): Link {
  const id = randomBytes(4).toString("hex");
  const dir = mkdtempSync(join(tmpdir(), `atv-dmap-${id}-`));
  dirs.add(dir);
  const [x, y] = [200 + ((randomBytes(1)[0] ?? 0) % 50), randomBytes(1)[0] ?? 0];
  const link: Link = {
    id,
    dir,
    dev: { ns: `atvdm-${id}-dev`, iface: `md${id}`, address: `10.${x}.${y}.2` },
    cli: { ns: `atvdm-${id}-cli`, iface: `mc${id}`, address: `10.${x}.${y}.1` },
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

export interface Proc {
  child: ChildProcess;
  output(): string;
  stdout(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  write(text: string): void;
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Spawns `cmd` in namespace `ns` (undefined = here) with piped stdin/stdout/stderr. */
export function spawnIn(
  ns: string | undefined,
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Proc {
  const child = spawn(ns ? "ip" : cmd, ns ? ["netns", "exec", ns, cmd, ...args] : args, {
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  children.add(child);
  let out = "";
  let stdout = "";
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      children.delete(child);
      resolve(code);
    }),
  );
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    stdout: () => stdout,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = (): void => {
          const m = pattern.exec(out);
          if (m) return resolve(m[0]);
          if (exited) return reject(new Error(`${cmd} exited before printing ${pattern}: ${out}`));
          if (Date.now() > deadline) return reject(new Error(`${cmd} did not print ${pattern}: ${out}`));
          setTimeout(check, 50);
        };
        check();
      });
    },
    write: (text) => void child.stdin.write(text),
    exited: () => exit,
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
export async function runIn(
  ns: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string }> {
  const proc = spawnIn(ns, cmd, args, { env });
  proc.child.stdin?.end();
  const timer = setTimeout(() => void proc.stop(), 20_000);
  const code = await proc.exited();
  clearTimeout(timer);
  return { code, stdout: proc.stdout() };
}

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

export async function startAvahi(link: Link, side: Side, busEnv: NodeJS.ProcessEnv): Promise<Proc> {
  const hostName = `${side.ns}`;
  const config = join(link.dir, `${hostName}.avahi.conf`);
  writeFileSync(
    config,
    `[server]
host-name=${hostName}
use-ipv4=yes
use-ipv6=no
allow-interfaces=${side.iface}
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
`,
  );
  const script = `mount -t tmpfs tmpfs /run && mkdir -p /run/avahi-daemon && exec avahi-daemon --no-drop-root --no-chroot -f '${config}'`;
  const proc = spawnIn(side.ns, "unshare", ["--mount", "--propagation", "private", "sh", "-c", script], {
    env: busEnv,
  });
  await proc.waitFor(/Server startup complete/);
  return proc;
}

export async function teardown(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  for (const ns of namespaces) spawnSync("ip", ["netns", "del", ns]);
  namespaces.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
