/**
 * What a document really is, read from its first bytes — never from its name or the MIME type the
 * browser claims, because both are chosen by the sender.
 */
export interface DocumentType {
  mime: 'application/pdf' | 'image/png' | 'image/jpeg';
  extension: 'pdf' | 'png' | 'jpg';
}

const SIGNATURES: { bytes: number[]; type: DocumentType }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], type: { mime: 'application/pdf', extension: 'pdf' } }, // %PDF-
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: { mime: 'image/png', extension: 'png' } },
  { bytes: [0xff, 0xd8, 0xff], type: { mime: 'image/jpeg', extension: 'jpg' } },
];

export function detectDocumentType(head: Uint8Array): DocumentType | null {
  const match = SIGNATURES.find((s) => s.bytes.length <= head.length && s.bytes.every((b, i) => head[i] === b));
  return match?.type ?? null;
}

/** A name safe for a Content-Disposition header: no quotes, slashes or control characters. */
export function safeFileName(name: string, type: DocumentType): string {
  // Control characters are exactly what must not reach the header.
  const base =
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\\/"\u0000-\u001f\u007f]/g, '_')
      .replace(/\.[^.]*$/, '')
      .slice(0, 120) || 'nachweis';
  return `${base}.${type.extension}`;
}
