/**
 * Commit rate limit per attempt: a token bucket in this app's memory (built once by the composition
 * root). Losing it (a worker restarts) only forgets who was close to the limit; with N workers an
 * attempt may get up to N times the rate in the worst case, which is still bounded — the limit is
 * against loops and scripts (12 MB bodies at full speed), not a billing meter. A SCO that commits on
 * every SetValue sends a few per second at most.
 */
const MAX_BUCKETS = 100_000;

export interface CommitRate {
  /** Takes one commit from the attempt's bucket; returns the seconds to wait when there is none. */
  take(attemptId: number, now?: number): number;
}

export function createCommitRate(opts: { perSecond: number; burst: number }): CommitRate {
  const { perSecond: ratePerSecond, burst } = opts;
  const buckets = new Map<number, { tokens: number; at: number }>();

  /** Full buckets carry no information: drop them (and everything if that is not enough). */
  const sweep = (now: number): void => {
    for (const [id, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * ratePerSecond >= burst) buckets.delete(id);
    if (buckets.size >= MAX_BUCKETS) buckets.clear();
  };

  return {
    take(attemptId, now = Date.now()) {
      let bucket = buckets.get(attemptId);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) sweep(now);
        bucket = { tokens: burst, at: now };
        buckets.set(attemptId, bucket);
      }
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
      bucket.at = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / ratePerSecond);
    },
  };
}
