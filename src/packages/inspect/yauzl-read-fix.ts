/**
 * Three changes to yauzl 3.4.0's fd-slicer, applied once when the extraction loads.
 *
 * Read size: the slicer's entry streams take Node's default high-water mark, 16 KiB, and every read of
 * every entry of one zip waits in one queue (`pend.max = 1`) behind the file writes in libuv's four
 * threads. The bench's 157 MB zip cost some 10,000 such reads; profiled, the import spent most of its
 * time waiting for them. Entry streams now read 256 KiB at a time (the inflate chunk, extract-zip.ts):
 * one read for most entries. Memory stays bounded: a chunk or so per open entry (four, extract-zip.ts).
 *
 * Header reads: yauzl reads the central directory one record at a time, two small reads each (the
 * fixed part, then name and extra field), each a trip through the same queue and libuv's pool — 4,000
 * for the bench's 2,000 files, the largest wait left in the profile after the change above. A small
 * read that starts where the previous one ended is served from a 64 KiB block read ahead; the
 * central directory is read in a few reads. Other reads (local headers, entry data) pass through.
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

type ReadCallback = (err: Error | null, bytesRead: number, buffer: Buffer) => void;
type SlicerRead = (buffer: Buffer, offset: number, length: number, position: number, callback: ReadCallback) => void;

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
  FdSlicer: { prototype: { createReadStream(this: unknown, o: object): SlicerReadStream; read: SlicerRead } };
};
const proto = Object.getPrototypeOf(FdSlicer.prototype.createReadStream.call({ ref() {} }, {})) as SlicerReadStream;

export const ENTRY_READ_CHUNK = 256 * 1024;
const createReadStream = FdSlicer.prototype.createReadStream;
FdSlicer.prototype.createReadStream = function withReadChunk(this: unknown, options: object): SlicerReadStream {
  return createReadStream.call(this, { ...options, highWaterMark: ENTRY_READ_CHUNK });
};

/** Reads of at most this many bytes count as header reads; one block is kept per zip. */
const HEADER_READ_MAX = 4 * 1024;
const HEADER_BLOCK = 64 * 1024;
interface HeaderCache {
  block?: { start: number; bytes: Buffer };
  /** Where the previous read ended: a read starting there is a sequential one. */
  nextPosition: number;
}
const slicerRead = FdSlicer.prototype.read;
FdSlicer.prototype.read = function readAhead(
  this: { headerCache?: HeaderCache },
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
  callback: ReadCallback,
): void {
  const cache = (this.headerCache ??= { nextPosition: -1 });
  const sequential = position === cache.nextPosition;
  cache.nextPosition = position + length;
  const block = cache.block;
  if (block && position >= block.start && position + length <= block.start + block.bytes.length) {
    block.bytes.copy(buffer, offset, position - block.start, position - block.start + length);
    // Asynchronous like a real read: yauzl's callbacks ask for the next record from inside.
    setImmediate(() => callback(null, length, buffer));
    return;
  }
  if (!sequential || length > HEADER_READ_MAX) {
    slicerRead.call(this, buffer, offset, length, position, callback);
    return;
  }
  const ahead = Buffer.allocUnsafe(HEADER_BLOCK);
  slicerRead.call(this, ahead, 0, HEADER_BLOCK, position, (err, bytesRead) => {
    if (err) return callback(err, 0, buffer);
    // Near the end of the file the block is short; a read past the end gets what there is (yauzl
    // then reports the unexpected end, as with a direct read).
    cache.block = { start: position, bytes: ahead.subarray(0, bytesRead) };
    const n = Math.min(length, bytesRead);
    ahead.copy(buffer, offset, 0, n);
    callback(null, n, buffer);
  });
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
