/**
 * Hostile packages built here with yazl (nothing committed): each must be refused with its own code
 * and leave the work folder empty. yazl refuses to write unsafe names, so those are written under a
 * same-length placeholder and patched in the finished bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import yazl from 'yazl';
import { checkEntryName, DEFAULT_ZIP_LIMITS, inspectPackage, type ZipLimits } from '../../../src/packages/inspect';

const MANIFEST = `<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>Seite</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>`;

interface Entry {
  name: string;
  data?: Buffer;
  mode?: number;
}

let tmp: string;
let workDir: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspect-evil-'));
  workDir = path.join(tmp, 'work');
  fs.mkdirSync(workDir);
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const validEntries = (): Entry[] => [
  { name: 'imsmanifest.xml', data: Buffer.from(MANIFEST) },
  { name: 'index.html', data: Buffer.from('<html><body>Hallo</body></html>') },
];

async function buildZip(entries: Entry[], patches: Array<[string, string]> = []): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const e of entries)
    zip.addBuffer(e.data ?? Buffer.from('x'), e.name, e.mode === undefined ? {} : { mode: e.mode });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes: Buffer = Buffer.concat(chunks);
  for (const [placeholder, real] of patches)
    bytes = replaceAll(bytes, Buffer.from(placeholder, 'latin1'), Buffer.from(real, 'latin1'));
  const file = path.join(tmp, `${crypto.randomUUID()}.zip`);
  fs.writeFileSync(file, bytes);
  return file;
}

function replaceAll(buf: Buffer, from: Buffer, to: Buffer): Buffer {
  expect(to.length).toBe(from.length);
  const out = Buffer.from(buf);
  let at = out.indexOf(from);
  expect(at).toBeGreaterThanOrEqual(0);
  while (at >= 0) {
    to.copy(out, at);
    at = out.indexOf(from, at + 1);
  }
  return out;
}

async function refusedWith(source: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string> {
  const result = await inspectPackage(source, limits, workDir);
  if (result.ok) throw new Error('package was accepted');
  expect(fs.readdirSync(workDir)).toEqual([]);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0].message).not.toBe('');
  return result.errors[0].code;
}

describe('inspectPackage: hostile zips', () => {
  test('when the zip is well-formed, then it is accepted (the builder itself makes valid packages)', async () => {
    const result = await inspectPackage(await buildZip(validEntries()), DEFAULT_ZIP_LIMITS, workDir);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.fileCount).toBe(2);
  });

  test.each([
    ['../evil.txt', 'QQ/evil.txt'],
    ['/etc/x', 'Qetc/x'],
    ['a/../../b', 'a/QQ/QQ/b'],
    ['..\\evil.txt', 'QQQevil.txt'],
    ['C:/win.ini', 'QQ/win.ini'],
    ['bad\u0000name.txt', 'badQname.txt'],
    // Found by the fuzz test: the file system's ENAMETOOLONG was a server fault (500).
    [`${'x'.repeat(300)}.txt`, `${'x'.repeat(300)}.txt`],
  ])('when an entry is named %j, then ZIP_PATH_UNSAFE', async (real, placeholder) => {
    const zip = await buildZip([...validEntries(), { name: placeholder }], [[placeholder, real]]);
    expect(await refusedWith(zip)).toBe('ZIP_PATH_UNSAFE');
    expect(fs.existsSync(path.join(tmp, 'evil.txt'))).toBe(false);
  });

  test('when an entry is a symbolic link, then ZIP_SYMLINK', async () => {
    const zip = await buildZip([...validEntries(), { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]);
    expect(await refusedWith(zip)).toBe('ZIP_SYMLINK');
  });

  test('when there are more entries than allowed, then ZIP_TOO_MANY_ENTRIES', async () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt` }));
    const zip = await buildZip([...validEntries(), ...many]);
    expect(await refusedWith(zip, { ...DEFAULT_ZIP_LIMITS, maxEntries: 5 })).toBe('ZIP_TOO_MANY_ENTRIES');
  });

  test('when a big entry compresses more than maxRatio, then ZIP_RATIO_TOO_HIGH', async () => {
    const zip = await buildZip([...validEntries(), { name: 'bomb.bin', data: Buffer.alloc(5 * 1024 * 1024) }]);
    expect(fs.statSync(zip).size).toBeLessThan(100 * 1024);
    expect(await refusedWith(zip)).toBe('ZIP_RATIO_TOO_HIGH');
  });

  test('when a small entry compresses extremely well, then it is fine (ratio only counts above 1 MiB)', async () => {
    const zip = await buildZip([...validEntries(), { name: 'zeros.txt', data: Buffer.alloc(512 * 1024) }]);
    expect((await inspectPackage(zip, DEFAULT_ZIP_LIMITS, workDir)).ok).toBe(true);
  });

  test("when many entries of exactly 1 MiB of zeros add up (each under the entry rule), then the whole archive's ratio refuses it", async () => {
    const oneMiB = Buffer.alloc(1024 * 1024);
    const bombs = Array.from({ length: 60 }, (_, i) => ({ name: `zeros/${i}.bin`, data: oneMiB }));
    const zip = await buildZip([...validEntries(), ...bombs]);
    expect(fs.statSync(zip).size).toBeLessThan(100 * 1024);
    expect(await refusedWith(zip)).toBe('ZIP_RATIO_TOO_HIGH');
  });

  test('when a package holds a few MiB of well-compressing text beside media, then the whole-archive ratio lets it through', async () => {
    const words = ['Moderation', 'Experimentierraum', 'Klarheit', 'Rolle', 'Ziel', 'Ablauf', 'Team', 'Kultur'];
    const text = Buffer.from(
      Array.from(
        { length: 40_000 },
        (_, i) => `${i}: ${words[(i * 7) % 8]} ${words[(i * 3) % 5]} ${(i * 2654435761) % 9973}`,
      ).join('\n'),
    );
    const zip = await buildZip([
      ...validEntries(),
      { name: 'a.js', data: text },
      { name: 'b.css', data: text },
      { name: 'clip.mp4', data: crypto.randomBytes(64 * 1024) },
    ]);
    expect((await inspectPackage(zip, DEFAULT_ZIP_LIMITS, workDir)).ok).toBe(true);
  });

  test('when the files together exceed maxTotalBytes, then ZIP_TOO_LARGE', async () => {
    const zip = await buildZip([
      ...validEntries(),
      { name: 'a.bin', data: crypto.randomBytes(3000) },
      { name: 'b.bin', data: crypto.randomBytes(3000) },
    ]);
    expect(await refusedWith(zip, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 5000 })).toBe('ZIP_TOO_LARGE');
  });

  test('when a header understates an entry size, then the real bytes give it away', async () => {
    const zipPath = await buildZip([...validEntries(), { name: 'liar.bin', data: crypto.randomBytes(4000) }]);
    const bytes = fs.readFileSync(zipPath);
    // Central directory record of the last entry: uncompressed size sits 24 bytes after its signature.
    const cd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(10, cd + 24);
    fs.writeFileSync(zipPath, bytes);
    expect(await refusedWith(zipPath)).toBe('PACKAGE_ZIP_CORRUPT');
  });

  test('when a header overstates an entry size, then the missing bytes give it away', async () => {
    const zipPath = await buildZip([...validEntries(), { name: 'short.txt', data: Buffer.from('a'.repeat(4000)) }]);
    const bytes = fs.readFileSync(zipPath);
    const cd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(4001, cd + 24);
    fs.writeFileSync(zipPath, bytes);
    expect(await refusedWith(zipPath)).toBe('PACKAGE_ZIP_CORRUPT');
  });

  test('when the deflated data of an entry is damaged, then PACKAGE_ZIP_CORRUPT and no half file is reported', async () => {
    const zipPath = await buildZip([...validEntries(), { name: 'data.txt', data: Buffer.from('Lotse '.repeat(5000)) }]);
    const bytes = fs.readFileSync(zipPath);
    // The last local file header: its data starts after 30 bytes, the name and the extra field.
    const lh = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const start = lh + 30 + bytes.readUInt16LE(lh + 26) + bytes.readUInt16LE(lh + 28);
    bytes.fill(0xff, start, start + 8);
    fs.writeFileSync(zipPath, bytes);
    expect(await refusedWith(zipPath)).toBe('PACKAGE_ZIP_CORRUPT');
  });

  test.each([[['a.txt', 'a.txt']], [['Index.HTML', 'index.html']], [['x', 'x/y.txt']]])(
    'when names clash (%j), then ZIP_DUPLICATE_ENTRY',
    async (names) => {
      const entries = [{ name: 'imsmanifest.xml', data: Buffer.from(MANIFEST) }, ...names.map((name) => ({ name }))];
      expect(await refusedWith(await buildZip(entries))).toBe('ZIP_DUPLICATE_ENTRY');
    },
  );

  test('when the file is not a zip at all, then PACKAGE_NOT_ZIP', async () => {
    const file = path.join(tmp, 'course.zip');
    fs.writeFileSync(file, '<html>Ich bin kein Zip</html>');
    expect(await refusedWith(file)).toBe('PACKAGE_NOT_ZIP');
    fs.writeFileSync(file, '');
    expect(await refusedWith(file)).toBe('PACKAGE_NOT_ZIP');
  });

  test('when a zip is cut off, then PACKAGE_ZIP_CORRUPT', async () => {
    const zip = await buildZip([...validEntries(), { name: 'data.bin', data: crypto.randomBytes(20000) }]);
    const bytes = fs.readFileSync(zip);
    fs.writeFileSync(zip, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await refusedWith(zip)).toBe('PACKAGE_ZIP_CORRUPT');
  });

  test('when the package is cmi5, then PACKAGE_CMI5_UNSUPPORTED', async () => {
    const zip = await buildZip([{ name: 'cmi5.xml', data: Buffer.from('<courseStructure/>') }, { name: 'index.html' }]);
    expect(await refusedWith(zip)).toBe('PACKAGE_CMI5_UNSUPPORTED');
  });

  test('when the manifest is two folders deep, then PACKAGE_MANIFEST_MISSING names where it is', async () => {
    const zip = await buildZip([
      { name: 'a/b/imsmanifest.xml', data: Buffer.from(MANIFEST) },
      { name: 'a/b/index.html' },
    ]);
    const result = await inspectPackage(zip, DEFAULT_ZIP_LIMITS, workDir);
    expect(result.ok || result.errors[0]).toMatchObject({
      code: 'PACKAGE_MANIFEST_MISSING',
      where: 'a/b/imsmanifest.xml',
    });
    expect(fs.readdirSync(workDir)).toEqual([]);
  });
});

describe('inspectPackage: hostile folders', () => {
  function folderWith(extra: (dir: string) => void): string {
    const dir = path.join(tmp, 'src');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'imsmanifest.xml'), MANIFEST);
    fs.writeFileSync(path.join(dir, 'index.html'), '<html></html>');
    extra(dir);
    return dir;
  }

  test('when a folder is clean, then it is copied and accepted', async () => {
    const result = await inspectPackage(
      folderWith(() => undefined),
      DEFAULT_ZIP_LIMITS,
      workDir,
    );
    expect(result.ok && result.fileCount).toBe(2);
  });

  test('when a folder holds a symbolic link, then ZIP_SYMLINK', async () => {
    const dir = folderWith((d) => fs.symlinkSync('/etc/passwd', path.join(d, 'passwd')));
    expect(await refusedWith(dir)).toBe('ZIP_SYMLINK');
  });

  test('when two names differ only in case, then ZIP_DUPLICATE_ENTRY', async () => {
    const dir = folderWith((d) => fs.writeFileSync(path.join(d, 'INDEX.html'), 'x'));
    expect(await refusedWith(dir)).toBe('ZIP_DUPLICATE_ENTRY');
  });

  test('when a folder exceeds the size limit, then ZIP_TOO_LARGE', async () => {
    const dir = folderWith((d) => fs.writeFileSync(path.join(d, 'big.bin'), crypto.randomBytes(10000)));
    expect(await refusedWith(dir, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 5000 })).toBe('ZIP_TOO_LARGE');
  });
});

describe('checkEntryName', () => {
  test.each(['', '/abs', 'C:x', '..', 'a/../b', 'a\\b', 'nul\u0000', 'tab\tname', 'x'.repeat(256), 'a/'.repeat(600)])(
    'when the name is %j, then it is refused',
    (name) => {
      expect(checkEntryName(name).ok).toBe(false);
    },
  );

  test('when a name has ./ and double slashes, then it is normalised and keyed case-insensitively', () => {
    expect(checkEntryName('./Kurs//Seite.HTML')).toEqual({
      ok: true,
      path: 'Kurs/Seite.HTML',
      isDirectory: false,
      key: 'kurs/seite.html',
    });
    expect(checkEntryName('Kurs/')).toMatchObject({ ok: true, path: 'Kurs', isDirectory: true });
  });
});
