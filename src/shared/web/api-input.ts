/** Body shapes several JSON API routes share (the input kit's zod, in the API's form). */
import { z } from 'zod';

const ids = z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(2000);

/**
 * An attendance list: `present` attended, `absent` did not; people in neither list keep their mark.
 * Returns the services' form (`listed` = everyone named, `present`).
 */
export const attendanceBody = z
  .object({ present: ids.default([]), absent: ids.default([]) })
  .strict()
  .refine((v) => !v.present.some((p) => v.absent.includes(p)), { path: ['absent'], message: 'error.invalid_value' })
  .transform((v) => ({ listed: [...v.present, ...v.absent], present: v.present }));

/** An optional written reason (removal, completion override, rejection). */
export const reasonBody = z.object({ reason: z.string().max(2000).optional() });
