import { adminBench } from './admin.js';
import { broadcastBench } from './broadcast.js';
import { copySuite } from './copy.js';
import { purgeBench } from './purge.js';
import { registrationBench } from './registration.js';

export interface BenchSuite {
  name: string;
  description: string;
  run: () => Promise<void>;
}

/** Every suite `npm run bench` runs, in order. Add a suite: write bench/<name>.ts and list it here. */
export const SUITES: BenchSuite[] = [registrationBench, adminBench, copySuite, broadcastBench, purgeBench];
