/**
 * Names and Role Provisioning Services 2.0: the member list of a context. A client-credentials token
 * with the NRPS scope (the same JWT assertion as AGS, ags.ts), then GET the membership container with
 * its media type, following `Link: <…>; rel="next"` page by page. Every answer is checked (zod): a
 * malformed container, a paging loop or a next page on another origin is refused as a whole with its
 * own code — the import never works from half a list.
 */
import { z } from 'zod';
import { MalformedAnswerError, PlatformRequestError, type AgsClient } from './ags';
import { SCOPE } from './claims';
import { ltiError } from './launch-validation';
import type { LtiPlatform } from './lti-models';
import { AppError } from '../shared/errors';

export const MEMBERSHIP_MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** Limits of one read: a platform that pages forever or sends a huge course is refused. */
export const MAX_PAGES = 100;
export const MAX_MEMBERS = 5000;

export interface NrpsMember {
  sub: string;
  roles: string[];
  status: 'Active' | 'Inactive' | 'Deleted';
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
}

const text = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v && v.trim() ? v.trim() : null));

const memberSchema = z.object({
  user_id: z.string().min(1).max(191),
  roles: z.array(z.string().max(500)).max(100),
  status: z.enum(['Active', 'Inactive', 'Deleted']).optional(),
  name: text(300),
  given_name: text(200),
  family_name: text(200),
  email: text(300),
});

const containerSchema = z.object({
  id: z.string().optional(),
  context: z.object({ id: z.string() }).passthrough().optional(),
  members: z.array(z.unknown()),
});

/** The `rel="next"` target of a Link header (RFC 8288; several links separated by commas). */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2]);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return m[1];
  }
  return null;
}

/** Refusal codes have their catalogue key `lti.refusal.<CODE>` (messages-nrps.ts). */
const MALFORMED = 'LTI_NRPS_MALFORMED';
const refusalKey = (code: string) => ['lti.refusal', code].join('.');
function malformed(detail: string): AppError {
  return new AppError(502, MALFORMED, refusalKey(MALFORMED), { detail });
}

/** Every member of the context, all pages read; refuses the whole list on any malformed page. */
export async function fetchMembers(
  ags: AgsClient,
  platform: LtiPlatform,
  membershipsUrl: string,
  contextId: string,
  limits = { maxPages: MAX_PAGES, maxMembers: MAX_MEMBERS },
): Promise<NrpsMember[]> {
  const origin = new URL(membershipsUrl).origin;
  const seen = new Set<string>();
  const members = new Map<string, NrpsMember>();
  let url: string | null = membershipsUrl;
  while (url) {
    if (seen.has(url)) throw malformed('paging loop');
    if (seen.size >= limits.maxPages) throw ltiError('LTI_NRPS_TOO_LARGE', 502);
    seen.add(url);
    let page: { body: unknown; link: string | null };
    try {
      page = await ags.getJson(platform, url, [SCOPE.nrps], MEMBERSHIP_MEDIA_TYPE);
    } catch (err) {
      if (err instanceof MalformedAnswerError) throw malformed(err.message);
      if (err instanceof PlatformRequestError && err.stage === 'token') throw ltiError('LTI_NRPS_TOKEN_REFUSED', 502);
      if (err instanceof PlatformRequestError && (err.status === 401 || err.status === 403))
        throw ltiError('LTI_NRPS_REFUSED', 502);
      throw ltiError('LTI_NRPS_UNREACHABLE', 502);
    }
    const container = containerSchema.safeParse(page.body);
    if (!container.success) throw malformed('not a membership container');
    if (container.data.context && container.data.context.id !== contextId) throw malformed('another context');
    for (const raw of container.data.members) {
      const m = memberSchema.safeParse(raw);
      if (!m.success) throw malformed('member without user_id or roles');
      members.set(m.data.user_id, {
        sub: m.data.user_id,
        roles: m.data.roles,
        status: m.data.status ?? 'Active',
        name: m.data.name,
        givenName: m.data.given_name,
        familyName: m.data.family_name,
        email: m.data.email,
      });
      if (members.size > limits.maxMembers) throw ltiError('LTI_NRPS_TOO_LARGE', 502);
    }
    const next = nextLink(page.link);
    if (next === null) break;
    let nextUrl: URL;
    try {
      nextUrl = new URL(next, url);
    } catch {
      throw malformed('next link is no URL');
    }
    // Only pages of the same service: a next link elsewhere would make us send our token there.
    if (nextUrl.origin !== origin) throw malformed('next link on another origin');
    url = nextUrl.toString();
  }
  return [...members.values()];
}
