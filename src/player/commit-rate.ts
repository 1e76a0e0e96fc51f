/**
 * Commit rate limit per attempt: a token bucket in this process's memory. Losing it (a worker
 * restarts) only forgets who was close to the limit; with N workers an attempt may get up to N times
 * the rate in the worst case, which is still bounded — the limit is against loops and scripts
 * (12 MB bodies at full speed), not a billing meter. A SCO that commits on every SetValue sends a
 * few per second at most.
 */
let ratePerSecond = 10;
let burst = 60;
const buckets = new Map<number, { tokens: number; at: number }>();
const MAX_BUCKETS = 100_000;

export function configureCommitRate(perSecond: number, burstSize: number): void {
  ratePerSecond = perSecond;
  burst = burstSize;
  buckets.clear();
}

/** Takes one commit from the attempt's bucket; returns the seconds to wait when there is none. */
export function takeCommit(attemptId: number, now = Date.now()): number {
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
}

/** Full buckets carry no information: drop them (and everything if that is not enough). */
function sweep(now: number): void {
  for (const [id, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * ratePerSecond >= burst) buckets.delete(id);
  if (buckets.size >= MAX_BUCKETS) buckets.clear();
}
