/**
 * Who may see, enrol in and play an offering (issue 18). Pure: no I/O, so the rules can be tested as
 * a table and every path (pages, player guard, reports) asks the same function.
 */
import type { Role } from '../shared/regions';

export const AUDIENCES = ['lotsen', 'om_berater', 'unternehmen'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface OfferingFacts {
  audiences: Audience[];
  /** Empty: every region. */
  regions: string[];
  enrolment: 'open' | 'invitation';
  /** ISO dates (yyyy-mm-dd), inclusive; null when open-ended. */
  startsOn: string | null;
  endsOn: string | null;
  archived: boolean;
}

export interface LearnerFacts {
  role: Role;
  region: string | null;
  /** A Lotse whose OM-Berater authorisation an admin verified. */
  omBerater: boolean;
  invited: boolean;
  enrolled: boolean;
}

/** Which audience a person belongs to. OM-Berater/innen are Lotsen with a verified authorisation. */
export function audiencesOf(p: Pick<LearnerFacts, 'role' | 'omBerater'>): Audience[] {
  if (p.role === 'teilnehmer') return ['unternehmen'];
  if (p.role === 'lotse') return p.omBerater ? ['lotsen', 'om_berater'] : ['lotsen'];
  return [];
}

export function fitsAudience(o: Pick<OfferingFacts, 'audiences'>, p: Pick<LearnerFacts, 'role' | 'omBerater'>) {
  return audiencesOf(p).some((a) => o.audiences.includes(a));
}

export function fitsRegion(o: Pick<OfferingFacts, 'regions'>, p: Pick<LearnerFacts, 'region'>): boolean {
  return o.regions.length === 0 || (!!p.region && o.regions.includes(p.region));
}

export type Phase = 'upcoming' | 'running' | 'ended';

export function phaseOf(o: Pick<OfferingFacts, 'startsOn' | 'endsOn'>, today: string): Phase {
  if (o.startsOn && today < o.startsOn) return 'upcoming';
  if (o.endsOn && today > o.endsOn) return 'ended';
  return 'running';
}

/**
 * Enrolled people keep seeing their offering (progress, confirmation) even after it ended or was
 * archived. Everyone else: not archived, not ended, the right audience, and then either open to the
 * region or a personal invitation (which stands for the region).
 */
export function canSeeOffering(o: OfferingFacts, p: LearnerFacts, today: string): boolean {
  if (p.enrolled) return true;
  if (o.archived || phaseOf(o, today) === 'ended' || !fitsAudience(o, p)) return false;
  return o.enrolment === 'open' ? fitsRegion(o, p) : p.invited;
}

/** Why a person cannot enrol now, as a stable code; null when they can. */
export function enrolBlocker(
  o: OfferingFacts,
  p: LearnerFacts,
  today: string,
): null | 'OFFERING_NOT_FOUND' | 'OFFERING_NOT_STARTED' | 'OFFERING_ALREADY_ENROLLED' {
  if (p.enrolled) return 'OFFERING_ALREADY_ENROLLED';
  if (!canSeeOffering(o, p, today)) return 'OFFERING_NOT_FOUND';
  if (phaseOf(o, today) === 'upcoming') return 'OFFERING_NOT_STARTED';
  return null;
}

/** Enrolled people play from the start date on (and after the end, to finish what they began). */
export function canPlay(o: OfferingFacts, p: LearnerFacts, today: string): boolean {
  return p.enrolled && phaseOf(o, today) !== 'upcoming';
}
