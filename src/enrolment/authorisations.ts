import crypto from 'node:crypto';
import { Op, literal, type WhereOptions } from 'sequelize';
import { Authorisation, type AuthorisationStatus } from './enrolment-models';

export type { AuthorisationStatus };
import { detectDocumentType, safeFileName } from '../shared/documents';
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { enqueue } from '../outbox';
import { AUTHORISATION_MAIL, type AuthorisationMailPayload } from './authorisation-mail';
import { ConflictError, NoPermissionError, NotFoundError, ValidationError } from '../shared/errors';
import { berlinDate, isValidDate } from '../shared/berlin-time';
import { storageFailure, type ObjectStore } from '../shared/storage';

export interface AuthorisationView {
  id: number;
  userId: number;
  number: string;
  issuedOn: string;
  status: AuthorisationStatus;
  reason: string | null;
  documentName: string;
  documentType: string;
  documentSize: number;
  isImage: boolean;
  createdAt: Date;
  reviewedAt: Date | null;
  user?: { id: number; name: string; email: string; region: string | null };
}

function view(a: Authorisation, user?: User | null): AuthorisationView {
  return {
    id: a.id,
    userId: a.userId,
    number: a.number,
    issuedOn: a.issuedOn,
    status: a.status,
    reason: a.reason,
    documentName: a.documentName,
    documentType: a.documentType,
    documentSize: a.documentSize,
    isImage: a.documentType.startsWith('image/'),
    createdAt: a.createdAt,
    reviewedAt: a.reviewedAt,
    ...(user ? { user: { id: user.id, name: user.displayName, email: user.email, region: user.region } } : {}),
  };
}

/** The key of an evidence document in the object store. */
const documentKey = (fileName: string) => `documents/${fileName}`;

export async function currentAuthorisation(userId: number): Promise<AuthorisationView | null> {
  const row = await Authorisation.findOne({ where: { userId }, order: [['id', 'DESC']] });
  return row ? view(row) : null;
}

/** Newest authorisation status per user, for the gate. */
export async function authorisationStatuses(
  userIds: number[],
): Promise<Map<number, { status: AuthorisationStatus; reason: string | null }>> {
  const rows = userIds.length
    ? await Authorisation.findAll({
        where: { userId: userIds },
        order: [['id', 'ASC']],
        attributes: ['userId', 'status', 'reason'],
      })
    : [];
  return new Map(rows.map((r) => [r.userId, { status: r.status, reason: r.reason }]));
}

export interface SubmittedFile {
  buffer: Buffer;
  originalname: string;
}

/**
 * A Lotse submits number, date and evidence. The file's type is read from its content; a file that
 * is not a PDF, PNG or JPEG is refused and nothing is stored. Allowed when there is none yet or the
 * last one was rejected.
 */
export async function submitAuthorisation(
  documents: ObjectStore,
  userId: number,
  input: { number?: unknown; issuedOn?: unknown },
  file: SubmittedFile | undefined,
): Promise<AuthorisationView> {
  const number = typeof input.number === 'string' ? input.number.trim() : '';
  const issuedOn = typeof input.issuedOn === 'string' ? input.issuedOn.trim() : '';
  const errors: Record<string, string> = {};
  if (!number) errors.number = 'q2.auth.error.number_required';
  else if (number.length > 64) errors.number = 'q2.auth.error.number_too_long';
  if (!isValidDate(issuedOn)) errors.issuedOn = 'q2.auth.error.date_invalid';
  else if (issuedOn > berlinDate()) errors.issuedOn = 'q2.auth.error.date_future';
  const type = file ? detectDocumentType(file.buffer.subarray(0, 16)) : null;
  if (!file || !file.buffer.length) errors.document = 'q2.auth.error.document_required';
  else if (!type) errors.document = 'q2.auth.error.document_type';
  if (Object.keys(errors).length) {
    const code = errors.document === 'q2.auth.error.document_type' ? 'DOCUMENT_TYPE_REFUSED' : 'VALIDATION_FAILED';
    throw new ValidationError('error.check_input', errors, code);
  }

  const fileName = crypto.randomUUID();
  const target = documentKey(fileName);
  await documents.write(target, file!.buffer).catch((err) => Promise.reject(storageFailure(err)));
  try {
    return await Authorisation.sequelize!.transaction(async (transaction) => {
      // The user row is the lock that keeps two submissions of one Lotse from both passing the check.
      await User.findByPk(userId, { transaction, lock: transaction.LOCK.UPDATE });
      const last = await Authorisation.findOne({ where: { userId }, order: [['id', 'DESC']], transaction });
      if (last && last.status !== 'rejected') {
        throw new ConflictError('q2.error.authorisation_submitted', 'AUTHORISATION_ALREADY_SUBMITTED');
      }
      const row = await Authorisation.create(
        {
          userId,
          number,
          issuedOn,
          status: 'pending',
          documentFile: fileName,
          documentName: safeFileName(file!.originalname || '', type!),
          documentType: type!.mime,
          documentSize: file!.buffer.length,
        },
        { transaction },
      );
      await writeAudit(
        {
          actorId: userId,
          action: 'authorisation.submitted',
          subjectType: 'authorisation',
          subjectId: row.id,
          subjectUserId: userId,
          after: { number, issuedOn, status: 'pending', documentType: type!.mime },
        },
        transaction,
      );
      return view(row);
    });
  } catch (err) {
    await documents.delete(target).catch(() => undefined);
    throw err;
  }
}

export type AuthorisationFilter = { status?: AuthorisationStatus; q?: string; page?: number };

/** The admin queue: pending first (oldest first, as a queue), then the rest newest first. */
export async function listAuthorisations(filter: AuthorisationFilter) {
  const where: WhereOptions = filter.status ? { status: filter.status } : {};
  const userWhere = filter.q
    ? { [Op.or]: ['email', 'firstName', 'lastName'].map((f) => ({ [f]: { [Op.like]: `%${filter.q!.trim()}%` } })) }
    : undefined;
  const perPage = 30;
  const page = Math.max(1, filter.page ?? 1);
  const { rows, count } = await Authorisation.findAndCountAll({
    where,
    include: [{ model: User, as: 'user', where: userWhere, required: true }],
    order: [
      [literal("CASE WHEN `Authorisation`.`status` = 'pending' THEN 0 ELSE 1 END"), 'ASC'],
      [
        literal(
          "CASE WHEN `Authorisation`.`status` = 'pending' THEN `Authorisation`.`id` ELSE -`Authorisation`.`id` END",
        ),
        'ASC',
      ],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  const pendingCount = await Authorisation.count({ where: { status: 'pending' } });
  return {
    items: rows.map((r) => view(r, (r as unknown as { user: User }).user)),
    total: count,
    page,
    pages: Math.max(1, Math.ceil(count / perPage)),
    pendingCount,
  };
}

export async function getAuthorisation(id: number): Promise<AuthorisationView & { isNewest: boolean }> {
  const row = await Authorisation.findByPk(id, { include: [{ model: User, as: 'user' }] });
  if (!row) throw new NotFoundError('q2.error.authorisation_not_found', 'AUTHORISATION_NOT_FOUND');
  const newest = await Authorisation.max<number, Authorisation>('id', { where: { userId: row.userId } });
  return { ...view(row, (row as unknown as { user: User }).user), isNewest: newest === row.id };
}

/**
 * Verify or reject. Repeating the same decision changes nothing and writes no second audit entry,
 * so a double click or a retried request is harmless. Only the newest submission can be decided.
 */
export async function decideAuthorisation(
  id: number,
  actorId: number,
  decision: 'verified' | 'rejected',
  reasonInput?: unknown,
): Promise<{ changed: boolean; userId: number }> {
  const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
  if (decision === 'rejected' && !reason) {
    throw new ValidationError(
      'q2.error.reason_missing',
      { reason: 'q2.auth.error.reason_required' },
      'REASON_REQUIRED',
    );
  }
  return Authorisation.sequelize!.transaction(async (transaction) => {
    const row = await Authorisation.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!row) throw new NotFoundError('q2.error.authorisation_not_found', 'AUTHORISATION_NOT_FOUND');
    const newest = await Authorisation.max<number, Authorisation>('id', { where: { userId: row.userId }, transaction });
    if (newest !== row.id) throw new ConflictError('q2.error.authorisation_superseded', 'AUTHORISATION_SUPERSEDED');
    if (row.status === decision) return { changed: false, userId: row.userId };
    const before = { status: row.status, reason: row.reason };
    await row.update(
      {
        status: decision,
        reason: decision === 'rejected' ? reason.slice(0, 2000) : null,
        reviewedBy: actorId,
        reviewedAt: new Date(),
      },
      { transaction },
    );
    await writeAudit(
      {
        actorId,
        action: decision === 'verified' ? 'authorisation.verified' : 'authorisation.rejected',
        subjectType: 'authorisation',
        subjectId: row.id,
        subjectUserId: row.userId,
        before,
        after: { status: row.status, reason: row.reason },
        reason: decision === 'rejected' ? reason : null,
      },
      transaction,
    );
    // The Lotse's mail about the decision is written with it (sent by the outbox, authorisation-mail.ts).
    await enqueue(transaction, AUTHORISATION_MAIL, {
      userId: row.userId,
      decision,
      reason,
    } satisfies AuthorisationMailPayload);
    return { changed: true, userId: row.userId };
  });
}

/** The stored document, for an admin or the Lotse it belongs to; never reachable by a static path. */
export async function authorisationDocument(documents: ObjectStore, id: number, viewer: { id: number; role: string }) {
  const row = await Authorisation.findByPk(id);
  if (!row) throw new NotFoundError('q2.error.authorisation_not_found', 'AUTHORISATION_NOT_FOUND');
  if (viewer.role !== 'admin' && viewer.id !== row.userId) throw new NoPermissionError();
  if (!/^[0-9a-f-]{36}$/.test(row.documentFile)) throw new NotFoundError();
  return {
    store: documents,
    key: documentKey(row.documentFile),
    type: row.documentType,
    name: row.documentName,
    size: row.documentSize,
  };
}
