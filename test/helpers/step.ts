/**
 * One step of a story told in one test (a browser walkthrough whose steps build on each other): the steps run
 * in order inside a single test, so a shuffled run cannot split them, and a failure names its step.
 */
export async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) error.message = `step "${name}": ${error.message}`;
    throw error;
  }
}
