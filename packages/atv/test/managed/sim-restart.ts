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

export async function restartableSimulator(options: SimulatorOptions = {}): Promise<RestartableSimulator> {
  const identifier = options.identifier ?? `managed-${process.pid}-${Math.random().toString(16).slice(2)}`;
  let sim = await startSimulator({ ...options, identifier });
  const fixed: SimulatorOptions = {
    ...options,
    identifier,
    mrpPort: sim.info.ports.mrp,
    airplayPort: sim.info.ports.airplay,
    udnsPort: sim.info.ports.udns,
  };
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
      sim = await startSimulator(fixed);
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
