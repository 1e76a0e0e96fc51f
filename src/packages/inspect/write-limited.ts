/**
 * Streams one file to disk while counting the bytes that really arrive — a zip header may lie about
 * sizes, so limits are enforced on the data, not on the claim.
 */
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { refuse } from './refusal';
import { RATIO_MIN_BYTES, type ZipLimits } from './zip-limits';

export interface ByteBudget {
  /** Bytes written so far across the whole package. */
  total: number;
  /** Size of the zip file itself: the whole archive's ratio is total / archiveBytes (none for folders). */
  archiveBytes?: number;
}

export async function writeLimited(
  source: Readable,
  destination: string,
  name: string,
  limits: ZipLimits,
  budget: ByteBudget,
  compressedSize?: number,
): Promise<number> {
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      budget.total += chunk.length;
      if (budget.total > limits.maxTotalBytes) {
        return done(
          refuse('ZIP_TOO_LARGE', `Das Paket ist entpackt größer als ${formatBytes(limits.maxTotalBytes)}.`, name),
        );
      }
      if (
        compressedSize !== undefined &&
        written > RATIO_MIN_BYTES &&
        written / Math.max(compressedSize, 1) > limits.maxRatio
      ) {
        return done(ratioRefusal(name, limits));
      }
      if (archiveRatioExceeded(budget.total, budget, limits)) return done(archiveRatioRefusal(limits));
      done(null, chunk);
    },
  });
  // 'wx': never overwrite — a second entry with the same name must not replace the first.
  await pipeline(source, counter, fs.createWriteStream(destination, { flags: 'wx', mode: 0o644 }));
  return written;
}

export function ratioRefusal(name: string, limits: ZipLimits) {
  return refuse(
    'ZIP_RATIO_TOO_HIGH',
    `Die Datei „${name}“ ist mehr als ${limits.maxRatio}-fach komprimiert; das Paket wird als mögliche Zip-Bombe abgelehnt.`,
    name,
  );
}

/**
 * Many entries of just under RATIO_MIN_BYTES each pass the per-entry check (60 × 1 MiB of zeros:
 * 68 KB in, 60 MiB out), so the archive as a whole must stay within the ratio too.
 */
export function archiveRatioExceeded(total: number, budget: ByteBudget, limits: ZipLimits): boolean {
  return (
    budget.archiveBytes !== undefined &&
    total > RATIO_MIN_BYTES &&
    total / Math.max(budget.archiveBytes, 1) > limits.maxRatio
  );
}

export function archiveRatioRefusal(limits: ZipLimits) {
  return refuse(
    'ZIP_RATIO_TOO_HIGH',
    `Das Paket ist insgesamt mehr als ${limits.maxRatio}-fach komprimiert; es wird als mögliche Zip-Bombe abgelehnt.`,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toLocaleString('de-DE', { maximumFractionDigits: 1 })} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MiB`;
  return `${bytes.toLocaleString('de-DE')} Bytes`;
}
