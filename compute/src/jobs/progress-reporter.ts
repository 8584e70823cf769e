/**
 * Live progress for the edge, apart from the heartbeat: a `progress` callback every interval
 * while the state moves (and at least every two intervals while the job works), at once when an
 * agent starts, and on demand when one ends. One send at a time, newest state first: a slow
 * edge makes us skip states, never queue them. Each send carries a higher `seq`, so the edge
 * can drop a late or repeated one with a single guarded UPDATE.
 */
import type { CallbackEvent } from "@agensium/shared";

export interface ProgressState {
  progress: number;
  agentId?: string;
  rows?: number;
  step?: string;
}

type ProgressEvent = Omit<Extract<CallbackEvent, { type: "progress" }>, "event_id" | "attempt">;

export interface ProgressReporterOptions {
  jobId: string;
  intervalMs: number;
  send(event: ProgressEvent, eventId: string): Promise<void>;
}

const keyOf = (s: ProgressState) => `${s.progress}|${s.agentId ?? ""}|${s.rows ?? ""}|${s.step ?? ""}`;

export class ProgressReporter {
  private latest: ProgressState = { progress: 0 };
  private sentKey = keyOf(this.latest);
  private lastSentAt = Date.now();
  private seq = 0;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ProgressReporterOptions) {}

  get state(): ProgressState {
    return this.latest;
  }

  /** The engine's newest state; a new agent is reported at once. */
  update(state: ProgressState): void {
    const agentStarted = state.agentId !== undefined && state.agentId !== this.latest.agentId;
    this.latest = state;
    if (agentStarted && this.timer) void this.flush();
  }

  start(): void {
    this.lastSentAt = Date.now();
    this.timer = setInterval(() => {
      const moved = keyOf(this.latest) !== this.sentKey;
      if (moved || Date.now() - this.lastSentAt >= 2 * this.options.intervalMs) void this.flush();
    }, this.options.intervalMs);
  }

  /** Sends the newest state (after any send in flight); resolves once it went out. */
  async flush(): Promise<void> {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        const state = this.latest;
        const seq = ++this.seq;
        this.sentKey = keyOf(state);
        this.lastSentAt = Date.now();
        await this.options.send(
          { type: "progress", seq, progress: state.progress, agent_id: state.agentId, rows_processed: state.rows, step: state.step },
          `${this.options.jobId}:progress:${seq}`,
        );
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}
