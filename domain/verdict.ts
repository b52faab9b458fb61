// A gate's outcome: what the judge decided and the evidence that explains it. Shared by analysis/, workflows/ and api/.

export const VERDICT_KINDS = ['continue', 'pass', 'fail', 'inconclusive'] as const;

export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface Verdict {
  kind: VerdictKind;
  /** The rule that fired, machine-readable, e.g. 'slo.errorRate', 'harm.errors', 'safety', 'minRequests'. */
  rule: string;
  /** Human-readable sentences, one per finding. */
  reasons: string[];
  /** Counts, thresholds, e-values: plain JSON, kept in the status and the audit log. */
  evidence: Record<string, unknown>;
}

/** What Azure Monitor can tell about one deployment over one interval. Latency fields are absent when unknown. */
export interface DeploymentCounts {
  requests: number;
  /** Server-side failures (5xx, 408, 424, 429 served by the deployment). */
  errors: number;
  /** Other 4xx: inputs the deployment refused. Not errors; compared with the baseline's rate on the same traffic. */
  clientErrors?: number;
  latencyP50Ms?: number;
  latencyP90Ms?: number;
  latencyP95Ms?: number;
  latencyP99Ms?: number;
  /**
   * Request-level detail, absent from Azure Monitor: how many requests took longer than each bound (e.g. read from a
   * latency histogram). The sequential judge counts exact latency exceedances from it when present.
   */
  latencyOver?: LatencyOver[];
}

export interface LatencyOver {
  ms: number;
  count: number;
}

/** One metric interval (usually one minute) comparing candidate ("green") with baseline ("blue"). */
export interface IntervalSample {
  start: string;
  end: string;
  /** Share (0..1) of the requests of this interval routed to the candidate: live weight, or mirror share while mirroring. */
  candidateShare: number;
  baseline: DeploymentCounts;
  candidate: DeploymentCounts;
  /**
   * The candidate had router weight in this grain but no data arrived for it within the bounded wait after the
   * ingestion lag: missing data, which never lets a gate pass.
   */
  missing?: boolean;
}
