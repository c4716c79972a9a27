import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP server on 127.0.0.1 that counts connections: the target a forward would reach. */
export class TcpTarget {
  connections = 0;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  port = 0;

  constructor() {
    this.#server = createServer((socket) => {
      this.connections += 1;
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
      socket.end("hello from the target\n");
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    const address = this.#server.address();
    this.port = typeof address === "object" && address !== null ? address.port : 0;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** Tries a TCP connection to 127.0.0.1:port and reads what comes back (empty if refused or closed). */
export function probePort(port: number, timeoutMs = 3000): Promise<{ connected: boolean; received: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let connected = false;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("connect", () => (connected = true));
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ connected, received });
    });
    socket.on("error", () => undefined);
  });
}
