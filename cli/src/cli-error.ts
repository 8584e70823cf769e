/** Exit codes a pipeline can tell apart. */
export const EXIT = {
  ok: 0,
  /** The service refused a call, a task failed, a file could not be read or written. */
  failed: 1,
  /** The command line itself is wrong (unknown command, missing argument, bad value). */
  usage: 2,
  /** `run --fail-under`: the task completed but its readiness score is below the gate. */
  gate: 3,
} as const;

/** An error the CLI reports as one line (or one JSON object) and turns into an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    /** The service's error code when the service refused the call. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage, "USAGE");
