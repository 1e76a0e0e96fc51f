import { z } from 'zod';
import { REGION_KEYS } from '../shared/regions';
import { DATE_RE } from '../shared/berlin-time';
import { id } from '../shared/web/input';
import { AUDIENCES } from './offering-rules';

/** A form sends one checkbox as a string, several as an array, none as nothing. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) =>
      ([] as unknown[])
        .concat(v ?? [])
        .map(String)
        .filter(Boolean),
    z.array(item),
  );
// preprocess, not transform: zod 4 refuses a missing key before a transform of z.unknown() runs.
const optionalDate = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() ? v.trim() : null),
  z
    .string()
    .regex(DATE_RE, 'offerings.error.date_invalid')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'offerings.error.date_invalid')
    .nullable(),
);

/** What an admin types to publish or change an offering. Messages are catalogue keys. */
export const offeringSchema = z
  .object({
    packageId: z.preprocess((v) => id.parse(v), z.number().min(1, 'offerings.error.package_required')),
    title: z.string().trim().min(1, 'offerings.error.title_required').max(200, 'offerings.error.title_too_long'),
    description: z
      .string()
      .trim()
      .min(1, 'offerings.error.description_required')
      .max(5000, 'offerings.error.description_too_long'),
    audiences: list(z.enum(AUDIENCES)).refine((a) => a.length > 0, 'offerings.error.audience_required'),
    regions: list(z.enum(REGION_KEYS)),
    enrolment: z.enum(['open', 'invitation'], { message: 'offerings.error.enrolment_required' }),
    startsOn: optionalDate,
    endsOn: optionalDate,
  })
  .refine((v) => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn, {
    path: ['endsOn'],
    message: 'offerings.error.end_before_start',
  });

export type OfferingInput = z.infer<typeof offeringSchema>;

/** Email addresses, one per line or separated by commas/semicolons/spaces. */
export function emailsFrom(text: unknown): string[] {
  return [
    ...new Set(
      String(text ?? '')
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].slice(0, 200);
}
