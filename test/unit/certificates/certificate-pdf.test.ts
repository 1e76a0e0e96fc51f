import { buildFacts, formatDate } from '../../../src/certificates/certificate-facts';
import { renderCertificatePdf } from '../../../src/certificates/render-certificate-pdf';
import type { CertificateKind } from '../../../src/certificates/certificate-model';
import { pdfText, decodeQrFromPdf, hasPdftoppm } from './pdf-tools';

const CODE = 'GZ-7K2M-9QXT-4HBD-W3ZA';
const modules = [
  {
    key: 'tools-methoden',
    title: 'Tools & Methoden',
    completion: { completed: true, passed: true, completedAt: new Date('2026-03-02T10:00:00Z'), scoreScaled: 0.87 },
  },
  {
    key: 'technik',
    title: 'Technik',
    completion: { completed: true, passed: null, completedAt: new Date('2026-03-09T10:00:00Z'), scoreScaled: null },
  },
  // 23:30 UTC is already the next day in Germany: the certificate must say 16.03.
  {
    key: 'megatrends',
    title: 'Megatrends',
    completion: { completed: true, passed: true, completedAt: new Date('2026-03-15T23:30:00Z'), scoreScaled: 0.925 },
  },
];

async function render(kind: CertificateKind, mods = modules) {
  const facts = buildFacts({
    kind,
    holder: { firstName: 'Jürgen', lastName: 'Weiß-Öztürk' },
    modules: mods,
    issuedAt: new Date('2026-04-01T08:00:00Z'),
    place: 'Heidelberg',
  });
  const pdf = await renderCertificatePdf({
    facts,
    code: CODE,
    verifyUrl: `https://lms.example.org/verify/${CODE}`,
    verifyPageUrl: 'https://lms.example.org/verify',
  });
  return { pdf, ...(await pdfText(pdf)) };
}

describe('certificate PDF', () => {
  it('when a Q1 certificate is rendered, then its text states name, programme, modules, dates, scores and code', async () => {
    const { pdf, text, info } = await render('q1');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain('Jürgen Weiß-Öztürk');
    expect(text).toContain('Zertifikat');
    expect(text).toContain('GeZu 4.0 – Gemeinsam Zukunft gestalten');
    expect(text).toContain('OFFENSIVE MITTELSTAND');
    expect(text).toContain('hat den Baustein 1 (Q1) der Qualifizierung');
    expect(text).toMatch(/Tools & Methoden 02\.03\.2026 87 %/);
    expect(text).toMatch(/Technik 09\.03\.2026 abgeschlossen/);
    expect(text).toMatch(/Megatrends 16\.03\.2026 93 %/);
    expect(text).toContain('Heidelberg, 01.04.2026');
    expect(text).toContain('Projektleitung');
    expect(text).toContain(CODE);
    expect(text).toContain('Die Echtheit kann unter https://lms.example.org/verify');
    expect(info?.Title).toBe('Zertifikat – Jürgen Weiß-Öztürk');
    expect(info?.Subject).toContain('Baustein 1 (Q1)');
    expect(info?.Author).toContain('Offensive Mittelstand');
  });

  it('when a certificate is rendered, then only the embedded DejaVu fonts are used (no standard-14 font)', async () => {
    const { pdf } = await render('q1');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif-Bold/);
    expect(raw.match(/\/FontFile2/g)?.length).toBeGreaterThanOrEqual(4);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('when a participation confirmation is rendered, then it names the one module', async () => {
    const { text } = await render('participation', [modules[1]]);
    expect(text).toContain('Teilnahmebestätigung');
    expect(text).toContain('am Modul „Technik“ teilgenommen');
    expect(text).not.toContain('Megatrends');
  });

  it('when the page is rendered to an image, then its QR code reads back as the verification URL', async () => {
    if (!hasPdftoppm()) {
      console.warn(
        'SKIPPED: pdftoppm (poppler-utils) is not installed, so the QR code cannot be rendered and decoded.',
      );
      return;
    }
    const { pdf } = await render('lotse');
    expect(await decodeQrFromPdf(pdf)).toBe(`https://lms.example.org/verify/${CODE}`);
  });

  it('when a date is formatted, then it is dd.mm.yyyy in German time', () => {
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('01.01.2027');
    expect(formatDate(null)).toBe('–');
  });
});
