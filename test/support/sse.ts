/**
 * Reads a Server-Sent Events stream over real HTTP the way EventSource does (fields `event`,
 * `id`, `data`, blank line ends an event), for tests of GET /tasks/:id/events.
 */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The error body when the stream was refused. */
  body?: any;
  events(): AsyncGenerator<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  if (!res.ok || !res.body) {
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, events: async function* () {}, close() {} };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  return {
    status: res.status,
    headers: res.headers,
    async *events() {
      let buffer = "";
      let current: SseEvent = { event: "message", id: undefined, data: "" };
      let dataLines: string[] = [];
      while (true) {
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch {
          return; // closed by close()
        }
        if (chunk.done) return;
        buffer += chunk.value;
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, "");
          buffer = buffer.slice(newline + 1);
          if (line === "") {
            if (dataLines.length > 0) yield { ...current, data: dataLines.join("\n") };
            current = { event: "message", id: undefined, data: "" };
            dataLines = [];
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "event") current.event = value;
            else if (field === "id") current.id = value;
            else if (field === "data") dataLines.push(value);
          }
          newline = buffer.indexOf("\n");
        }
      }
    },
    close() {
      controller.abort();
    },
  };
}
