/**
 * Importing a context's NRPS member list (issue 16): each member becomes or finds an account exactly as
 * a first launch does (accounts.ts: issuer + sub; an existing account with that email is never linked
 * silently), is recorded as learner or instructor of the context, and learners are placed in the
 * chosen target through the owning services — the region with auth's `updateUser` (audited), a cohort
 * with enrolment's `bulkEnrol` (the Q2 gate, no override). Instructors become tutors of the context only;
 * nothing here grants admin. Running it again changes nothing that is already so.
 */
import { accountForLaunch } from './accounts';
import { addContextMember, contextForImport, removeContextLearner } from './contexts';
import { fetchMembers, type NrpsMember } from './nrps';
import { isInstructor, isLearner } from './claims';
import { ltiError } from './launch-validation';
import { LtiAccountLink, type LtiContext } from './lti-models';
import type { LtiService } from './lti-service';
import { User, findUser, updateUser, type TokenStandings, type UserView } from '../auth';
import { bulkEnrol, getQ2Status } from '../enrolment';
import { listCohortsForStaff } from '../curriculum';
import { REGIONS, regionLabel } from '../shared/regions';
import { writeAudit } from '../shared/audit';
import { AppError } from '../shared/errors';
import { translate, type Locale } from '../shared/i18n';

export type ImportTarget =
  { kind: 'region'; region: string } | { kind: 'cohort'; cohortId: number } | { kind: 'context' };
export type MemberRole = 'instructor' | 'learner' | 'other';

export interface TargetChoices {
  regions: { key: string; label: string }[];
  cohorts: { id: number; title: string; region: string }[];
}

export interface MemberPreview {
  sub: string;
  name: string;
  email: string | null;
  role: MemberRole;
  status: NrpsMember['status'];
  account: { id: number; name: string; email: string } | null;
  pending: boolean;
}

export interface ImportOutcome {
  sub: string;
  name: string;
  email: string | null;
  role: MemberRole;
  outcome: 'new' | 'existing' | 'skipped';
  accountCreated: boolean;
  /** Why it was skipped, or a note (catalogue text, already translated). */
  reason: string | null;
  details: string[];
}

export interface ImportSummary {
  target: ImportTarget;
  outcomes: ImportOutcome[];
  counts: { new: number; existing: number; skipped: number };
}

type Viewer = Pick<UserView, 'id' | 'role' | 'region'>;

/** Where this viewer may import to: admins every region and open cohort; tutors their region and their cohorts. */
export async function targetChoices(viewer: Viewer): Promise<TargetChoices> {
  const regions =
    viewer.role === 'admin'
      ? REGIONS.map((r) => ({ key: r.key, label: r.label }))
      : viewer.region
        ? [{ key: viewer.region, label: regionLabel(viewer.region) }]
        : [];
  const cohorts = (await listCohortsForStaff(viewer))
    .filter((c) => !c.finished)
    .map((c) => ({ id: c.id, title: c.title, region: c.region }));
  return { regions, cohorts };
}

/** `region:<key>`, `cohort:<id>` or `context` from the form; null for anything else. */
export function parseTarget(v: unknown): ImportTarget | null {
  if (v === 'context') return { kind: 'context' };
  if (typeof v !== 'string') return null;
  const region = /^region:([a-z-]{1,40})$/.exec(v);
  if (region) return { kind: 'region', region: region[1] };
  const cohort = /^cohort:([1-9][0-9]{0,9})$/.exec(v);
  if (cohort) return { kind: 'cohort', cohortId: Number(cohort[1]) };
  return null;
}

async function assertTargetAllowed(viewer: Viewer, target: ImportTarget | null): Promise<ImportTarget> {
  if (!target) throw ltiError('LTI_IMPORT_TARGET_INVALID', 422);
  if (target.kind === 'context') return target;
  const choices = await targetChoices(viewer);
  const ok =
    target.kind === 'region'
      ? choices.regions.some((r) => r.key === target.region)
      : choices.cohorts.some((c) => c.id === target.cohortId);
  if (!ok) throw ltiError('LTI_IMPORT_TARGET_FORBIDDEN', 403);
  return target;
}

const roleOf = (m: NrpsMember): MemberRole =>
  isInstructor(m.roles) ? 'instructor' : isLearner(m.roles) ? 'learner' : 'other';

function displayName(m: NrpsMember): string {
  const parts = [m.givenName, m.familyName].filter(Boolean).join(' ');
  return m.name || parts || m.sub;
}

async function readMembers(lti: LtiService, viewer: Viewer, contextRowId: number) {
  const { context, platform } = await contextForImport(viewer, contextRowId);
  if (!context.membershipsUrl) throw ltiError('LTI_NRPS_NOT_OFFERED', 409);
  const members = await fetchMembers(lti.ags, platform, context.membershipsUrl, context.contextId);
  return { context, platform, members };
}

export interface ContextHeader {
  id: number;
  title: string;
  label: string | null;
  platformName: string;
}

const headerOf = (context: LtiContext, platformName: string): ContextHeader => ({
  id: context.id,
  title: context.title ?? context.label ?? context.contextId,
  label: context.label,
  platformName,
});

/** The member list as the platform has it now, with whether each one already has an account here. */
export async function previewContext(
  lti: LtiService,
  viewer: Viewer,
  contextRowId: number,
): Promise<{ context: ContextHeader; members: MemberPreview[]; choices: TargetChoices }> {
  const { context, platform, members } = await readMembers(lti, viewer, contextRowId);
  const links = await LtiAccountLink.findAll({ where: { issuer: platform.issuer, sub: members.map((m) => m.sub) } });
  const userIds = links.map((l) => l.userId).filter((x): x is number => x !== null);
  const users = await User.findAll({ where: { id: userIds } });
  const previews = members.map((m): MemberPreview => {
    const link = links.find((l) => l.sub === m.sub);
    const user = link?.userId ? users.find((u) => u.id === link.userId) : undefined;
    return {
      sub: m.sub,
      name: displayName(m),
      email: m.email,
      role: roleOf(m),
      status: m.status,
      account: user ? { id: user.id, name: `${user.firstName} ${user.lastName}`, email: user.email } : null,
      pending: Boolean(link && !link.userId && link.pendingUserId),
    };
  });
  previews.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'de'));
  return {
    context: headerOf(context, platform.name || platform.issuer),
    members: previews,
    choices: await targetChoices(viewer),
  };
}

/**
 * Imports every member of the context into the target. The list is read from the platform again here
 * (never taken from the form), so what is imported is what the platform says at this moment.
 */
export async function importContext(
  lti: LtiService,
  standings: TokenStandings,
  viewer: Viewer,
  contextRowId: number,
  rawTarget: unknown,
  locale: Locale = 'de',
): Promise<ImportSummary & { context: ContextHeader }> {
  await contextForImport(viewer, contextRowId); // the course first: a stranger learns nothing about targets
  const target = await assertTargetAllowed(viewer, parseTarget(rawTarget));
  const { context, platform, members } = await readMembers(lti, viewer, contextRowId);
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, `lti.import.reason.${key}`, params);
  const outcomes: ImportOutcome[] = [];
  const toEnrol: { outcome: ImportOutcome; userId: number }[] = [];

  for (const m of members) {
    const role = roleOf(m);
    const out: ImportOutcome = {
      sub: m.sub,
      name: displayName(m),
      email: m.email,
      role,
      outcome: 'skipped',
      accountCreated: false,
      reason: null,
      details: [],
    };
    outcomes.push(out);
    if (m.status !== 'Active') {
      // The platform says this person left the course: they are no longer its learner here.
      const link = await LtiAccountLink.findOne({ where: { issuer: platform.issuer, sub: m.sub } });
      if (link?.userId) await removeContextLearner(context.id, link.userId);
      out.reason = t(m.status === 'Deleted' ? 'deleted' : 'inactive');
      continue;
    }
    if (role === 'other') {
      out.reason = t('role');
      continue;
    }
    let account;
    try {
      account = await accountForLaunch(
        platform,
        { sub: m.sub, name: m.name, given_name: m.givenName, family_name: m.familyName, email: m.email },
        role === 'instructor',
        viewer.id,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'LTI_ACCOUNT_INACTIVE') {
        out.reason = t('account_inactive');
        continue;
      }
      throw err;
    }
    if (account.kind === 'confirm') {
      out.reason = t('email_pending');
      continue;
    }
    const user = account.user;
    out.accountCreated = account.created;
    const added = await addContextMember(context.id, user.id, role, 'nrps');
    if (role === 'instructor') {
      out.outcome = account.created || added ? 'new' : 'existing';
      out.reason = t('instructor');
      continue;
    }
    if (user.role !== 'lotse') {
      out.reason = t('not_lotse');
      continue;
    }
    if (target.kind === 'context') {
      out.outcome = account.created || added ? 'new' : 'existing';
      if (out.outcome === 'new') out.reason = t('in_course');
    } else if (target.kind === 'region') {
      const fresh = (await findUser(user.id))!;
      if (fresh.region === target.region) out.outcome = account.created ? 'new' : 'existing';
      else if (fresh.region) out.reason = t('other_region', { region: regionLabel(fresh.region) });
      else {
        await updateUser(
          user.id,
          {
            firstName: fresh.firstName,
            lastName: fresh.lastName,
            role: fresh.role,
            region: target.region,
            active: fresh.active,
          },
          viewer.id,
          standings,
        );
        out.outcome = 'new';
        out.reason = t('placed_region', { region: regionLabel(target.region) });
      }
    } else {
      toEnrol.push({ outcome: out, userId: user.id });
    }
  }

  if (target.kind === 'cohort' && toEnrol.length) {
    const statuses = await getQ2Status(toEnrol.map((e) => e.userId));
    const pending = toEnrol.filter((e) => {
      const s = statuses.get(e.userId);
      const here = s?.cohort?.id === target.cohortId && (s.status === 'enrolled' || s.status === 'waitlisted');
      if (here) e.outcome.outcome = 'existing';
      return !here;
    });
    if (pending.length) {
      const results = await bulkEnrol(
        target.cohortId,
        viewer.id,
        { emails: [], userIds: pending.map((e) => e.userId), override: false },
        locale,
      );
      for (const e of pending) {
        const r = results.find((x) => x.userId === e.userId);
        if (r?.outcome === 'enrolled' || r?.outcome === 'waitlisted') {
          e.outcome.outcome = 'new';
          e.outcome.reason = t(r.outcome === 'waitlisted' ? 'waitlisted' : 'enrolled');
        } else if (r?.outcome === 'refused') {
          e.outcome.reason = t('gate');
          e.outcome.details = r.missing.map((x) => x.message);
        } else e.outcome.reason = r?.message ?? t('enrol_failed');
      }
    }
  }

  const counts = { new: 0, existing: 0, skipped: 0 };
  for (const o of outcomes) counts[o.outcome]++;
  await writeAudit({
    actorId: viewer.id,
    action: 'lti.nrps.imported',
    subjectType: 'lti_context',
    subjectId: context.id,
    after: {
      platform: platform.issuer,
      context: context.contextId,
      target:
        target.kind === 'region'
          ? `region:${target.region}`
          : target.kind === 'cohort'
            ? `cohort:${target.cohortId}`
            : 'context',
      members: members.length,
      ...counts,
    },
  });
  return { context: headerOf(context, platform.name || platform.issuer), target, outcomes, counts };
}
