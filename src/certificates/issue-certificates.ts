import { UniqueConstraintError } from 'sequelize';
import { getUser } from '../auth';
import { writeAudit } from '../shared/audit';
import { AppError } from '../shared/errors';
import { Q1_MODULES, q1ModuleTitle } from '../shared/q1-modules';
import { Certificate, dedupeKeyFor, type CertificateKind } from './certificate-model';
import { generateCertificateCode } from './certificate-code';
import { buildFacts, moduleDone, Q2_MODULE, type CertificateFacts, type ModuleCompletion } from './certificate-facts';
import { readModuleCompletions } from './q1-completions';
import { getQ2Status } from '../enrolment';

export interface IssueResult {
  certificate: Certificate;
  created: boolean;
}

/**
 * Inserts the certificate unless its dedupe key exists. Two processes seeing the same completion
 * both try; the unique index lets one win and the other reads the winner's row, so the result is
 * one certificate either way. Facts are built only when no certificate exists yet.
 */
export async function issueOnce(
  kind: CertificateKind,
  userId: number,
  moduleKey: string | null,
  facts: () => Promise<CertificateFacts>,
  actorId: number | null,
): Promise<IssueResult> {
  const dedupeKey = dedupeKeyFor(kind, userId, moduleKey);
  const existing = await Certificate.findOne({ where: { dedupeKey } });
  if (existing) return { certificate: existing, created: false };
  const built = await facts();
  const factsJson = JSON.stringify(built);
  for (let tries = 0; ; tries++) {
    try {
      const certificate = await Certificate.sequelize!.transaction(async (transaction) => {
        const row = await Certificate.create(
          {
            code: generateCertificateCode(),
            userId,
            kind,
            moduleKey,
            holderName: built.holder.name,
            dedupeKey,
            factsJson,
            issuedAt: new Date(built.issuedAt),
          },
          { transaction },
        );
        await writeAudit(
          {
            actorId,
            action: 'certificate.issue',
            subjectType: 'certificate',
            subjectId: row.id,
            subjectUserId: userId,
            after: { code: row.code, kind, moduleKey },
          },
          transaction,
        );
        return row;
      });
      return { certificate, created: true };
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
      const winner = await Certificate.findOne({ where: { dedupeKey } });
      if (winner) return { certificate: winner, created: false };
      // Otherwise the random code collided (80 bits: practically never) — draw a new one.
      if (tries >= 2) throw err;
    }
  }
}

async function holder(userId: number) {
  const user = await getUser(userId);
  return { firstName: user.firstName, lastName: user.lastName };
}

function q1Modules(completions: Map<string, ModuleCompletion>) {
  return Q1_MODULES.map((m) => ({ key: m.key, title: m.title, completion: completions.get(m.key)! }));
}

/** The Q1 certificate once all three Q1 modules are complete (and none failed); otherwise null.
 * Safe to call on every completion event: it issues at most once. */
export async function issueQ1CertificateIfEligible(userId: number, placeOfIssue: string): Promise<IssueResult | null> {
  const completions = await readModuleCompletions(userId);
  if (!Q1_MODULES.every((m) => moduleDone(completions.get(m.key)))) return null;
  return issueOnce(
    'q1',
    userId,
    null,
    async () =>
      buildFacts({
        kind: 'q1',
        holder: await holder(userId),
        modules: q1Modules(completions),
        issuedAt: new Date(),
        place: placeOfIssue,
      }),
    null,
  );
}

/** A Lotse asks for a confirmation of participation in one completed Q1 module. */
export async function issueParticipation(
  userId: number,
  moduleKey: string,
  placeOfIssue: string,
): Promise<IssueResult> {
  const title = q1ModuleTitle(moduleKey);
  if (!title) throw new AppError(404, 'MODULE_UNKNOWN', 'certificates.error.module_unknown');
  const completion = (await readModuleCompletions(userId)).get(moduleKey);
  if (!moduleDone(completion)) {
    throw new AppError(409, 'MODULE_NOT_COMPLETED', 'certificates.error.module_not_completed');
  }
  return issueOnce(
    'participation',
    userId,
    moduleKey,
    async () =>
      buildFacts({
        kind: 'participation',
        holder: await holder(userId),
        modules: [{ key: moduleKey, title, completion }],
        issuedAt: new Date(),
        place: placeOfIssue,
      }),
    userId,
  );
}

/** The "OM-GeZu Lotse" certificate once Q2 is completed — and Q1 too (an admin's gate override can
 * let someone into Q2 early; the certificate still states both). Otherwise null. */
export async function issueLotseCertificateIfEligible(
  userId: number,
  placeOfIssue: string,
): Promise<IssueResult | null> {
  const q2 = (await getQ2Status([userId])).get(userId);
  if (!q2?.completed) return null;
  const completions = await readModuleCompletions(userId);
  if (!Q1_MODULES.every((m) => moduleDone(completions.get(m.key)))) return null;
  const q2Completion: ModuleCompletion = {
    completed: true,
    passed: null,
    completedAt: q2.completedAt,
    scoreScaled: null,
  };
  return issueOnce(
    'lotse',
    userId,
    null,
    async () =>
      buildFacts({
        kind: 'lotse',
        holder: await holder(userId),
        modules: [...q1Modules(completions), { ...Q2_MODULE, completion: q2Completion }],
        issuedAt: new Date(),
        place: placeOfIssue,
      }),
    null,
  );
}

/**
 * The participation confirmation of a further-training offering (issue 18). The caller (offerings)
 * has checked that the person completed the offering's package and passes what it knows; the
 * confirmation is issued once per person and offering and frozen like every certificate.
 */
export async function issueOfferingConfirmation(
  userId: number,
  offering: { id: number; title: string; completion: ModuleCompletion },
  placeOfIssue: string,
): Promise<IssueResult> {
  if (!moduleDone(offering.completion)) {
    throw new AppError(409, 'OFFERING_NOT_COMPLETED', 'certificates.error.offering_not_completed');
  }
  const key = `offering:${offering.id}`;
  return issueOnce(
    'offering',
    userId,
    key,
    async () =>
      buildFacts({
        kind: 'offering',
        holder: await holder(userId),
        modules: [{ key, title: offering.title, completion: offering.completion }],
        issuedAt: new Date(),
        place: placeOfIssue,
      }),
    userId,
  );
}
