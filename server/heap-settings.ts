import v8 from 'node:v8';

/**
 * V8's heap sizing for a small server, set before anything else runs. By default V8 lets the old generation grow
 * to ~4× its live size before a full collection (and the young generation to 2 × 64 MB under a steady
 * allocation rate): a 100,000-row export (short-lived rows, little held) took the server from ~330 MB to
 * 460–550 MB of RSS that way, though the live heap stayed ~85 MB. A 20 % growth step here, and 16 MB
 * semi-spaces (server/node-flags.ts: V8 reads that one only at start, so it is on the command line), keep the
 * peak within ~25 MB of the start (bench/admin.ts prints it), for more, shorter collections.
 */
v8.setFlagsFromString('--heap-growing-percent=20');
