import { Op } from 'sequelize';
import { getUser } from '../auth';
import { writeAudit } from '../shared/audit';
import { AppError, ConflictError, NoPermissionError, NotFoundError, ValidationError } from '../shared/errors';
import { Certificate, type CertificateKind } from './certificate-model';
import { normaliseCode } from './certificate-code';
import { holderOf } from './certificate-facts';
import {
  factsOf,
  toCertificateView,
  toPublicVerification,
  type CertificateView,
  type PublicVerification,
} from './certificate-views';
import { renderCertificatePdf } from './render-certificate-pdf';

const KIND_ORDER = { lotse: 0, q1: 1, participation: 2, offering: 3 } as const;

export async function listCertificatesOfUser(userId: number): Promise<CertificateView[]> {
  const rows = await Certificate.findAll({
    where: { userId },
    order: [
      ['issuedAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map(toCertificateView).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

/** The owner or an admin; anyone else gets 403 — also for ids that do not exist, so guessing ids
 * tells nothing. */
export async function certificateForDownload(id: number, viewer: { id: number; role: string }): Promise<Certificate> {
  const row = Number.isSafeInteger(id) && id > 0 ? await Certificate.findByPk(id) : null;
  if (viewer.role === 'admin') {
    if (!row) throw new NotFoundError('certificates.error.not_found', 'CERTIFICATE_NOT_FOUND');
    return row;
  }
  if (!row || row.userId !== viewer.id)
    throw new NoPermissionError('certificates.error.not_yours', 'CERTIFICATE_NOT_YOURS');
  // A revoked certificate is not handed out again as a fresh-looking PDF (admins still may, for records).
  if (row.revokedAt) throw new AppError(410, 'CERTIFICATE_REVOKED', 'certificates.error.revoked_download');
  return row;
}

export function verifyUrlFor(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${code}`;
}

export function certificatePdf(row: Certificate, baseUrl: string): Promise<Buffer> {
  return renderCertificatePdf({
    facts: factsOf(row),
    code: row.code,
    verifyUrl: verifyUrlFor(baseUrl, row.code),
    verifyPageUrl: `${baseUrl.replace(/\/+$/, '')}/verify`,
    reissuedAt: row.reissuedAt,
  });
}

/** A file name people recognise in their downloads folder. */
export function pdfFileName(row: Certificate): string {
  const kind =
    row.kind === 'participation'
      ? `Teilnahmebestaetigung-${row.moduleKey}`
      : row.kind === 'offering'
        ? `Teilnahmebestaetigung-Weiterbildung-${row.moduleKey?.replace(/\D/g, '')}`
        : row.kind === 'q1'
          ? 'Zertifikat-Q1'
          : 'Zertifikat-OM-GeZu-Lotse';
  return `${kind}-${row.code}.pdf`;
}

export async function verifyCode(input: unknown): Promise<PublicVerification> {
  const code = normaliseCode(input);
  if (!code) return { status: 'unknown', code: typeof input === 'string' ? input.slice(0, 40) : null };
  return toPublicVerification(await Certificate.findOne({ where: { code } }), code);
}

export interface AdminCertificateFilter {
  q?: string;
  kind?: CertificateKind;
  userId?: number;
  /** `valid` (not revoked) or `revoked`; none: both. */
  status?: 'valid' | 'revoked';
  page?: number;
  pageSize?: number;
}

export async function searchCertificates(filter: AdminCertificateFilter) {
  const pageSize = filter.pageSize ?? 25;
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const q = filter.q?.trim();
  const code = normaliseCode(q);
  // Wildcards are dropped rather than escaped: SQLite's LIKE has no default escape character.
  const cleaned = q?.replace(/[%_\\]/g, '');
  const like = cleaned ? `%${cleaned}%` : undefined;
  const text = code
    ? { code }
    : like
      ? { [Op.or]: [{ holderName: { [Op.like]: like } }, { code: { [Op.like]: like.toUpperCase() } }] }
      : {};
  const where = {
    ...text,
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(filter.status ? { revokedAt: filter.status === 'revoked' ? { [Op.ne]: null } : null } : {}),
  };
  const { rows, count } = await Certificate.findAndCountAll({
    where,
    order: [
      ['issuedAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    certificates: rows.map(toCertificateView),
    total: count,
    page,
    pages: Math.max(1, Math.ceil(count / pageSize)),
  };
}

export async function getCertificateView(id: number): Promise<CertificateView> {
  const row = Number.isSafeInteger(id) ? await Certificate.findByPk(id) : null;
  if (!row) throw new NotFoundError('certificates.error.not_found', 'CERTIFICATE_NOT_FOUND');
  return toCertificateView(row);
}

async function lockedCertificate(id: number, transaction: import('sequelize').Transaction): Promise<Certificate> {
  const row = await Certificate.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
  if (!row) throw new NotFoundError('certificates.error.not_found', 'CERTIFICATE_NOT_FOUND');
  return row;
}

/** Same code, the person's current name, a new reissue date; everything else stays as issued. */
export async function reissueCertificate(id: number, actorId: number): Promise<CertificateView> {
  return Certificate.sequelize!.transaction(async (transaction) => {
    const row = await lockedCertificate(id, transaction);
    if (row.revokedAt) throw new ConflictError('certificates.error.revoked_reissue', 'CERTIFICATE_REVOKED');
    const facts = factsOf(row);
    const user = await getUser(row.userId);
    const before = facts.holder.name;
    facts.holder = holderOf(user);
    row.factsJson = JSON.stringify(facts);
    row.holderName = facts.holder.name;
    row.reissuedAt = new Date();
    await row.save({ transaction });
    await writeAudit(
      {
        actorId,
        action: 'certificate.reissue',
        subjectType: 'certificate',
        subjectId: row.id,
        subjectUserId: row.userId,
        before: { name: before },
        after: { name: facts.holder.name, code: row.code },
      },
      transaction,
    );
    return toCertificateView(row);
  });
}

export async function revokeCertificate(id: number, actorId: number, reasonInput: unknown): Promise<CertificateView> {
  const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
  if (reason.length < 5 || reason.length > 2000) {
    throw new ValidationError(
      'certificates.error.revoke_reason',
      { reason: 'certificates.revoke.reason_required' },
      'REVOKE_REASON_REQUIRED',
    );
  }
  return Certificate.sequelize!.transaction(async (transaction) => {
    const row = await lockedCertificate(id, transaction);
    if (row.revokedAt) throw new ConflictError('certificates.error.already_revoked', 'CERTIFICATE_ALREADY_REVOKED');
    row.revokedAt = new Date();
    row.revokedReason = reason;
    row.revokedBy = actorId;
    await row.save({ transaction });
    await writeAudit(
      {
        actorId,
        action: 'certificate.revoke',
        subjectType: 'certificate',
        subjectId: row.id,
        subjectUserId: row.userId,
        before: { revokedAt: null },
        after: { code: row.code, revokedAt: row.revokedAt },
        reason,
      },
      transaction,
    );
    return toCertificateView(row);
  });
}
