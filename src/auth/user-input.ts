import { z } from 'zod';
import { REGION_KEYS, ROLES } from '../shared/regions';
import { ValidationError } from '../shared/errors';

// Messages are catalogue keys: the view translates them into the user's language.
const email = z.string().trim().toLowerCase().max(191, 'error.email_too_long').email('error.email_invalid');
const name = (key: string) => z.string().trim().min(1, key).max(100, 'error.name_too_long');
export const passwordRule = z.string().min(10, 'error.password_too_short').max(200, 'error.password_too_long');

export const registrationSchema = z
  .object({
    firstName: name('error.first_name_required'),
    lastName: name('error.last_name_required'),
    email,
    region: z.enum(REGION_KEYS, { message: 'error.region_required' }),
    password: passwordRule,
    passwordConfirm: z.string(),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'error.password_mismatch' });

/** People from firms are bound to a region: it decides their offerings and their firms space. */
const teilnehmerHasRegion = (v: { role: string; region?: string | null }) => v.role !== 'teilnehmer' || !!v.region;
const regionRequired = { path: ['region'], message: 'error.region_required' };

export const newUserSchema = z
  .object({
    firstName: name('error.first_name_required'),
    lastName: name('error.last_name_required'),
    email,
    role: z.enum(ROLES, { message: 'error.role_invalid' }),
    region: z.enum(REGION_KEYS, { message: 'error.region_required' }).nullable().optional(),
    password: passwordRule.optional(),
  })
  .refine(teilnehmerHasRegion, regionRequired);

export const userUpdateSchema = z
  .object({
    firstName: name('error.first_name_required'),
    lastName: name('error.last_name_required'),
    role: z.enum(ROLES, { message: 'error.role_invalid' }),
    region: z.enum(REGION_KEYS, { message: 'error.region_required' }).nullable(),
    active: z.boolean(),
  })
  .refine(teilnehmerHasRegion, regionRequired);

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'error.current_password_required'),
    password: passwordRule,
    passwordConfirm: z.string(),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'error.password_mismatch' });

export const passwordResetSchema = z
  .object({ password: passwordRule, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'error.password_mismatch' });

/** Parses input or throws a ValidationError carrying one message key per field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (!fieldErrors[field])
      fieldErrors[field] = issue.message.startsWith('error.') ? issue.message : 'error.invalid_value';
  }
  throw new ValidationError('error.check_input', fieldErrors);
}
