import crypto from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import { detectDocumentType, safeFileName, type DocumentType, type SubmittedFile } from '../shared/documents';
import { storageFailure, type ObjectStore } from '../shared/storage';
import { ExchangeAttachment } from './exchange-models';

/** At most this many files on one post (each up to DOCUMENT_MAX_BYTES). */
export const ATTACHMENTS_PER_POST = 3;

/** What a form or API call brought along besides its fields (see shared/documents/upload.ts). */
export interface Upload {
  files: SubmittedFile[];
  tooLarge?: boolean;
  tooMany?: boolean;
}

export interface AttachmentView {
  id: number;
  name: string;
  type: string;
  size: number;
  sizeLabel: string;
  url: string;
}

/** "340 KB", "1,2 MB" — German number format, as the pages show it. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1048576).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}

interface CheckedFile {
  file: SubmittedFile;
  type: DocumentType;
}

const objectKey = (fileKey: string) => `exchange/${fileKey}`;

/**
 * The field error for an upload (a message key), or null when every file is a PDF, PNG or JPEG read
 * from its first bytes — the same rule as the evidence documents of Q2.
 */
export function attachmentError(upload: Upload | undefined): string | null {
  if (!upload) return null;
  if (upload.tooLarge) return 'exchange.error.attachment_too_large';
  if (upload.tooMany || upload.files.length > ATTACHMENTS_PER_POST) return 'exchange.error.attachment_too_many';
  for (const f of upload.files) {
    if (!f.buffer.length || !detectDocumentType(f.buffer.subarray(0, 16))) return 'exchange.error.attachment_type';
  }
  return null;
}

/**
 * Writes the files to the store (before the post's transaction, as the documents of Q2 do) and
 * returns what the rows need plus an undo for when the transaction fails.
 */
export async function storeAttachments(store: ObjectStore, upload: Upload | undefined) {
  const checked: CheckedFile[] = (upload?.files ?? []).map((file) => ({
    file,
    type: detectDocumentType(file.buffer.subarray(0, 16))!,
  }));
  const written: string[] = [];
  const undo = async () => {
    await Promise.all(written.map((k) => store.delete(objectKey(k)).catch(() => undefined)));
  };
  try {
    for (const c of checked) {
      const fileKey = crypto.randomUUID();
      await store.write(objectKey(fileKey), c.file.buffer);
      written.push(fileKey);
    }
  } catch (err) {
    await undo();
    throw storageFailure(err);
  }
  const rows = checked.map((c, i) => ({
    fileKey: written[i],
    name: safeFileName(c.file.originalname || '', c.type).slice(0, 200),
    type: c.type.mime,
    size: c.file.buffer.length,
  }));
  return {
    count: rows.length,
    async attach(postId: number, transaction: Transaction) {
      if (rows.length)
        await ExchangeAttachment.bulkCreate(
          rows.map((r) => ({ ...r, postId })),
          { transaction },
        );
    },
    undo,
  };
}

/** The attachments of these posts, by post, in upload order. */
export async function attachmentsOf(postIds: number[]): Promise<Map<number, AttachmentView[]>> {
  const out = new Map<number, AttachmentView[]>();
  if (!postIds.length) return out;
  const rows = await ExchangeAttachment.findAll({ where: { postId: { [Op.in]: postIds } }, order: [['id', 'ASC']] });
  for (const r of rows) {
    const list = out.get(r.postId) ?? [];
    list.push({
      id: r.id,
      name: r.name,
      type: r.type,
      size: r.size,
      sizeLabel: sizeLabel(r.size),
      url: `/austausch/anhaenge/${r.id}`,
    });
    out.set(r.postId, list);
  }
  return out;
}

/** The stored file behind an attachment id, with its post (the caller checks who may see it). */
export async function attachmentRow(id: number) {
  const row = await ExchangeAttachment.findByPk(id);
  return row
    ? { postId: row.postId, key: objectKey(row.fileKey), type: row.type, name: row.name, size: row.size }
    : null;
}
