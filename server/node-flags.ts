/**
 * Node's flags on the server's command line (package.json's start, the Dockerfile's CMD, the dev kit's server):
 * 16 MB semi-spaces, which V8 reads only at start (server/heap-settings.ts says why).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];
