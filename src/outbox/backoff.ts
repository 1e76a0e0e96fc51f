/** At most an hour between two tries of one message. */
const MAX_DELAY_MS = 60 * 60 * 1000;

/**
 * Delay before the next try after `attempts` tries: `baseSeconds · 2^(attempts−1)`, capped at an hour,
 * minus up to a fifth at random so that messages failing together (a mail server down) do not all
 * come back in the same second.
 */
export function retryDelayMs(attempts: number, baseSeconds: number, random: () => number = Math.random): number {
  const exp = Math.min(30, Math.max(0, attempts - 1));
  const delay = Math.min(MAX_DELAY_MS, baseSeconds * 1000 * 2 ** exp);
  return Math.round(delay * (1 - 0.2 * random()));
}
