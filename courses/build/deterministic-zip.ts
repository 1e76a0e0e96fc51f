import yazl from 'yazl';

/**
 * Same entries in, same bytes out: entries sorted by path, one fixed DOS timestamp (built from
 * local-time fields, so the time zone of the build machine does not leak in), no Unix
 * timestamp extra field, fixed file mode.
 */
const FIXED_MTIME = new Date(2020, 0, 1, 0, 0, 0);

export async function deterministicZip(entries: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of [...entries.keys()].sort()) {
    zip.addBuffer(entries.get(name)!, name, {
      mtime: FIXED_MTIME,
      mode: 0o100644,
      compress: true,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
