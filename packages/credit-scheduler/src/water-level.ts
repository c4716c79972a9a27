/**
 * The share per unit of weight that exactly fills `capacity`: domains whose
 * limit ÷ weight is below it are satisfied, the rest get level × weight.
 *
 * Found by selection rather than sorting (as quickselect finds a median): pick a
 * pivot among the candidate breakpoints limit ÷ weight, see whether the level is
 * above or below it, and keep only the side it is on. Expected O(n); after too
 * many passes (`passLimit`) it sorts what is left, so O(n log n) at worst.
 *
 * @example
 * ```ts
 * waterLevel(Float64Array.of(100, 100), Float64Array.of(1, 3), 100); // 25
 * ```
 */
export function waterLevel(
  limits: Float64Array,
  weights: Float64Array,
  capacity: number,
  passLimit = 2 * Math.ceil(Math.log2(limits.length + 1)) + 8,
): number {
  const count = limits.length;
  const keys = new Float64Array(count);
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) {
    keys[index] = (limits[index] as number) / (weights[index] as number);
    order[index] = index;
  }
  // satisfied: Σ limit of domains known to be below the level; starved: Σ weight of those above it.
  let satisfied = 0;
  let starved = 0;
  let low = 0;
  let high = count;
  let passes = 0;
  let seed = 0x2545f491;
  while (high > low) {
    if (passes >= passLimit)
      return sortedLevel(order, low, high, keys, limits, weights, capacity, satisfied, starved);
    passes += 1;
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const pivot = keys[order[low + (seed % (high - low))] as number] as number;
    // Three-way partition of order[low, high): below the pivot, equal, above.
    let lessEnd = low;
    let scan = low;
    let greaterStart = high;
    let sumBelow = 0;
    let sumEqualLimit = 0;
    let sumEqualWeight = 0;
    let sumAboveWeight = 0;
    while (scan < greaterStart) {
      const index = order[scan] as number;
      const key = keys[index] as number;
      if (key < pivot) {
        sumBelow += limits[index] as number;
        order[scan] = order[lessEnd] as number;
        order[lessEnd] = index;
        lessEnd += 1;
        scan += 1;
      } else if (key > pivot) {
        sumAboveWeight += weights[index] as number;
        greaterStart -= 1;
        order[scan] = order[greaterStart] as number;
        order[greaterStart] = index;
      } else {
        sumEqualLimit += limits[index] as number;
        sumEqualWeight += weights[index] as number;
        scan += 1;
      }
    }
    const filled = satisfied + sumBelow + sumEqualLimit + pivot * (starved + sumAboveWeight);
    if (filled <= capacity) {
      satisfied += sumBelow + sumEqualLimit;
      low = greaterStart;
    } else {
      starved += sumEqualWeight + sumAboveWeight;
      high = lessEnd;
    }
  }
  return starved > 0 ? (capacity - satisfied) / starved : Number.POSITIVE_INFINITY;
}

/** The sorted scan over order[low, high), for inputs that defeat the selection. */
function sortedLevel(
  order: Uint32Array,
  low: number,
  high: number,
  keys: Float64Array,
  limits: Float64Array,
  weights: Float64Array,
  capacity: number,
  satisfied: number,
  starved: number,
): number {
  const rest = order.subarray(low, high).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  let remaining = capacity - satisfied;
  let weightLeft = starved;
  for (const index of rest) weightLeft += weights[index] as number;
  for (const index of rest) {
    const limit = limits[index] as number;
    const weight = weights[index] as number;
    if (limit * weightLeft > remaining * weight) return remaining / weightLeft;
    remaining -= limit;
    weightLeft -= weight;
  }
  return weightLeft > 0 ? remaining / weightLeft : Number.POSITIVE_INFINITY;
}
