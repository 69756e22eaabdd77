import type { Logger } from 'pino';

export interface BackgroundTask {
  name: string;
  everyMs: number;
  run: (signal: AbortSignal) => Promise<void>;
}

/**
 * Runs periodic tasks (pruning, outbox delivery) one run at a time each; a failing run is logged and the
 * task goes on. `stop` waits for the runs in progress, so shutdown closes the pool after them.
 */
export function startBackgroundTasks(tasks: BackgroundTask[], logger: Logger) {
  const controller = new AbortController();
  const running = new Set<Promise<void>>();
  const timers = tasks.map((task) => {
    let busy = false;
    const tick = () => {
      if (busy || controller.signal.aborted) return;
      busy = true;
      const run = task
        .run(controller.signal)
        .catch((error) => logger.warn({ err: error, task: task.name }, 'background task failed; will retry'))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    setImmediate(tick);
    return setInterval(tick, task.everyMs);
  });
  return {
    signal: controller.signal,
    async stop() {
      controller.abort();
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}
