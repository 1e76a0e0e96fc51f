import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

// pdf-parse loads pdf.js's worker with a dynamic import(), which Jest's CommonJS sandbox refuses;
// so the extraction runs in a plain Node child process.
const EXTRACT = `
const { PDFParse } = require('pdf-parse');
(async () => {
  const parser = new PDFParse({ data: new Uint8Array(require('fs').readFileSync(process.argv[1])) });
  const { text } = await parser.getText();
  const { info } = await parser.getInfo();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text, info }));
})().catch((e) => { console.error(e); process.exit(1); });`;

function tempPdf(pdf: Buffer): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-cert-'));
  const file = path.join(dir, 'certificate.pdf');
  fs.writeFileSync(file, pdf);
  return { dir, file };
}

/** Text (whitespace collapsed) and document info of a PDF, read back with pdf-parse. */
export async function pdfText(pdf: Buffer): Promise<{ text: string; info: Record<string, string> }> {
  const { dir, file } = tempPdf(pdf);
  try {
    const { stdout } = await run(process.execPath, ['-e', EXTRACT, file], { cwd: ROOT, maxBuffer: 10 * 1024 * 1024 });
    const parsed = JSON.parse(stdout) as { text: string; info: Record<string, string> };
    return { text: parsed.text.replace(/\s+/g, ' '), info: parsed.info };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether poppler's pdftoppm is here; under REQUIRE_ALL=1 (CI) its absence fails the test instead of skipping. */
export function hasPdftoppm(): boolean {
  const found = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].some((p) => fs.existsSync(p));
  if (!found && process.env.REQUIRE_ALL === '1')
    throw new Error('pdftoppm (poppler-utils) is missing and REQUIRE_ALL=1 forbids skipping the QR check');
  return found;
}

/** Renders page 1 with poppler's pdftoppm and decodes the QR code on it with jsQR. */
export async function decodeQrFromPdf(pdf: Buffer): Promise<string | null> {
  const { dir, file } = tempPdf(pdf);
  try {
    await run('pdftoppm', ['-png', '-r', '150', '-singlefile', file, path.join(dir, 'page')]);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'page.png')));
    const found = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    return found?.data ?? null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
