/** A network interface as xl-network-configuration(5) describes it (the fields the simulator uses). */
export interface VifSpec {
  readonly mac?: string;
  readonly bridge?: string;
  readonly ip?: string;
  readonly vifname?: string;
  readonly rate?: string;
  readonly script?: string;
}

/** Result of {@link parseVifSpec}. */
export type VifSpecResult =
  { readonly ok: true; readonly vif: VifSpec } | { readonly ok: false; readonly message: string };

const KNOWN = new Set([
  "mac",
  "bridge",
  "ip",
  "vifname",
  "rate",
  "script",
  "model",
  "type",
  "backend",
  "gatewaydev",
  "accel",
  "netdev",
  "devid",
  "mtu",
  "trusted",
  "untrusted",
  "forwarddev",
]);

/**
 * Reads `mac=…,bridge=…,ip=…,vifname=…,rate=…` (comma-separated keys; unknown
 * keys are an error as in xl: `Invalid parameter \`KEY'`).
 *
 * @example
 * ```ts
 * parseVifSpec("bridge=xenbr0,vifname=vm1.0,rate=10Mb/s"); // { ok: true, vif: { bridge: "xenbr0", … } }
 * ```
 */
export function parseVifSpec(spec: string): VifSpecResult {
  const vif: Record<string, string> = {};
  for (const raw of spec.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const at = item.indexOf("=");
    const key = at < 0 ? item : item.slice(0, at);
    const value = at < 0 ? "" : item.slice(at + 1);
    if (!KNOWN.has(key)) return { ok: false, message: `Invalid parameter \`${key}'.` };
    if (key === "mac" && !/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(value)) {
      return { ok: false, message: "Invalid parameter `mac'." };
    }
    vif[key] = value;
  }
  return { ok: true, vif };
}
