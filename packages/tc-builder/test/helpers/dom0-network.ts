import { ExecaRunner, type Command } from "@dom0kit/runner";
import { uniqueName } from "@dom0kit/test-support";

const host = new ExecaRunner();

async function sh(
  argv: readonly [string, ...string[]],
  options: Pick<Command, "okExitCodes" | "timeoutMs"> = {},
): Promise<string> {
  const [file, ...args] = argv;
  const result = await host.run({ file, args, timeoutMs: 30_000, ...options });
  return result.stdout;
}

/** One domU: a namespace whose eth0 is the peer of its vif in dom0. */
export interface TestDomain {
  readonly namespace: string;
  readonly vif: string;
  readonly ipv4: string;
  readonly ipv6: string;
}

/**
 * The dom0 network of TESTING.md, in uniquely named namespaces: dom0 with a
 * bridge, one vif per domU (a veth whose peer is eth0 in the domU's
 * namespace), and peth0 whose peer is eth0 in a "net" namespace (the world).
 */
export class Dom0Network {
  readonly dom0: string;
  readonly net: string;
  readonly domains: TestDomain[];
  readonly netIpv4 = "10.77.0.254";
  readonly netIpv6 = "fd77::fe";
  readonly #tag: string;

  private constructor(tag: string, count: number) {
    this.#tag = tag;
    this.dom0 = `${tag}-d0`;
    this.net = `${tag}-net`;
    this.domains = Array.from({ length: count }, (_, index) => ({
      namespace: `${tag}-vm${String(index + 1)}`,
      vif: `vif${String(index + 1)}.0`,
      ipv4: `10.77.0.${String(index + 1)}`,
      ipv6: `fd77::${String(index + 1)}`,
    }));
  }

  /** Builds the network; call {@link destroy} in afterAll. */
  static async create(count = 3): Promise<Dom0Network> {
    const network = new Dom0Network(uniqueName("tcb"), count);
    try {
      await network.#build();
    } catch (error) {
      await network.destroy();
      throw error;
    }
    return network;
  }

  async #build(): Promise<void> {
    const { dom0, net } = this;
    for (const namespace of [dom0, net, ...this.domains.map((domain) => domain.namespace)]) {
      await sh(["ip", "netns", "add", namespace]);
      await sh(["ip", "-n", namespace, "link", "set", "lo", "up"]);
    }
    await sh(["ip", "-n", dom0, "link", "add", "xenbr0", "type", "bridge"]);
    await sh(["ip", "-n", dom0, "link", "set", "xenbr0", "up"]);
    const ports: [string, string, string, string][] = [
      ...this.domains.map((domain): [string, string, string, string] => [
        domain.vif,
        domain.namespace,
        `${domain.ipv4}/24`,
        `${domain.ipv6}/64`,
      ]),
      ["peth0", net, `${this.netIpv4}/24`, `${this.netIpv6}/64`],
    ];
    for (const [port, peerNamespace, ipv4, ipv6] of ports) {
      await sh([
        "ip",
        "-n",
        dom0,
        "link",
        "add",
        port,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        peerNamespace,
      ]);
      await sh(["ip", "-n", dom0, "link", "set", port, "master", "xenbr0", "up"]);
      await sh(["ip", "-n", peerNamespace, "addr", "add", ipv4, "dev", "eth0"]);
      await sh(["ip", "-n", peerNamespace, "addr", "add", ipv6, "dev", "eth0", "nodad"]);
      await sh(["ip", "-n", peerNamespace, "link", "set", "eth0", "up"]);
    }
  }

  /** Runs a command inside a namespace of this network. */
  async exec(
    namespace: string,
    argv: readonly [string, ...string[]],
    options: Pick<Command, "okExitCodes" | "timeoutMs"> = {},
  ): Promise<string> {
    return sh(["ip", "netns", "exec", namespace, ...argv], options);
  }

  /** Deletes every namespace (and with them every interface). */
  async destroy(): Promise<void> {
    const existing = await sh(["ip", "netns", "list"]);
    for (const namespace of [this.dom0, this.net, ...this.domains.map((domain) => domain.namespace)]) {
      if (existing.includes(namespace)) await sh(["ip", "netns", "del", namespace], { okExitCodes: [0, 1] });
    }
  }

  get tag(): string {
    return this.#tag;
  }
}
