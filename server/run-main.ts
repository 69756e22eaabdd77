/**
 * Runs a process's main function and exits with the code it returns (0 when it returns nothing). A thrown
 * error is reported by `onError`, which prints it (secrets scrubbed by the caller) and picks the exit code.
 * One wrapper for the service, the CLIs and the benchmarks.
 */
export function runMain(main: () => Promise<number | void>, onError: (error: unknown) => number = printError): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error) => process.exit(onError(error)),
  );
}

function printError(error: unknown): number {
  console.error(error);
  return 1;
}
