/**
 * What the CLI shows while it works. On a terminal: a redrawn progress bar and a spinner line for
 * the running agent, finished agents kept as lines above it. Elsewhere (a CI log, a pipe): plain
 * lines only when something changes, no escape codes. With --json: nothing at all, so standard
 * output holds one JSON document.
 */
export interface TaskState {
  status: string;
  progress: number;
  current_agent: string | null;
  rows_processed?: number | null;
  step?: string | null;
  /** Once the task ended: every agent with how it ended, in order. */
  result_summary?: { agents?: { agent_id: string; status: string }[] } | null;
}

/**
 * The event stream shows the agent running at each moment; an agent shorter than the stream's
 * interval may never be seen running. Once the task ends, its summary names every agent, so
 * those not yet reported are reported then, in order.
 */
function unreported(state: TaskState, reported: Set<string>): { agent_id: string; status: string }[] {
  return (state.result_summary?.agents ?? []).filter((a) => !reported.has(a.agent_id));
}

const ENDED: Record<string, string> = { success: "done", skipped: "skipped", error: "failed" };

export interface Reporter {
  /** A line that stays. */
  line(text: string): void;
  /** Bytes of a transfer done so far. */
  transfer(label: string, done: number, total: number): void;
  /** The task as the event stream last described it. */
  task(state: TaskState): void;
  /** Leaves the terminal clean (no half-drawn line). */
  end(): void;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function createReporter(mode: "tty" | "plain" | "silent", out: NodeJS.WritableStream = process.stderr): Reporter {
  if (mode === "silent") return { line() {}, transfer() {}, task() {}, end() {} };
  return mode === "tty" ? new TerminalReporter(out) : new PlainReporter(out);
}

class PlainReporter implements Reporter {
  private lastTransfer = new Map<string, number>();
  private lastStatus = "";
  private lastAgent: string | null = null;
  private lastDecile = -1;
  private reported = new Set<string>();

  constructor(private readonly out: NodeJS.WritableStream) {}

  line(text: string) {
    this.out.write(`${text}\n`);
  }

  transfer(label: string, done: number, total: number) {
    const quarter = total > 0 ? Math.floor((4 * done) / total) : 4;
    if (this.lastTransfer.get(label) === quarter) return;
    this.lastTransfer.set(label, quarter);
    this.line(`${label} ${formatBytes(done)} of ${formatBytes(total)} (${percent(done, total)})`);
  }

  task(state: TaskState) {
    if (state.status !== this.lastStatus) {
      this.lastStatus = state.status;
      this.line(`status ${state.status}`);
    }
    if (state.current_agent && state.current_agent !== this.lastAgent) {
      this.lastAgent = state.current_agent;
      this.line(`agent ${state.current_agent} started`);
    }
    const decile = Math.floor(state.progress / 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.line(`progress ${state.progress}%${rows(state)}`);
    }
    for (const agent of unreported(state, this.reported)) {
      this.reported.add(agent.agent_id);
      this.line(`agent ${agent.agent_id} ${ENDED[agent.status] ?? agent.status}`);
    }
  }

  end() {}
}

class TerminalReporter implements Reporter {
  private frame = 0;
  private drawn = false;
  private agent: string | null = null;
  private reported = new Set<string>();

  constructor(private readonly out: NodeJS.WritableStream) {}

  private draw(text: string) {
    this.out.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  private clear() {
    if (this.drawn) this.out.write("\r\x1b[2K");
    this.drawn = false;
  }

  line(text: string) {
    this.clear();
    this.out.write(`${text}\n`);
  }

  transfer(label: string, done: number, total: number) {
    const width = 30;
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    this.draw(
      `${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${percent(done, total)} ${formatBytes(done)}/${formatBytes(total)}`,
    );
    if (done >= total) this.line(`${label} ${formatBytes(total)} uploaded`);
  }

  task(state: TaskState) {
    const ended = unreported(state, this.reported);
    if (ended.length > 0) {
      for (const agent of ended) {
        this.reported.add(agent.agent_id);
        this.line(`${agent.status === "success" ? "✓" : agent.status === "skipped" ? "-" : "✗"} ${agent.agent_id}`);
      }
      return;
    }
    if (state.current_agent !== this.agent) {
      this.agent = state.current_agent;
      if (this.agent) this.line(`→ ${this.agent}`);
    }
    this.frame = (this.frame + 1) % SPINNER.length;
    const who = state.current_agent ?? state.status.toLowerCase();
    const step = state.step ? ` · ${state.step}` : "";
    this.draw(`${SPINNER[this.frame]} ${who}${step} ${state.progress}%${rows(state)}`);
  }

  end() {
    this.clear();
  }
}

function rows(state: TaskState): string {
  return typeof state.rows_processed === "number" ? ` · ${state.rows_processed.toLocaleString("en-US")} rows` : "";
}

function percent(done: number, total: number): string {
  return `${total > 0 ? Math.floor((100 * done) / total) : 100}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
