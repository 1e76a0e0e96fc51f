/**
 * The commit basis: what a commit left stored — the attempt's and its one SCO row's columns that the
 * next commit computes from — signed by the server and handed to the page with the reply. The page's
 * next commit brings it back (`basis` beside `cmi` in the body), and the optimistic commit (commit.ts)
 * takes it instead of reading: one self-committing UPDATE is then the whole commit, one round trip.
 *
 * Why this cannot lose or lower anything:
 * - the MAC (HMAC-SHA256 under a key derived from SESSION_SECRET) means the server wrote exactly this
 *   state: a page cannot invent a larger learning time or a pass;
 * - the write is guarded as after a read (commit-store.ts `WriteGuard`: the row's seq and
 *   session_count, the attempt's earned state and time): a basis that is no longer what is stored —
 *   another tab's commit, a launch, a replayed request — changes nothing, and the commit runs again on
 *   rows it reads;
 * - it names its attempt, SCO and user; one of another attempt or user is ignored.
 *
 * FLOAT columns are kept as the commit's read returns them (single precision shown with six digits,
 * commit-sql.ts), so a basis holds what a read would have returned. A basis expires after BASIS_TTL_MS only to keep a leaked one from being useful
 * for long; an expired or unreadable basis is simply not used.
 */
import crypto from 'node:crypto';
import type { LockedAttempt, LockedRow } from './commit-store';

export interface CommitBasis {
  attempt: LockedAttempt;
  row: LockedRow;
}

export interface CommitBases {
  sign(basis: CommitBasis, now?: number): string;
  /** The basis a commit brought, or null when it is missing, forged, expired or not for this commit. */
  read(text: unknown, want: { attemptId: number; scoId: number; userId: number }, now?: number): CommitBasis | null;
}

const BASIS_TTL_MS = 6 * 60 * 60 * 1000;
const MAX_LENGTH = 1000;

type Field = number | string | null;
/** int, float (FLOAT column), str, date (epoch ms); `?` = or null. */
type Kind = 'int' | 'float' | 'float?' | 'str' | 'date?';

/** The fields of a basis in their order on the wire, after its expiry: the attempt's, then the row's. */
const ATTEMPT_FIELDS: [keyof LockedAttempt, Kind][] = [
  ['id', 'int'],
  ['userId', 'int'],
  ['packageId', 'int'],
  ['credit', 'str'],
  ['completionStatus', 'str'],
  ['successStatus', 'str'],
  ['scoreScaled', 'float?'],
  ['progress', 'float'],
  ['totalTimeCs', 'int'],
  ['completedAt', 'date?'],
  ['lastActivityAt', 'date?'],
];
const ROW_FIELDS: [keyof LockedRow, Kind][] = [
  ['id', 'int'],
  ['scoId', 'int'],
  ['seq', 'int'],
  ['completionStatus', 'str'],
  ['successStatus', 'str'],
  ['scoreRaw', 'float?'],
  ['scoreMin', 'float?'],
  ['scoreMax', 'float?'],
  ['scoreScaled', 'float?'],
  ['progressMeasure', 'float?'],
  ['totalTimeCs', 'int'],
  ['sessionTimeCs', 'int'],
  ['sessionCount', 'int'],
];

/** The kind of every field on the wire: the expiry (epoch ms), then the two lists. */
const KINDS: Kind[] = ['int', ...ATTEMPT_FIELDS.map(([, k]) => k), ...ROW_FIELDS.map(([, k]) => k)];

function encode(v: unknown, kind: Kind): Field {
  if (v === null || v === undefined) return null;
  if (kind === 'date?') return (v as Date).getTime();
  if (kind.startsWith('float')) return Number(Math.fround(v as number).toPrecision(6));
  return v as Field;
}

function fits(v: unknown, kind: Kind): boolean {
  if (v === null) return kind.endsWith('?');
  if (kind === 'str') return typeof v === 'string' && v.length <= 32;
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  return kind.startsWith('float') || Number.isSafeInteger(v);
}

const decode = (v: Field, kind: Kind): unknown => (kind === 'date?' && v !== null ? new Date(v as number) : v);

function toFields({ attempt, row }: CommitBasis, expiresAt: number): Field[] {
  return [
    expiresAt,
    ...ATTEMPT_FIELDS.map(([key, kind]) => encode(attempt[key], kind)),
    ...ROW_FIELDS.map(([key, kind]) => encode(row[key], kind)),
  ];
}

/** The basis in `fields`, or null when they do not have its shape. */
function fromFields(fields: unknown): { expiresAt: number; basis: CommitBasis } | null {
  if (!Array.isArray(fields) || fields.length !== KINDS.length || !KINDS.every((k, i) => fits(fields[i], k)))
    return null;
  const part = <T>(list: [keyof T, Kind][], offset: number): T =>
    Object.fromEntries(list.map(([key, kind], i) => [key, decode(fields[offset + i] as Field, kind)])) as T;
  return {
    expiresAt: fields[0] as number,
    basis: {
      attempt: part<LockedAttempt>(ATTEMPT_FIELDS, 1),
      row: part<LockedRow>(ROW_FIELDS, 1 + ATTEMPT_FIELDS.length),
    },
  };
}

/** Built once per app by the composition root (player-settings.ts); every process derives the same key. */
export function createCommitBases(secret: string): CommitBases {
  const key = crypto.createHmac('sha256', secret).update('gezu-lms commit basis v1').digest();
  const mac = (payload: string): Buffer => crypto.createHmac('sha256', key).update(payload).digest();
  return {
    sign(basis, now = Date.now()) {
      const payload = Buffer.from(JSON.stringify(toFields(basis, now + BASIS_TTL_MS))).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    read(text, want, now = Date.now()) {
      if (typeof text !== 'string' || text.length > MAX_LENGTH) return null;
      const dot = text.indexOf('.');
      if (dot < 1) return null;
      const payload = text.slice(0, dot);
      const given = Buffer.from(text.slice(dot + 1), 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
      let fields: unknown;
      try {
        fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const read = fromFields(fields);
      if (!read) return null;
      const { expiresAt, basis } = read;
      const mine =
        basis.attempt.id === want.attemptId && basis.row.scoId === want.scoId && basis.attempt.userId === want.userId;
      return mine && expiresAt > now ? basis : null;
    },
  };
}
