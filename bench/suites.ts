import { run as runAdmin } from './admin.js';

export interface BenchSuite {
  name: string;
  description: string;
  run: () => Promise<void>;
}

/** Every suite `npm run bench` runs, in order. Add a suite: write bench/<name>.ts and list it here. */
export const SUITES: BenchSuite[] = [
  { name: 'admin', description: 'the web admin at scale on PostgreSQL (boot, RSS, list/search/dashboard timings, CSV export memory)', run: runAdmin },
];
