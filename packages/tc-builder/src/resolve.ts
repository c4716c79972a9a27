import { isMacAddress, parseDomainAddress } from "./address.js";
import {
  assignMinors,
  DEFAULT_MINOR,
  FIRST_DOMAIN_MINOR,
  LAST_DOMAIN_MINOR,
  MAX_DOMAINS_PER_INTERFACE,
  UPLINK_MINOR,
} from "./class-id.js";
import type {
  DesiredClass,
  DomainAddress,
  ResolvedDomain,
  ResolvedShaping,
  ShapingWarning,
} from "./desired-state.js";
import { ShapingInputError } from "./errors.js";
import { defaultHtbBurst, defaultQuantum, resolveHtbClass } from "./htb.js";
import { interfaceNameProblem } from "./interface-name.js";
import { ShapingInputSchema, type ShapingInput, type ShapingInputParsed } from "./model.js";
import { ProblemList } from "./problem-list.js";
import { resolveTbf } from "./tbf.js";
import { formatRate } from "./units/rate.js";

function zodPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${String(key)}]`;
    return text === "" ? String(key) : `${text}.${String(key)}`;
  }, "");
}

function pinnedMinor(
  value: number | string | undefined,
  path: string,
  problems: ProblemList,
): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === "number" ? value.toString(16) : value.replace(/^0x/iu, "");
  const minor = /^[0-9a-fA-F]{1,4}$/u.test(text) ? Number.parseInt(text, 16) : Number.NaN;
  if (!(minor >= FIRST_DOMAIN_MINOR && minor <= LAST_DOMAIN_MINOR)) {
    problems.add(
      "TC_BAD_CLASS_ID",
      path,
      `class id ${JSON.stringify(value)} is not a hex minor id from ${FIRST_DOMAIN_MINOR.toString(16)} to ${LAST_DOMAIN_MINOR.toString(16)} (1 is the uplink class, ffff the default class)`,
    );
    return undefined;
  }
  return minor;
}

function checkInterface(name: string, path: string, problems: ProblemList): void {
  const problem = interfaceNameProblem(name);
  if (problem !== undefined)
    problems.add("TC_BAD_INTERFACE", path, `interface name ${JSON.stringify(name)} ${problem}`);
}

function parseAddresses(texts: readonly string[], path: string, problems: ProblemList): DomainAddress[] {
  const addresses: DomainAddress[] = [];
  texts.forEach((text, index) => {
    const address = parseDomainAddress(text);
    if (address === undefined) {
      problems.add(
        "TC_BAD_ADDRESS",
        `${path}[${String(index)}]`,
        `${JSON.stringify(text)} is not an IPv4 or IPv6 address (optionally with /prefix)`,
      );
    } else addresses.push(address);
  });
  return addresses;
}

/**
 * Reports every domain whose `field` repeats an earlier one's. `keys[i]` is domain i's
 * value (`undefined`: none); paths and messages are only built for a duplicate.
 */
function reportDuplicates(
  keys: readonly (string | undefined)[],
  field: string,
  show: (key: string) => string,
  code: "TC_DUPLICATE_VIF" | "TC_DUPLICATE_NAME" | "TC_DUPLICATE_CLASS_ID",
  what: string,
  problems: ProblemList,
): void {
  const first = new Map<string, number>();
  keys.forEach((key, index) => {
    if (key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else {
      problems.add(
        code,
        `domains[${String(index)}].${field}`,
        `${what} ${show(key)} is already used at domains[${String(earlier)}].${field}`,
      );
    }
  });
}

function parseInput(input: unknown): ShapingInputParsed {
  const parsed = ShapingInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ShapingInputError(
    parsed.error.issues.map((issue) => ({
      code: "TC_SCHEMA",
      path: zodPath(issue.path) || "(input)",
      message: issue.message,
    })),
    { cause: parsed.error },
  );
}

/**
 * Validates shaping input and turns it into kernel units: every rate, size and
 * time parsed as iproute2 does, defaults filled in (bursts from rate and HZ,
 * quanta, the default class), class ids assigned. Throws one
 * {@link ShapingInputError} listing every problem; warnings (guaranteed rates
 * above the uplink, ceilings above it) are returned with the result.
 *
 * @throws {@link ShapingInputError}
 * @example
 * ```ts
 * const desired = resolveShaping({
 *   uplink: { interface: "peth0", rate: "100mbit" },
 *   domains: [{ name: "vm1", vif: "vif-vm1", out: { rate: "5mbit", ceil: "20mbit" } }],
 * });
 * desired.classes.length; // 3: uplink, default, vm1
 * ```
 */
export function resolveShaping(input: ShapingInput): ResolvedShaping {
  const parsed = parseInput(input);
  const problems = new ProblemList();
  const frameSize = parsed.mtu + 14;
  const context = { hz: parsed.hz, frameSize };

  checkInterface(parsed.uplink.interface, "uplink.interface", problems);
  const uplinkRate = problems.positiveRate(parsed.uplink.rate, "uplink.rate");
  const defaults = parsed.uplink.default ?? {};
  const defaultRate =
    problems.positiveRate(defaults.rate, "uplink.default.rate") ??
    (uplinkRate === undefined ? undefined : Math.max(Math.trunc(uplinkRate / 100), 1000));
  const defaultCeil = problems.positiveRate(defaults.ceil, "uplink.default.ceil") ?? uplinkRate;
  if (defaultRate !== undefined && defaultCeil !== undefined && defaultCeil < defaultRate) {
    problems.add(
      "TC_CEIL_BELOW_RATE",
      "uplink.default.ceil",
      `ceil ${formatRate(defaultCeil)} is below rate ${formatRate(defaultRate)}`,
    );
  }

  const quoted = (key: string): string => JSON.stringify(key);
  const names = parsed.domains.map((domain) => domain.name);
  reportDuplicates(names, "name", quoted, "TC_DUPLICATE_NAME", "domain name", problems);
  const vifs = parsed.domains.map((domain) => domain.vif);
  reportDuplicates(vifs, "vif", quoted, "TC_DUPLICATE_VIF", "vif", problems);

  const pinned = parsed.domains.map((domain, index) =>
    domain.classId === undefined
      ? undefined
      : pinnedMinor(domain.classId, `domains[${String(index)}].classId`, problems),
  );
  const pinnedKeys = pinned.map((minor) => minor?.toString(16));
  reportDuplicates(pinnedKeys, "classId", (key) => key, "TC_DUPLICATE_CLASS_ID", "class id", problems);

  const shapedOut = parsed.domains.filter((domain) => domain.out !== undefined).length;
  if (shapedOut > MAX_DOMAINS_PER_INTERFACE) {
    problems.add(
      "TC_TOO_MANY_DOMAINS",
      "domains",
      `${String(shapedOut)} domUs are shaped on ${parsed.uplink.interface}; one HTB qdisc holds at most ${String(MAX_DOMAINS_PER_INTERFACE)} (16-bit minor ids, less the uplink and default classes)`,
    );
  }

  // One fixed-shape record per domain (thousands per plan); the result's optional keys are set below.
  const domains = parsed.domains.map((domain, index) => {
    const path = `domains[${String(index)}]`;
    checkInterface(domain.vif, `${path}.vif`, problems);
    if (domain.vif === parsed.uplink.interface) {
      problems.add("TC_VIF_IS_UPLINK", `${path}.vif`, `vif ${domain.vif} is the uplink interface`);
    }
    if (domain.mac !== undefined && !isMacAddress(domain.mac)) {
      problems.add(
        "TC_BAD_ADDRESS",
        `${path}.mac`,
        `${JSON.stringify(domain.mac)} is not a MAC address (aa:bb:cc:dd:ee:ff)`,
      );
    }
    return {
      name: domain.name,
      vif: domain.vif,
      ips: domain.ips.length === 0 ? [] : parseAddresses(domain.ips, `${path}.ips`, problems),
      mac: domain.mac?.toLowerCase(),
      in: domain.in === undefined ? undefined : resolveTbf(domain.in, `${path}.in`, context, problems),
      out:
        domain.out === undefined ? undefined : resolveHtbClass(domain.out, `${path}.out`, context, problems),
      pinned: pinned[index],
    };
  });

  if (
    problems.problems.length > 0 ||
    uplinkRate === undefined ||
    defaultRate === undefined ||
    defaultCeil === undefined
  ) {
    throw new ShapingInputError(problems.problems);
  }

  const shaped = domains.filter((domain) => domain.out !== undefined);
  const minors = assignMinors(shaped.map((domain) => ({ name: domain.name, pinned: domain.pinned })));
  const minorOf = new Map(shaped.map((domain, index) => [domain.name, minors[index] ?? 0]));
  const resolvedDomains: ResolvedDomain[] = domains.map((domain) => {
    const minor = minorOf.get(domain.name);
    const resolved: { -readonly [K in keyof ResolvedDomain]: ResolvedDomain[K] } = {
      name: domain.name,
      vif: domain.vif,
      ips: domain.ips,
    };
    if (domain.mac !== undefined) resolved.mac = domain.mac;
    if (minor !== undefined) resolved.minor = minor;
    if (domain.in !== undefined) resolved.in = domain.in;
    if (domain.out !== undefined) resolved.out = domain.out;
    return resolved;
  });

  const uplinkClass: DesiredClass = {
    minor: UPLINK_MINOR,
    parent: "root",
    role: "uplink",
    rate: uplinkRate,
    ceil: uplinkRate,
    burst: defaultHtbBurst(uplinkRate, parsed.hz, frameSize),
    cburst: defaultHtbBurst(uplinkRate, parsed.hz, frameSize),
    quantum: defaultQuantum(uplinkRate, frameSize),
    prio: 0,
  };
  const defaultClass: DesiredClass = {
    minor: DEFAULT_MINOR,
    parent: UPLINK_MINOR,
    role: "default",
    rate: defaultRate,
    ceil: defaultCeil,
    burst: defaultHtbBurst(defaultRate, parsed.hz, frameSize),
    cburst: defaultHtbBurst(defaultCeil, parsed.hz, frameSize),
    quantum: defaultQuantum(defaultRate, frameSize),
    prio: defaults.prio ?? 0,
  };
  const domainClasses: DesiredClass[] = [];
  for (const domain of resolvedDomains) {
    const out = domain.out;
    if (out === undefined || domain.minor === undefined) continue;
    domainClasses.push({
      minor: domain.minor,
      parent: UPLINK_MINOR,
      role: domain.name,
      rate: out.rate,
      ceil: out.ceil,
      burst: out.burst,
      cburst: out.cburst,
      quantum: out.quantum,
      prio: out.prio,
    });
  }

  return {
    handle: parsed.handle,
    uplink: { interface: parsed.uplink.interface, rate: uplinkRate },
    frameSize,
    hz: parsed.hz,
    defaultMinor: DEFAULT_MINOR,
    classes: [uplinkClass, defaultClass, ...domainClasses.sort((a, b) => a.minor - b.minor)],
    domains: resolvedDomains,
    warnings: shapingWarnings(uplinkRate, defaultClass, resolvedDomains, parsed.uplink.interface),
  };
}

function shapingWarnings(
  uplinkRate: number,
  defaultClass: DesiredClass,
  domains: readonly ResolvedDomain[],
  uplink: string,
): ShapingWarning[] {
  const warnings: ShapingWarning[] = [];
  const guaranteed = domains.reduce((sum, domain) => sum + (domain.out?.rate ?? 0), 0);
  if (guaranteed + defaultClass.rate > uplinkRate) {
    warnings.push({
      code: "TC_OVERSUBSCRIBED",
      path: "domains",
      message:
        `guaranteed rates add up to ${formatRate(guaranteed)} for ${String(domains.filter((d) => d.out).length)} domUs` +
        ` + ${formatRate(defaultClass.rate)} for the default class = ${formatRate(guaranteed + defaultClass.rate)},` +
        ` above the ${formatRate(uplinkRate)} of ${uplink}; under full load not every domU gets its rate`,
    });
  }
  domains.forEach((domain, index) => {
    if (domain.out !== undefined && domain.out.ceil > uplinkRate) {
      warnings.push({
        code: "TC_CEIL_ABOVE_UPLINK",
        path: `domains[${String(index)}].out.ceil`,
        message: `ceil ${formatRate(domain.out.ceil)} is above the uplink's ${formatRate(uplinkRate)}; the uplink limits it`,
      });
    }
  });
  return warnings;
}
