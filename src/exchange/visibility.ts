import type { Role } from '../shared/regions';
import type { SpaceRef } from './space-keys';

/** What decides which spaces a person sees: role, region and cohort ties. No I/O. */
export interface PersonFacts {
  role: Role;
  region: string | null;
  /** Cohorts with an enrolled place. */
  memberCohortIds: number[];
  /** Cohorts the person accompanies as a tutor, with their regions. */
  tutorCohorts: { id: number; region: string }[];
  /** Titles of those cohorts, when already read with them (saves a query per page view). */
  knownCohorts?: { id: number; title: string; region: string }[];
}

/** A tutor "of" a region: their own region, or the region of a cohort they accompany. */
function tutorsRegion(p: PersonFacts, slug: string): boolean {
  return p.region === slug || p.tutorCohorts.some((c) => c.region === slug);
}

/**
 * Who sees a space (issue 18). Admins see all. Module spaces: every Lotse and tutor. Cohort spaces:
 * its enrolled members and its tutors. Region spaces: the Lotsen of the region — OM-Berater/innen
 * are Lotsen in this system (the authorisation is a record on a Lotse, not a role), so every one of
 * them is included. Reflecting Team: the region's Lotsen and their tutors. Firms: the region's
 * Lotsen and tutors, who accompany the firms, and the people from firms (`teilnehmer`) of the region —
 * the only space those see.
 */
export function canSeeSpace(p: PersonFacts, space: SpaceRef): boolean {
  if (p.role === 'admin') return true;
  if (p.role === 'teilnehmer') return space.kind === 'firms' && p.region === space.slug;
  switch (space.kind) {
    case 'module':
      return p.role === 'lotse' || p.role === 'tutor';
    case 'cohort':
      return p.role === 'lotse'
        ? p.memberCohortIds.includes(space.cohortId)
        : p.tutorCohorts.some((c) => c.id === space.cohortId);
    case 'region':
      return p.role === 'lotse' && p.region === space.slug;
    case 'reflecting':
    case 'firms':
      return p.role === 'lotse' ? p.region === space.slug : tutorsRegion(p, space.slug);
  }
}

/** Tutors and admins moderate (pin, lock, hide, delete) in the spaces they see. */
export function canModerate(p: PersonFacts, space: SpaceRef): boolean {
  return (p.role === 'tutor' || p.role === 'admin') && canSeeSpace(p, space);
}
