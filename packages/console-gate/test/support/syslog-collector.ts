import { createSocket, type Socket } from "node:dgram";

/** A UDP syslog receiver on 127.0.0.1 that keeps every message it gets. */
export class SyslogCollector {
  readonly messages: string[] = [];
  readonly #socket: Socket;
  port = 0;

  constructor() {
    this.#socket = createSocket("udp4");
    this.#socket.on("message", (message) => this.messages.push(message.toString("utf8")));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#socket.bind(0, "127.0.0.1", resolve));
    this.port = this.#socket.address().port;
    return this;
  }

  /** Waits until a message matches `pattern` (records arrive asynchronously). */
  async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((message) => pattern.test(message));
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`no syslog message matched ${String(pattern)}; got:\n${this.messages.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.#socket.close();
  }
}
