import type { Offering } from './offering-models';
import type { Audience, OfferingFacts } from './offering-rules';

/** Plain data of an offering for templates, JSON and other components. */
export interface OfferingView {
  id: number;
  packageId: number;
  title: string;
  description: string;
  audiences: Audience[];
  regions: string[];
  enrolment: 'open' | 'invitation';
  startsOn: string | null;
  endsOn: string | null;
  archived: boolean;
  archivedAt: Date | null;
  createdAt: Date;
}

const split = (s: string | null | undefined) => (s ? s.split(',').filter(Boolean) : []);

export function toOfferingView(o: Offering): OfferingView {
  return {
    id: o.id,
    packageId: o.packageId,
    title: o.title,
    description: o.description,
    audiences: split(o.audiences) as Audience[],
    regions: split(o.regions),
    enrolment: o.enrolment === 'invitation' ? 'invitation' : 'open',
    startsOn: o.startsOn ?? null,
    endsOn: o.endsOn ?? null,
    archived: !!o.archivedAt,
    archivedAt: o.archivedAt ?? null,
    createdAt: o.createdAt,
  };
}

export function factsOfOffering(v: OfferingView): OfferingFacts {
  return {
    audiences: v.audiences,
    regions: v.regions,
    enrolment: v.enrolment,
    startsOn: v.startsOn,
    endsOn: v.endsOn,
    archived: v.archived,
  };
}
