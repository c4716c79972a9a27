import { ExecaRunner } from "@dom0kit/runner";
import type { Dom0Network } from "./dom0-network.js";

const host = new ExecaRunner();
const PORT = "5201";

/** An iperf3 server in the network's "net" namespace, for the whole suite. */
export class IperfServer {
  readonly #controller = new AbortController();
  readonly #done: Promise<unknown>;

  private constructor(readonly network: Dom0Network) {
    this.#done = host
      .run(
        { file: "ip", args: ["netns", "exec", network.net, "iperf3", "-s", "-p", PORT] },
        { signal: this.#controller.signal },
      )
      .catch(() => undefined);
  }

  static async start(network: Dom0Network): Promise<IperfServer> {
    const server = new IperfServer(network);
    for (let tries = 0; tries < 50; tries += 1) {
      const listening = await network.exec(network.net, ["ss", "-Hltn", `sport = :${PORT}`]);
      if (listening.trim() !== "") return server;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await server.stop();
    throw new Error("iperf3 server did not start");
  }

  /**
   * TCP throughput in Mbit/s between a domU and the world, measured by the
   * receiver: `toDomain` false sends from the domU (shaped by its HTB class on
   * peth0), true sends to it (shaped by the TBF on its vif).
   */
  async measure(
    namespace: string,
    options: { toDomain: boolean; seconds?: number; ipv6?: boolean },
  ): Promise<number> {
    const target = options.ipv6 === true ? this.network.netIpv6 : this.network.netIpv4;
    const args = [
      "iperf3",
      "-c",
      target,
      "-p",
      PORT,
      "-t",
      String(options.seconds ?? 5),
      "-O",
      "1",
      "-J",
      ...(options.toDomain ? ["-R"] : []),
    ];
    for (let attempt = 1; ; attempt += 1) {
      const out = await this.network.exec(namespace, args as [string, ...string[]], {
        okExitCodes: [0, 1],
        timeoutMs: 60_000,
      });
      const json = JSON.parse(out) as {
        error?: string;
        end?: { sum_received?: { bits_per_second?: number } };
      };
      const bits = json.end?.sum_received?.bits_per_second;
      if (bits !== undefined && json.error === undefined) return bits / 1e6;
      // The server serves one test at a time; when it is still finishing the last one, try again.
      if (attempt >= 5) throw new Error(`iperf3 failed: ${json.error ?? out.slice(0, 200)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }
}

/**
 * Measures, and measures once more if the first result is outside
 * `expected ± tolerance` (other engineers share the CPUs; one noisy second
 * should not fail the suite). Returns every measurement.
 */
export async function measureWithRetry(
  measure: () => Promise<number>,
  accept: (mbit: number) => boolean,
): Promise<number[]> {
  const first = await measure();
  if (accept(first)) return [first];
  return [first, await measure()];
}
