// The detector thread: receives every collector worker's tick tables on its own MessagePorts,
// evaluates each tick as soon as all workers have posted it (or its grace period is over), and
// sends attack events to the main thread, which stores and publishes them. Nothing else runs
// here, so neither decoding load nor the web side delays an evaluation.

import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { DetectorEvent } from '../../detection/engine/attack.ts';
import { Detector } from '../../detection/engine/detector.ts';
import type { TickMessage } from '../../detection/engine/tick-counter.ts';
import type { DetectorWorkerData, DetectorWorkerMessage } from './messages.ts';

const data = workerData as DetectorWorkerData & { ports: MessagePort[] };
const parent = parentPort!;
const post = (m: DetectorWorkerMessage) => parent.postMessage(m);
const detector = new Detector(data.settings, { workers: data.workers });
const ports: MessagePort[] = [];
let timer: NodeJS.Timeout | undefined;

function emit(events: DetectorEvent[]): void {
  if (events.length > 0) post({ type: 'events', events });
  const watch = detector.takeWatchList();
  if (watch) for (const port of ports) port.postMessage({ type: 'watch', keys: watch });
  schedule();
}

/** Wakes up when the next tick is due even if a worker stays silent. */
function schedule(): void {
  const due = detector.nextDueMs();
  if (due === null) return;
  clearTimeout(timer);
  timer = setTimeout(() => emit(detector.due()), Math.max(0, due - Date.now()));
}

function attach(port: MessagePort): void {
  ports.push(port);
  port.on('message', (message: TickMessage) => {
    if (message.type === 'tick') emit(detector.ingest(message));
  });
  port.on('close', () => ports.splice(ports.indexOf(port), 1));
}

for (const port of data.ports) attach(port);
parent.on('message', (m: { type: 'attach'; port: MessagePort }) => {
  if (m.type === 'attach') attach(m.port);
});
setInterval(() => post({ type: 'stats', stats: detector.stats() }), data.statsIntervalMs);
