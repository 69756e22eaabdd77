export interface EventuallyOptions {
  /** What is awaited, for the error (a function when it should show the state at the moment it failed). */
  what: string | (() => string);
  /** Generous: it only ends a wait that has already failed, never a slow machine's (default 30 s). */
  timeoutMs?: number;
  /** How often `condition` is asked (default 50 ms). */
  everyMs?: number;
}

/**
 * Waits until `condition` holds, for what another process or server does in its own time. (Code of our own that
 * reads the time takes a ManualClock instead, and nothing waits.) `condition` may throw to stop the wait at once,
 * e.g. when the process it waits for has exited.
 */
export async function eventually(condition: () => boolean | Promise<boolean>, options: EventuallyOptions): Promise<void> {
  const { timeoutMs = 30_000, everyMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const what = typeof options.what === 'function' ? options.what() : options.what;
      throw new Error(`waited ${timeoutMs} ms for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
