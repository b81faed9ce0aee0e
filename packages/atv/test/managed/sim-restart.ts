/** A simulator that can be stopped and started again on the same ports (reconnect tests). */
import { scan, type AppleTVConfig } from "../../src/index.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";

export interface RestartableSimulator {
  readonly sim: Simulator;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<Simulator>;
  config(): Promise<AppleTVConfig>;
  close(): Promise<void>;
}

const inUse = (error: unknown): boolean => /EADDRINUSE/.test(String(error));

/**
 * Starts on fixed ports below Linux's ephemeral range (32768+), so that between a stop and the
 * next start no other socket bound to port 0 (other tests run in parallel) can take them.
 */
async function startFixed(options: SimulatorOptions): Promise<{ sim: Simulator; fixed: SimulatorOptions }> {
  for (let tries = 0; ; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const fixed = { ...options, mrpPort: base, airplayPort: base + 1, udnsPort: base + 2 };
    try {
      return { sim: await startSimulator(fixed), fixed };
    } catch (error) {
      if (!inUse(error) || tries >= 20) throw error;
    }
  }
}

export async function restartableSimulator(options: SimulatorOptions = {}): Promise<RestartableSimulator> {
  const identifier = options.identifier ?? `managed-${process.pid}-${Math.random().toString(16).slice(2)}`;
  const first = await startFixed({ ...options, identifier });
  let sim = first.sim;
  const fixed = first.fixed;
  let running = true;
  return {
    get sim() {
      return sim;
    },
    get running() {
      return running;
    },
    async stop() {
      running = false;
      await sim.close();
    },
    async start() {
      for (let tries = 0; ; tries++) {
        try {
          sim = await startSimulator(fixed);
          break;
        } catch (error) {
          // Only an explicit bind elsewhere can hold these ports; wait for it to go.
          if (!inUse(error) || tries >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      running = true;
      return sim;
    },
    async config() {
      const [device] = await scan({
        hosts: ["127.0.0.1"],
        port: sim.info.ports.udns,
        timeout: 3,
        knock: false,
      });
      if (!device) throw new Error("the simulator was not found");
      return device;
    },
    async close() {
      if (running) await sim.close();
      running = false;
    },
  };
}
