// Sampling rates learned from options data records. Routers tell the rate in one of several ways:
// a rate for the whole exporter/domain (v9 34 SAMPLING_INTERVAL), a table of samplers that data
// records point to by id (v9 48/50, IPFIX 302 + 305/306 or 309/310 or 311), or per data record.

export class SamplingTable {
  /** Rate for a whole observation domain (v9 source id), from options without a sampler id. */
  private readonly domainRate = new Map<number, number>();
  /** domain → sampler/selector id → rate. */
  private readonly samplers = new Map<number, Map<number, number>>();
  /** IPFIX systemInitTimeMilliseconds per domain: the epoch that uptime-relative times count from. */
  private readonly initTime = new Map<number, number>();
  private samplerCount = 0;
  private readonly maxSamplers: number;

  constructor(maxSamplers: number) {
    this.maxSamplers = maxSamplers;
  }

  domainDefault(domain: number): number {
    return this.domainRate.get(domain) ?? 0;
  }

  samplersOf(domain: number): Map<number, number> | undefined {
    return this.samplers.get(domain);
  }

  systemInitMs(domain: number): number {
    return this.initTime.get(domain) ?? Number.NaN;
  }

  /** Stores what one options record said. A rate of 0 means the record did not carry one. */
  learn(domain: number, samplerId: number, rate: number, initMs: number): void {
    if (initMs > 0 && (this.initTime.has(domain) || this.initTime.size < this.maxSamplers)) {
      this.initTime.set(domain, initMs);
    }
    if (!(rate > 0)) return;
    if (samplerId < 0) {
      if (this.domainRate.has(domain) || this.domainRate.size < this.maxSamplers)
        this.domainRate.set(domain, rate);
      return;
    }
    let table = this.samplers.get(domain);
    if (!table) {
      if (this.samplerCount >= this.maxSamplers) return;
      table = new Map();
      this.samplers.set(domain, table);
    }
    if (!table.has(samplerId)) {
      if (this.samplerCount >= this.maxSamplers) return;
      this.samplerCount++;
    }
    table.set(samplerId, rate);
  }
}

/**
 * The 1-in-N factor from whichever sampling description a record carries, 0 when none:
 * an interval; systematic count-based n-out-of-(n+space); random n-out-of-N; a probability.
 */
export function samplingRateOf(
  interval: number,
  packetInterval: number,
  packetSpace: number,
  size: number,
  population: number,
  probability: number,
): number {
  if (interval > 0) return interval;
  if (packetInterval > 0) return (packetInterval + packetSpace) / packetInterval;
  if (size > 0 && population >= size) return population / size;
  if (probability > 0 && probability <= 1) return 1 / probability;
  return 0;
}
