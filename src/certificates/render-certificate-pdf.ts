import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { PROJECT_ROOT } from '../shared/web/view-engine';
import { formatDate, formatScore, type CertificateFacts } from './certificate-facts';
import { wordingFor } from './certificate-wording';

const FONT_DIR = path.join(PROJECT_ROOT, 'node_modules/dejavu-fonts-ttf/ttf');
const FONTS = {
  serif: 'DejaVuSerif.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
  serifItalic: 'DejaVuSerif-Italic.ttf',
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono-Bold.ttf',
} as const;

const NAVY = '#14365a';
const GOLD = '#a67c2e';
const INK = '#1f2328';
const MUTED = '#5b6470';

// A4 portrait in PostScript points.
const W = 595.28;
const H = 841.89;
const CX = W / 2;

export interface RenderInput {
  facts: CertificateFacts;
  code: string;
  verifyUrl: string;
  /** Shown beside the code so a reader who cannot scan can type the address. */
  verifyPageUrl: string;
  /** Set when an admin reissued it (after a name change): printed small beside the code. */
  reissuedAt?: Date | null;
}

/**
 * Draws the certificate from its frozen facts. Everything is vector (frame, ornaments, QR code)
 * and the DejaVu fonts are embedded, so it prints sharply and shows umlauts and ß anywhere.
 */
export async function renderCertificatePdf(input: RenderInput): Promise<Buffer> {
  const { facts, code } = input;
  const wording = wordingFor(facts);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: true,
    lang: 'de-DE',
    displayTitle: true,
    info: {
      Title: `${wording.title} – ${facts.holder.name}`,
      Author: `${facts.sponsor} · ${facts.programme}`,
      Subject: wording.subject,
      Keywords: `${code}, OM-GeZu Lotse, GeZu 4.0`,
      Creator: 'gezu-lms',
    },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, path.join(FONT_DIR, file));
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawFrame(doc);
  let y = 78;
  // Letter spacing stays small: wider spacing makes text extractors and screen readers split the words.
  doc
    .font('sansBold')
    .fontSize(9.5)
    .fillColor(GOLD)
    .text(facts.sponsor.toUpperCase(), 0, y, { width: W, align: 'center', characterSpacing: 0.4 });
  y += 17;
  doc.font('serifItalic').fontSize(12).fillColor(NAVY).text(facts.programme, 0, y, { width: W, align: 'center' });
  y += 32;
  drawDivider(doc, y, 150);

  y += 26;
  doc
    .font('serifBold')
    .fontSize(facts.kind === 'participation' || facts.kind === 'offering' ? 32 : 42)
    .fillColor(NAVY)
    .text(wording.title, 0, y, { width: W, align: 'center', characterSpacing: 1.5 });
  y += facts.kind === 'participation' || facts.kind === 'offering' ? 46 : 56;
  doc
    .font('sans')
    .fontSize(12)
    .fillColor(GOLD)
    .text(wording.subtitle, 0, y, { width: W, align: 'center', characterSpacing: 0.5 });

  y += 48;
  doc
    .font('serifItalic')
    .fontSize(11.5)
    .fillColor(MUTED)
    .text('Hiermit wird bestätigt, dass', 0, y, { width: W, align: 'center' });
  y += 26;
  const nameSize = fitSize(doc, 'serifBold', facts.holder.name, 30, 400);
  doc
    .font('serifBold')
    .fontSize(nameSize)
    .fillColor(INK)
    .text(facts.holder.name, 0, y + (30 - nameSize) / 2, { width: W, align: 'center' });
  y += 44;
  doc
    .moveTo(CX - 160, y)
    .lineTo(CX + 160, y)
    .lineWidth(0.6)
    .strokeColor(GOLD)
    .stroke();
  y += 16;
  doc
    .font('serif')
    .fontSize(12)
    .fillColor(INK)
    .text(wording.statement, 90, y, { width: W - 180, align: 'center', lineGap: 3 });
  y = doc.y + 28;

  y = drawModuleTable(doc, facts, wording.tableCaption, y);
  // The seal (radius ~37) sits on the signature line: keep it clear of the table and the QR block.
  drawSignatures(doc, facts, Math.min(Math.max(y + 58, 612), 650));
  await drawVerification(doc, input);

  doc.end();
  return done;
}

function drawFrame(doc: PDFKit.PDFDocument): void {
  doc
    .lineWidth(2.2)
    .strokeColor(NAVY)
    .rect(22, 22, W - 44, H - 44)
    .stroke();
  doc
    .lineWidth(0.7)
    .strokeColor(GOLD)
    .rect(30, 30, W - 60, H - 60)
    .stroke();
  doc
    .lineWidth(0.4)
    .strokeColor(GOLD)
    .rect(34, 34, W - 68, H - 68)
    .stroke();
  // Corner ornaments: a filled diamond in a quarter arc at each corner of the inner frame.
  for (const [x, y, sx, sy] of [
    [34, 34, 1, 1],
    [W - 34, 34, -1, 1],
    [34, H - 34, 1, -1],
    [W - 34, H - 34, -1, -1],
  ] as const) {
    doc.save();
    doc.lineWidth(0.8).strokeColor(GOLD);
    doc
      .moveTo(x + sx * 30, y)
      .bezierCurveTo(x + sx * 30, y + sy * 17, x + sx * 17, y + sy * 30, x, y + sy * 30)
      .stroke();
    doc
      .moveTo(x + sx * 20, y)
      .bezierCurveTo(x + sx * 20, y + sy * 11, x + sx * 11, y + sy * 20, x, y + sy * 20)
      .stroke();
    diamond(doc, x + sx * 10, y + sy * 10, 4.5, NAVY);
    doc.restore();
  }
}

function diamond(doc: PDFKit.PDFDocument, x: number, y: number, r: number, color: string): void {
  doc
    .moveTo(x, y - r)
    .lineTo(x + r, y)
    .lineTo(x, y + r)
    .lineTo(x - r, y)
    .closePath()
    .fillColor(color)
    .fill();
}

function drawDivider(doc: PDFKit.PDFDocument, y: number, half: number): void {
  doc.lineWidth(0.8).strokeColor(GOLD);
  doc
    .moveTo(CX - half, y)
    .lineTo(CX - 12, y)
    .stroke();
  doc
    .moveTo(CX + 12, y)
    .lineTo(CX + half, y)
    .stroke();
  diamond(doc, CX, y, 5, GOLD);
  diamond(doc, CX - half - 6, y, 2.2, GOLD);
  diamond(doc, CX + half + 6, y, 2.2, GOLD);
}

/** Shrinks long names so they stay on one line. */
function fitSize(doc: PDFKit.PDFDocument, font: string, text: string, size: number, maxWidth: number): number {
  let s = size;
  doc.font(font);
  while (s > 16 && doc.fontSize(s).widthOfString(text) > maxWidth) s -= 1;
  return s;
}

function drawModuleTable(doc: PDFKit.PDFDocument, facts: CertificateFacts, caption: string, top: number): number {
  const x = 90;
  const width = W - 180;
  const cols = [width - 230, 130, 100];
  let y = top;
  doc
    .font('sansBold')
    .fontSize(8.5)
    .fillColor(GOLD)
    .text(caption.toUpperCase(), x, y, { width, align: 'center', characterSpacing: 0.6 });
  y += 18;
  const header = ['Modul', 'Abgeschlossen am', 'Ergebnis'];
  doc.rect(x, y, width, 22).fillColor('#eef3f8').fill();
  doc.font('sansBold').fontSize(9.5).fillColor(NAVY);
  let cx = x;
  header.forEach((h, i) => {
    doc.text(h, cx + 10, y + 6.5, { width: cols[i] - 20, align: i === 0 ? 'left' : 'center' });
    cx += cols[i];
  });
  y += 22;
  for (const m of facts.modules) {
    const cells = [m.title, formatDate(m.completedAt), formatScore(m)];
    doc.font('serif').fontSize(10.5);
    const rowH = Math.max(24, doc.heightOfString(m.title, { width: cols[0] - 20 }) + 12);
    cx = x;
    cells.forEach((c, i) => {
      doc
        .font(i === 0 ? 'serif' : 'sans')
        .fontSize(10.5)
        .fillColor(INK)
        .text(c, cx + 10, y + 6.5, { width: cols[i] - 20, align: i === 0 ? 'left' : 'center' });
      cx += cols[i];
    });
    y += rowH;
    doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(0.4)
      .strokeColor('#c9d3de')
      .stroke();
  }
  doc
    .moveTo(x, top + 18)
    .lineTo(x + width, top + 18)
    .lineWidth(1)
    .strokeColor(NAVY)
    .stroke();
  doc
    .moveTo(x, y)
    .lineTo(x + width, y)
    .lineWidth(1)
    .strokeColor(NAVY)
    .stroke();
  return y;
}

function drawSignatures(doc: PDFKit.PDFDocument, facts: CertificateFacts, y: number): void {
  const lineW = 165;
  const left = 90;
  const right = W - 90 - lineW;
  const placeDate = `${facts.place ? `${facts.place}, ` : ''}${formatDate(facts.issuedAt)}`;
  doc
    .font('serif')
    .fontSize(11)
    .fillColor(INK)
    .text(placeDate, left, y - 18, { width: lineW, align: 'center' });
  for (const x of [left, right])
    doc
      .moveTo(x, y)
      .lineTo(x + lineW, y)
      .lineWidth(0.6)
      .strokeColor(INK)
      .stroke();
  doc.font('sans').fontSize(8.5).fillColor(MUTED);
  doc.text('Ort, Datum', left, y + 5, { width: lineW, align: 'center' });
  doc.text(`Projektleitung ${facts.programme.split(' – ')[0]}`, right, y + 5, { width: lineW, align: 'center' });
  doc.text(facts.sponsor, right, y + 17, { width: lineW, align: 'center' });
  drawSeal(doc, CX, y - 4);
}

/** A drawn rosette between the signatures: the part of a certificate people expect to see. */
function drawSeal(doc: PDFKit.PDFDocument, x: number, y: number): void {
  doc.save();
  for (let i = 0; i < 40; i++) {
    const a = (i / 40) * Math.PI * 2;
    doc
      .circle(x + Math.cos(a) * 34, y + Math.sin(a) * 34, 3.2)
      .fillColor(GOLD)
      .fill();
  }
  doc.circle(x, y, 33).fillColor('#ffffff').fill();
  doc.circle(x, y, 31).lineWidth(1.2).strokeColor(GOLD).stroke();
  doc.circle(x, y, 27).lineWidth(0.5).strokeColor(GOLD).stroke();
  doc
    .font('serifBold')
    .fontSize(10)
    .fillColor(NAVY)
    .text('GeZu', x - 27, y - 12, { width: 54, align: 'center' });
  doc
    .font('serifBold')
    .fontSize(10)
    .fillColor(NAVY)
    .text('4.0', x - 27, y + 1, { width: 54, align: 'center' });
  doc.restore();
}

/** The QR code as vector squares (sharp at any zoom, scannable from print) and the code in words. */
async function drawVerification(doc: PDFKit.PDFDocument, input: RenderInput): Promise<void> {
  const qr = QRCode.create(input.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = 84;
  const n = qr.modules.size;
  const cell = size / n;
  const qx = W - 90 - size;
  const qy = H - 60 - size;
  doc
    .rect(qx - 4, qy - 4, size + 8, size + 8)
    .fillColor('#ffffff')
    .fill();
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(qx + c * cell, qy + r * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill();

  const tx = 90;
  const tw = qx - tx - 20;
  doc
    .font('sansBold')
    .fontSize(8)
    .fillColor(GOLD)
    .text('ZERTIFIKATS-CODE', tx, qy + 6, { width: tw, characterSpacing: 0.6 });
  doc
    .font('mono')
    .fontSize(14)
    .fillColor(NAVY)
    .text(input.code, tx, qy + 20, { width: tw });
  doc
    .font('sans')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      `Die Echtheit kann unter ${input.verifyPageUrl} mit diesem Code oder über den QR-Code geprüft werden.`,
      tx,
      qy + 46,
      { width: tw, lineGap: 1.5 },
    );
  if (input.reissuedAt) {
    doc
      .font('sans')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`Neu ausgestellt am ${formatDate(input.reissuedAt)}.`, tx, doc.y + 3, { width: tw });
  }
}
