import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { keySegments, type ObjectStore, type StoredObject } from './object-store';

/**
 * The embedded default: objects are files below the data folder (`DATA_DIR/content/…`,
 * `DATA_DIR/documents/…`), the layout the server has always used. Several app processes can share
 * it on one volume (NFS, a mounted disk).
 */
export function localStore(root: string): ObjectStore {
  const file = (key: string) => path.join(root, ...keySegments(key));
  return {
    kind: 'local',
    location: root,
    async stat(key) {
      const s = await fs.promises.stat(file(key)).catch(() => null);
      return s?.isFile() ? statOf(s) : null;
    },
    async read(key, range) {
      const stream = fs.createReadStream(file(key), range ? { start: range.start, end: range.end } : {});
      // Open first, so a missing file rejects here instead of failing a response already begun.
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
      return stream as Readable;
    },
    async write(key, body) {
      const target = file(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      // Written beside and renamed: a crash or a full disk never leaves a truncated object under its name.
      try {
        await fs.promises.writeFile(partial, body, { flag: 'wx' });
        await fs.promises.rename(partial, target);
      } catch (err) {
        await fs.promises.rm(partial, { force: true });
        throw err;
      }
    },
    async putFolder(localDir, prefix) {
      const target = file(prefix);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      try {
        await fs.promises.rename(localDir, target);
      } catch (err) {
        // tmp/ and content/ on different file systems (a mounted volume): copy, then drop the source.
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        try {
          await fs.promises.cp(localDir, target, { recursive: true, errorOnExist: true, force: false });
        } catch (copyErr) {
          await fs.promises.rm(target, { recursive: true, force: true });
          throw copyErr;
        }
        await fs.promises.rm(localDir, { recursive: true, force: true });
      }
    },
    async listNames(prefix) {
      return fs.promises.readdir(file(prefix)).catch(() => []);
    },
    async deletePrefix(prefix) {
      await fs.promises.rm(file(prefix), { recursive: true, force: true });
    },
    async delete(key) {
      await fs.promises.rm(file(key), { force: true });
    },
    close() {},
  };
}

/** The same weak ETag `send` (express.static) makes, so caches keep what they have. */
function statOf(s: fs.Stats): StoredObject {
  return { size: s.size, lastModified: s.mtime, etag: `W/"${s.size.toString(16)}-${s.mtime.getTime().toString(16)}"` };
}
