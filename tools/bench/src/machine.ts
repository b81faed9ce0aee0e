import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import type { MachineInfo } from "./types.js";

export function machineInfo(cwd: string): MachineInfo {
  let gitSha: string | null = null;
  try {
    gitSha = execFileSync("git", ["rev-parse", "HEAD"], { cwd, encoding: "utf8" }).trim();
  } catch {
    gitSha = null;
  }
  const cores = cpus();
  return {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpu: cores[0]?.model.trim() ?? "unknown",
    cores: cores.length,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    date: new Date().toISOString(),
    gitSha,
  };
}
