import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PROJECT_ROOT } from '../../src/shared/project-root';

/**
 * The work templates that ship inside a course package as PDF (files/<id>.pdf): forms to print or
 * fill in by hand. Generated at build time with pdfkit (already used for certificates) so they
 * follow the course text and need no binary files in the repository. Deterministic: fixed
 * creation date and document id, so the same sources give the same zip bytes.
 */
const FONT_DIR = path.join(PROJECT_ROOT, 'node_modules/dejavu-fonts-ttf/ttf');
const NAVY = '#1f4e79';
const INK = '#1f2328';
const MUTED = '#5b6470';
const W = 595.28;
const M = 48;
const FIXED_DATE = new Date(Date.UTC(2025, 0, 1));

type Block =
  | { kind: 'fields'; labels: string[] }
  | { kind: 'box'; label: string; hint?: string; height: number }
  | { kind: 'table'; columns: Array<[string, number]>; rows: string[]; rowHeight: number }
  | { kind: 'radar'; sectors: string[]; rings: string[] };

interface Template {
  title: string;
  intro: string;
  blocks: Block[];
}

const TEMPLATES: Record<string, Template> = {
  auftragsklaerung: {
    title: 'Auftragsklärung Experimentierraum',
    intro:
      'Vor dem ersten Termin mit der Geschäftsführung – und, wo vorhanden, der Beschäftigtenvertretung – klären und gemeinsam unterschreiben.',
    blocks: [
      { kind: 'fields', labels: ['Betrieb', 'Gesprächspartner', 'Datum', 'Lotsin / Lotse'] },
      {
        kind: 'box',
        label: 'Anlass und Ziel',
        hint: 'Welches Anliegen führt zum Experimentierraum? Woran merken wir nach dem Experiment, dass es besser ist?',
        height: 80,
      },
      {
        kind: 'box',
        label: 'Entscheidungsspielraum',
        hint: 'Was darf das Team selbst entscheiden? Was ist gesetzt? Wer entscheidet nach dem Experiment?',
        height: 80,
      },
      {
        kind: 'box',
        label: 'Beteiligte',
        hint: 'Wer macht die Arbeit, um die es geht? Beschäftigtenvertretung eingebunden (ja/nein, wann)?',
        height: 70,
      },
      {
        kind: 'box',
        label: 'Rahmen',
        hint: 'Termine, Dauer, Raum, Arbeitszeit für das Experiment, Budget',
        height: 60,
      },
      {
        kind: 'box',
        label: 'Vertraulichkeit und Umgang mit Ergebnissen',
        hint: 'Was bleibt im Raum? Was wird wem berichtet? Keine Leistungsbewertung Einzelner.',
        height: 60,
      },
      { kind: 'box', label: 'Vereinbarungen und Unterschriften', height: 70 },
    ],
  },
  moderationsplan: {
    title: 'Moderationsplan',
    intro: 'Ablauf eines Termins im Experimentierraum: Phasen, Ziele, Methoden, Material und Zeiten. Puffer einplanen.',
    blocks: [
      { kind: 'fields', labels: ['Betrieb / Runde', 'Datum, Uhrzeit, Ort', 'Ziel des Termins'] },
      {
        kind: 'table',
        columns: [
          ['Zeit', 55],
          ['Phase', 95],
          ['Ziel', 120],
          ['Methode', 110],
          ['Material', 70],
          ['Wer', 49],
        ],
        rows: ['Einstieg', 'Themensammlung', 'Bearbeitung', 'Maßnahmenplanung', 'Abschluss', '', ''],
        rowHeight: 62,
      },
    ],
  },
  'experiment-canvas': {
    title: 'Experiment-Canvas',
    intro:
      'Ein Experiment auf einer Seite: klein, befristet, umkehrbar – und mit einer bewussten Entscheidung am Ende.',
    blocks: [
      { kind: 'box', label: 'Anliegen', hint: 'Welches Problem? Wer ist betroffen?', height: 55 },
      { kind: 'box', label: 'Hypothese', hint: 'Wenn wir …, dann …, erkennbar an …', height: 55 },
      {
        kind: 'box',
        label: 'Beteiligte und Spielregeln',
        hint: 'Wer probiert aus? Was gilt während des Experiments?',
        height: 55,
      },
      { kind: 'box', label: 'Dauer und Umfang', hint: 'Von … bis …, wo, mit wem', height: 40 },
      { kind: 'box', label: 'Erfolgskriterium und Messung', hint: 'Was wird wie und von wem erfasst?', height: 55 },
      {
        kind: 'box',
        label: 'Prüffelder',
        hint: 'Datenschutz · Mitbestimmung · Beschäftigte · Kosten · Förderung',
        height: 70,
      },
      {
        kind: 'box',
        label: 'Auswertung und Entscheidung',
        hint: 'Termin · verwerfen / anpassen / ausrollen · Begründung',
        height: 60,
      },
    ],
  },
  'trend-radar': {
    title: 'Trend-Radar',
    intro:
      'Beobachtungen aus dem Betrieb als Punkte eintragen: im Sektor des Megatrends, im Ring nach Zeithorizont. Danach die Wirkung bewerten.',
    blocks: [
      { kind: 'fields', labels: ['Betrieb / Team', 'Datum'] },
      {
        kind: 'radar',
        sectors: [
          'Globalisierung',
          'Neo-Ökologie',
          'Konnektivität',
          'Sicherheit',
          'Gesundheit',
          'Silver Society',
          'Gender Shift',
          'Individualisierung',
          'New Work',
          'Wissenskultur',
          'Urbanisierung',
          'Mobilität',
        ],
        rings: ['spürbar jetzt', 'in 3–5 Jahren', 'beobachten'],
      },
    ],
  },
};

export function templateTitle(id: string): string {
  return TEMPLATES[id]?.title ?? id;
}

export function templateIds(): string[] {
  return Object.keys(TEMPLATES);
}

export function templatePdf(id: string): Promise<Buffer> {
  const t = TEMPLATES[id];
  if (!t) throw new Error(`unknown template ${id}`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: M,
    lang: 'de-DE',
    displayTitle: true,
    info: {
      Title: t.title,
      Author: 'GeZu 4.0 · Offensive Mittelstand',
      Creator: 'gezu-lms course build',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });
  // pdfkit derives the document id from the creation date; pin it anyway for byte-identical builds
  (doc as unknown as { _id: Buffer })._id = Buffer.from(`gezu-template-${id}`.padEnd(16, '-').slice(0, 16));
  doc.registerFont('sans', path.join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('sansBold', path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('sans').fontSize(8).fillColor(MUTED).text('GeZu 4.0 · Qualifizierung OM-GeZu Lotsen · Vorlage', M, M);
  doc
    .font('sansBold')
    .fontSize(20)
    .fillColor(NAVY)
    .text(t.title, M, M + 16);
  doc
    .font('sans')
    .fontSize(10)
    .fillColor(INK)
    .text(t.intro, M, doc.y + 4, { width: W - 2 * M });
  let y = doc.y + 14;
  for (const block of t.blocks) y = drawBlock(doc, block, y) + 10;
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, b: Block, y: number): number {
  const width = W - 2 * M;
  doc.lineWidth(0.8).strokeColor('#8a96a3');
  if (b.kind === 'fields') {
    for (const label of b.labels) {
      doc
        .font('sansBold')
        .fontSize(9)
        .fillColor(INK)
        .text(`${label}:`, M, y + 6, { width: 130 });
      doc
        .moveTo(M + 135, y + 18)
        .lineTo(M + width, y + 18)
        .stroke();
      y += 24;
    }
    return y;
  }
  if (b.kind === 'box') {
    doc.rect(M, y, width, b.height + 22).stroke();
    doc
      .font('sansBold')
      .fontSize(10)
      .fillColor(NAVY)
      .text(b.label, M + 8, y + 6, { width: width - 16 });
    if (b.hint)
      doc
        .font('sans')
        .fontSize(8)
        .fillColor(MUTED)
        .text(b.hint, M + 8, doc.y + 1, { width: width - 16 });
    return y + b.height + 22;
  }
  if (b.kind === 'table') {
    let x = M;
    for (const [label, w] of b.columns) {
      doc.rect(x, y, w, 20).fillAndStroke('#e8eef5', '#8a96a3');
      doc
        .font('sansBold')
        .fontSize(9)
        .fillColor(INK)
        .text(label, x + 4, y + 6, { width: w - 8 });
      x += w;
    }
    y += 20;
    for (const row of b.rows) {
      x = M;
      for (const [i, [, w]] of b.columns.entries()) {
        doc.rect(x, y, w, b.rowHeight).stroke();
        if (i === 1 && row)
          doc
            .font('sans')
            .fontSize(9)
            .fillColor(INK)
            .text(row, x + 4, y + 6, { width: w - 8 });
        x += w;
      }
      y += b.rowHeight;
    }
    return y;
  }
  // radar: rings by time horizon, one sector per megatrend; labels outside the circle
  const cx = W / 2;
  const r = 175;
  const cy = y + r + 40;
  b.rings.forEach((_, i) => doc.circle(cx, cy, (r * (i + 1)) / b.rings.length).stroke());
  b.sectors.forEach((label, i) => {
    const a = (i / b.sectors.length) * 2 * Math.PI - Math.PI / 2;
    doc
      .moveTo(cx, cy)
      .lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a))
      .stroke();
    const mid = a + Math.PI / b.sectors.length;
    const lx = cx + (r + 26) * Math.cos(mid);
    const ly = cy + (r + 22) * Math.sin(mid);
    doc
      .font('sans')
      .fontSize(8)
      .fillColor(INK)
      .text(label, lx - 45, ly - 5, { width: 90, align: 'center' });
  });
  b.rings.forEach((label, i) => {
    doc
      .font('sans')
      .fontSize(7)
      .fillColor(MUTED)
      .text(label, cx + 3, cy - (r * (i + 1)) / b.rings.length + 3, { width: 70 });
  });
  return cy + r + 40;
}
