/**
 * Two changes to yauzl 3.4.0's fd-slicer, applied once when the extraction loads.
 *
 * Read size: the slicer's entry streams take Node's default high-water mark, 16 KiB, and every read of
 * every entry of one zip waits in one queue (`pend.max = 1`) behind the file writes in libuv's four
 * threads. The bench's 157 MB zip cost some 10,000 such reads; profiled, the import spent most of its
 * time waiting for them. Entry streams now read 256 KiB at a time (the inflate chunk, extract-zip.ts):
 * one read for most entries. Memory stays bounded: a chunk or so per open entry (four, extract-zip.ts).
 *
 * Guard: when an entry stream is destroyed (a failed write — disk full, read-only — or a refusal
 * mid-entry) while one of its reads still waits in that queue, the read later runs with
 * `this.context === null` and throws a TypeError outside any promise, which ends the process. Found
 * by the full-disk import test (test/integration/packages-crash-safety). The replacement is the
 * library's `_read` with one guard: a read queued for a destroyed stream is skipped. Remove when
 * yauzl ships the guard.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';

interface SlicerContext {
  fd: number;
  pend: { go(job: (cb: () => void) => void): void };
  ref(): void;
}
interface SlicerReadStream extends Readable {
  context: SlicerContext | null;
  endOffset?: number;
  pos: number;
  _cleanup(): void;
  _readableState: { highWaterMark: number };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FdSlicer } = require('yauzl/fd-slicer.js') as {
  FdSlicer: { prototype: { createReadStream(this: unknown, o: object): SlicerReadStream } };
};
const proto = Object.getPrototypeOf(FdSlicer.prototype.createReadStream.call({ ref() {} }, {})) as SlicerReadStream;

export const ENTRY_READ_CHUNK = 256 * 1024;
const createReadStream = FdSlicer.prototype.createReadStream;
FdSlicer.prototype.createReadStream = function withReadChunk(this: unknown, options: object): SlicerReadStream {
  return createReadStream.call(this, { ...options, highWaterMark: ENTRY_READ_CHUNK });
};

proto._read = function guardedRead(this: SlicerReadStream, n: number): void {
  const context = this.context;
  if (context == null) return;
  let toRead = Math.min(this._readableState.highWaterMark, n);
  if (this.endOffset != null) toRead = Math.min(toRead, this.endOffset - this.pos);
  if (toRead <= 0) {
    this.push(null);
    this._cleanup();
    return;
  }
  context.pend.go((cb) => {
    // Destroyed while waiting in the queue: nothing to read for it any more.
    if (this.context == null) return cb();
    const buffer = Buffer.allocUnsafe(toRead);
    fs.read(context.fd, buffer, 0, toRead, this.pos, (err, bytesRead) => {
      if (err) this.destroy(err);
      else if (bytesRead === 0) {
        this.push(null);
        this._cleanup();
      } else {
        this.pos += bytesRead;
        this.push(buffer.subarray(0, bytesRead));
      }
      cb();
    });
  });
};
