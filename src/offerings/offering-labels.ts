import type { Request } from 'express';
import { regionLabel } from '../shared/regions';
import type { OfferingView } from './offering-views';

/** dd.mm.yyyy of an ISO date without time-zone games (a DATEONLY is a calendar date). */
export function germanDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** The human texts an offering shows in lists: audience, regions, period, enrolment. */
export function offeringSummary(req: Request, o: OfferingView) {
  const from = o.startsOn ? req.t('offerings.starts_on', { date: germanDate(o.startsOn) }) : '';
  const to = o.endsOn ? req.t('offerings.ends_on', { date: germanDate(o.endsOn) }) : '';
  return {
    audienceText: o.audiences.map((a) => req.t(`offerings.audience.${a}`)).join(', '),
    regionText: o.regions.length ? o.regions.map(regionLabel).join(', ') : req.t('offerings.regions_all'),
    datesText: [from, to].filter(Boolean).join(' ') || req.t('offerings.dates_open'),
    enrolmentText: req.t(`offerings.enrolment.${o.enrolment}`),
    startsOnText: germanDate(o.startsOn),
  };
}
