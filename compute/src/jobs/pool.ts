/**
 * The jobs this process runs at once, bounded by MAX_CONCURRENT_JOBS. A job for a task and
 * attempt already running is accepted again without a second run (the queue may redeliver).
 */
import type { Job } from "@agensium/shared";

export type Admission = "started" | "already_running" | "full";

export class JobPool {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly capacity: number,
    private readonly run: (job: Job) => Promise<void>,
    private readonly onError: (job: Job, err: unknown) => void,
  ) {}

  get size(): number {
    return this.running.size;
  }

  admit(job: Job): Admission {
    const key = `${job.task_id}:${job.attempt}`;
    if (this.running.has(key)) return "already_running";
    if (this.running.size >= this.capacity) return "full";
    const promise = this.run(job)
      .catch((err) => this.onError(job, err))
      .finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return "started";
  }

  /** Waits for every running job (used on shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
