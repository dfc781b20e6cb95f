// Runs the simulator in its own thread. The benchmark's main thread also carries Swimmy's main
// thread (attack recorder, database, bus): a simulator sharing that event loop would fall behind
// whenever the recorder stores an attack, and send the floods in gulps — measuring the sender.

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  runSimulation,
  type SimulationOptions,
  type SimulationResult,
} from '../../src/flows/simulator/run.ts';

type Job = Omit<SimulationOptions, 'onProgress' | 'onAttackStart' | 'signal'>;

export function simulateInThread(job: Job): Promise<SimulationResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { simulate: job } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const data = workerData as { simulate?: Job } | undefined;
if (!isMainThread && data?.simulate) parentPort!.postMessage(await runSimulation(data.simulate));
