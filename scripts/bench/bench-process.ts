/**
 * What the benchmarks that start the app in processes of its own share: a free loopback port, a child
 * stopped gently (then hard), percentiles of sorted latencies and medians. Not a benchmark itself (no `-bench`).
 */
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';

/** The value at fraction `p` of an ascending list; NaN for an empty one. */
export const pct = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;

/** The middle value of a list (the upper one of two for an even length); the list is not changed. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** SIGTERM (the server drains), SIGKILL after 15 s. */
export function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 15_000).unref();
  });
}
