import { XenVifRateError, XenVifSpecError } from "./errors.js";
import { parseVifRate, type VifRate } from "./vif-rate.js";

/**
 * A vif as xl's `parse_nic_config` reads it (xl-network-configuration(5)).
 *
 * @example
 * ```ts
 * parseVifSpec("mac=00:16:3e:00:00:01,bridge=xenbr0,ip=10.0.0.2 10.0.0.3,rate=10Mb/s");
 * // { mac: "00:16:3e:00:00:01", bridge: "xenbr0", ip: ["10.0.0.2", "10.0.0.3"], rate: { text: "10Mb/s", … }, … }
 * ```
 */
export interface VifSpec {
  /** Normalised to six lower-case two-digit octets. */
  readonly mac: string | undefined;
  /** The dom0 bridge; undefined means xl's default (xenbr0, or xl.conf's). */
  readonly bridge: string | undefined;
  /** The guest's addresses (`ip=` is a space-separated list). */
  readonly ip: readonly string[] | undefined;
  /** The backend interface's name in dom0 (`vifname=`). */
  readonly vifname: string | undefined;
  readonly script: string | undefined;
  /** The rate limit, as written and as xl computes it. */
  readonly rate: (VifRate & { readonly text: string }) | undefined;
  readonly model: string | undefined;
  /** `vif` (PV only) or `ioemu` (emulated plus PV). */
  readonly type: "vif" | "ioemu" | undefined;
  /** The driver domain serving the vif. */
  readonly backend: string | undefined;
  /** `gatewaydev=` (also set by the deprecated `netdev=`). */
  readonly gatewaydev: string | undefined;
  readonly devid: number | undefined;
  readonly mtu: number | undefined;
  /** `trusted` / `untrusted`; undefined for libxl's default. */
  readonly trusted: boolean | undefined;
  /** COLO and other keys xl knows but dom0kit does not model, by key. */
  readonly other: Readonly<Record<string, string>>;
  /** Keys xl does not know (only when parsed with `strict: false`). */
  readonly unknown: readonly string[];
  /** Notes for things xl accepts but ignores or deprecates. */
  readonly warnings: readonly string[];
}

/**
 * Options of {@link parseVifSpec}.
 *
 * @example
 * ```ts
 * parseVifSpec("bridge=xenbr0,colour=blue", { strict: false }).unknown; // ["colour=blue"]
 * ```
 */
export interface ParseVifSpecOptions {
  /**
   * Refuse unknown keys and bad `mac`/`type` values as `xl network-attach`
   * does. With `false`, behave like `xl create`, which reports them and goes
   * on (they land in `unknown` / `warnings`); a bad `rate` is always refused.
   * @default true
   */
  readonly strict?: boolean;
}

const STRING_KEYS = ["bridge", "vifname", "script", "model", "backend", "gatewaydev"] as const;
type StringKey = (typeof STRING_KEYS)[number];

const COLO_KEYS = new Set([
  "forwarddev",
  ...[
    "mirror",
    "compare_sec_in",
    "redirector0",
    "redirector1",
    "redirector2",
    "compare_pri_in",
    "compare_notify",
    "sec_redirector0",
    "sec_redirector1",
  ].flatMap((name) => ["id", "ip", "port"].map((part) => `colo_sock_${name}_${part}`)),
  "colo_filter_mirror_queue",
  "colo_filter_mirror_outdev",
  ...["redirector0", "redirector1", "sec_redirector0", "sec_redirector1"].flatMap((name) =>
    ["queue", "indev", "outdev"].map((part) => `colo_filter_${name}_${part}`),
  ),
  "colo_filter_sec_rewriter0_queue",
  "colo_checkpoint_host",
  "colo_checkpoint_port",
  "colo_compare_pri_in",
  "colo_compare_sec_in",
  "colo_compare_out",
  "colo_compare_notify_dev",
]);

/** C's strtoul(…, 16) prefix: blanks, sign, optional 0x, hex digits. */
function strtoulHex(text: string): { value: number; length: number } | undefined {
  const match = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(text);
  if (!match?.[3]) return undefined;
  const magnitude = Number.parseInt(match[3].slice(0, 20), 16);
  return {
    value: match[1] === "-" ? (magnitude === 0 ? 0 : Number.MAX_SAFE_INTEGER) : magnitude,
    length: match[0].length,
  };
}

/** xl's mac parsing: six hex numbers up to 255, each followed by any one separator. */
function parseMac(value: string): string | undefined {
  const octets: string[] = [];
  let rest = value;
  for (let index = 0; index < 6; index++) {
    const parsed = strtoulHex(rest);
    if (!parsed || parsed.value > 255) return undefined;
    octets.push(parsed.value.toString(16).padStart(2, "0"));
    if (index < 5 && parsed.length >= rest.length) return undefined; // xl would read past the end
    rest = rest.slice(parsed.length + 1);
  }
  return octets.join(":");
}

/** xl's parse_ulong: strtoul base 10, junk after the digits ignored. */
function parseUlong(key: string, value: string, spec: string): number {
  const match = /^[ \t\n\v\f\r]*\+?(\d+)/.exec(value);
  if (!match?.[1]) throw new XenVifSpecError(spec, `${key}=${value}: not a number`);
  return Number(match[1]);
}

/**
 * Parses a vif specification (one element of `vif = [ … ]`) as xl does: the
 * string is split at commas (empty pieces skipped), leading spaces dropped,
 * and each `key=value` applied in order — later ones win. Throws
 * {@link XenVifSpecError} where xl refuses.
 *
 * @example
 * ```ts
 * parseVifSpec("bridge=xenbr1,vifname=web1.0").vifname; // "web1.0"
 * parseVifSpec("mac=00:16:3e:zz:00:01");                // throws: invalid mac
 * ```
 */
export function parseVifSpec(spec: string, options: ParseVifSpecOptions = {}): VifSpec {
  const strict = options.strict ?? true;
  const strings: Partial<Record<StringKey | "ip", string>> = {};
  const other: Record<string, string> = {};
  const unknown: string[] = [];
  const warnings: string[] = [];
  let mac: string | undefined;
  let rate: VifSpec["rate"];
  let type: VifSpec["type"];
  let devid: number | undefined;
  let mtu: number | undefined;
  let trusted: boolean | undefined;
  const refuse = (message: string): void => {
    if (strict) throw new XenVifSpecError(spec, message);
    warnings.push(`${message} (xl create ignores it)`);
  };
  for (const piece of spec.split(",")) {
    const token = piece.replace(/^ +/, "");
    if (piece === "") continue;
    if (token === "trusted" || token === "untrusted") {
      trusted = token === "trusted";
      continue;
    }
    const equals = token.indexOf("=");
    const key = equals < 0 ? token : token.slice(0, equals);
    const value = token.slice(equals + 1);
    if (equals < 0) {
      unknown.push(token);
      refuse(`unrecognized argument \`${token}\`: vif settings are key=value`);
      continue;
    }
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      strings[key as StringKey] = value;
    } else if (key === "netdev") {
      strings.gatewaydev = value;
      warnings.push("netdev= is deprecated: use gatewaydev=");
    } else if (key === "ip") {
      strings.ip = value;
    } else if (key === "mac") {
      mac = parseMac(value);
      if (mac === undefined) refuse(`invalid mac \`${value}\`: write six hex octets, e.g. 00:16:3e:12:34:56`);
    } else if (key === "type") {
      if (value === "vif" || value === "ioemu") type = value;
      else refuse(`invalid type \`${value}\`: xl accepts vif or ioemu`);
    } else if (key === "rate") {
      try {
        rate = { text: value, ...parseVifRate(value) };
      } catch (error) {
        if (error instanceof XenVifRateError)
          throw new XenVifSpecError(spec, error.message, { cause: error });
        throw error;
      }
    } else if (key === "devid") {
      devid = parseUlong(key, value, spec);
    } else if (key === "mtu") {
      mtu = parseUlong(key, value, spec);
    } else if (key === "accel") {
      warnings.push("accel= is not supported by xl and is ignored");
    } else if (COLO_KEYS.has(key)) {
      other[key] = value;
    } else {
      unknown.push(token);
      refuse(
        `unrecognized argument \`${token}\`: known keys are mac, bridge, ip, vifname, script, rate, model, type, backend, gatewaydev, devid, mtu`,
      );
    }
  }
  return {
    mac,
    bridge: strings.bridge,
    ip: strings.ip === undefined ? undefined : strings.ip.split(/\s+/).filter((address) => address !== ""),
    vifname: strings.vifname,
    script: strings.script,
    rate,
    model: strings.model,
    type,
    backend: strings.backend,
    gatewaydev: strings.gatewaydev,
    devid,
    mtu,
    trusted,
    other,
    unknown,
    warnings,
  };
}

/**
 * What {@link renderVifSpec} writes; every field is optional.
 *
 * @example
 * ```ts
 * const vif: VifSpecInput = { mac: "00:16:3e:00:00:01", bridge: "xenbr0", ip: ["10.0.0.2"], rate: "10Mb/s" };
 * ```
 */
export interface VifSpecInput {
  readonly mac?: string | undefined;
  readonly bridge?: string | undefined;
  readonly ip?: readonly string[] | string | undefined;
  readonly vifname?: string | undefined;
  readonly script?: string | undefined;
  /** A rate as xl writes it (`10Mb/s@20ms`), or a parsed one. */
  readonly rate?: string | { readonly text: string } | undefined;
  readonly model?: string | undefined;
  readonly type?: "vif" | "ioemu" | undefined;
  readonly backend?: string | undefined;
  readonly gatewaydev?: string | undefined;
  readonly devid?: number | undefined;
  readonly mtu?: number | undefined;
  readonly trusted?: boolean | undefined;
  readonly other?: Readonly<Record<string, string>> | undefined;
}

/**
 * Writes a vif specification that {@link parseVifSpec} (and xl) read back as
 * `input`. Throws {@link XenVifSpecError} for values that cannot be written
 * (a comma inside a value, an invalid mac or rate).
 *
 * @example
 * ```ts
 * renderVifSpec({ mac: "00:16:3e:00:00:01", bridge: "xenbr0", rate: "10Mb/s" });
 * // "mac=00:16:3e:00:00:01,bridge=xenbr0,rate=10Mb/s"
 * ```
 */
export function renderVifSpec(input: VifSpecInput): string {
  const parts: string[] = [];
  const add = (key: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    const text = String(value);
    if (text.includes(",")) throw new XenVifSpecError(`${key}=${text}`, `${key} cannot contain a comma`);
    if (text.startsWith(" ") && parts.length === 0)
      throw new XenVifSpecError(`${key}=${text}`, "cannot start with a space");
    parts.push(`${key}=${text}`);
  };
  add("mac", input.mac);
  add("bridge", input.bridge);
  add("ip", Array.isArray(input.ip) ? input.ip.join(" ") : (input.ip as string | undefined));
  add("vifname", input.vifname);
  add("script", input.script);
  add("rate", typeof input.rate === "object" ? input.rate.text : input.rate);
  add("model", input.model);
  add("type", input.type);
  add("backend", input.backend);
  add("gatewaydev", input.gatewaydev);
  add("devid", input.devid);
  add("mtu", input.mtu);
  for (const [key, value] of Object.entries(input.other ?? {})) add(key, value);
  if (input.trusted !== undefined) parts.push(input.trusted ? "trusted" : "untrusted");
  const text = parts.join(",");
  parseVifSpec(text);
  return text;
}
