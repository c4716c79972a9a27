import type { SimulatedDomain } from "../src/credit1-simulation.js";

/** A seeded generator (mulberry32): the same seed gives the same scenarios on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** A host and domains drawn at random. */
export interface RandomScenario {
  readonly pcpus: number;
  readonly domains: SimulatedDomain[];
}

/**
 * Random hosts: 1–8 pCPUs, 2–8 domains with 1–4 vcpus, weights 64–8192, a quarter
 * capped, 60% fully busy and the rest partly busy or idle.
 */
export function randomScenario(random: () => number, options: { caps?: boolean } = {}): RandomScenario {
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pcpus = between(1, 8);
  const domains = Array.from({ length: between(2, 8) }, (_, index): SimulatedDomain => {
    const vcpus = between(1, Math.min(4, pcpus));
    const capped = (options.caps ?? true) && random() < 0.25;
    return {
      name: `d${String(index)}`,
      weight: between(64, 8192),
      vcpus,
      cap: capped ? between(10, vcpus * 100) : 0,
      demand: random() < 0.6 ? vcpus * 100 : between(0, vcpus * 100),
    };
  });
  return { pcpus, domains };
}
