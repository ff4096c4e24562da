// The metrics view's worker thread: reads logs for parallelLogReader.ts (the logic lives there).
import { parentPort } from 'node:worker_threads';
import { serveLogReads } from './parallelLogReader';

if (parentPort) serveLogReads(parentPort);
