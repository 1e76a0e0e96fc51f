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

const float = (v: number | null): number | null => (v === null ? null : Number(Math.fround(v).toPrecision(6)));

function toFields({ attempt: a, row: r }: CommitBasis, expiresAt: number): Field[] {
  return [
    expiresAt,
    a.id,
    a.userId,
    a.packageId,
    a.credit,
    a.completionStatus,
    a.successStatus,
    float(a.scoreScaled),
    float(a.progress),
    a.totalTimeCs,
    a.completedAt?.getTime() ?? null,
    a.lastActivityAt?.getTime() ?? null,
    r.id,
    r.scoId,
    r.seq,
    r.completionStatus,
    r.successStatus,
    float(r.scoreRaw),
    float(r.scoreMin),
    float(r.scoreMax),
    float(r.scoreScaled),
    float(r.progressMeasure),
    r.totalTimeCs,
    r.sessionTimeCs,
    r.sessionCount,
  ];
}

/** The type of each field of toFields: i integer, n number, s string, and ? for "or null". */
const SHAPE = [
  'i',
  'i',
  'i',
  'i',
  's',
  's',
  's',
  'n?',
  'n',
  'i',
  'i?',
  'i?',
  'i',
  'i',
  'i',
  's',
  's',
  'n?',
  'n?',
  'n?',
  'n?',
  'n?',
  'i',
  'i',
  'i',
];

function fits(v: unknown, type: string): boolean {
  if (v === null) return type.endsWith('?');
  if (type.startsWith('s')) return typeof v === 'string' && v.length <= 32;
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  return type.startsWith('n') || Number.isSafeInteger(v);
}

function fromFields(f: Field[]): { expiresAt: number; basis: CommitBasis } {
  const n = (i: number) => f[i] as number;
  const s = (i: number) => f[i] as string;
  const orNull = (i: number) => f[i] as number | null;
  const date = (i: number) => (f[i] === null ? null : new Date(n(i)));
  return {
    expiresAt: n(0),
    basis: {
      attempt: {
        id: n(1),
        userId: n(2),
        packageId: n(3),
        credit: s(4),
        completionStatus: s(5),
        successStatus: s(6),
        scoreScaled: orNull(7),
        progress: n(8),
        totalTimeCs: n(9),
        completedAt: date(10),
        lastActivityAt: date(11),
      },
      row: {
        id: n(12),
        scoId: n(13),
        seq: n(14),
        completionStatus: s(15),
        successStatus: s(16),
        scoreRaw: orNull(17),
        scoreMin: orNull(18),
        scoreMax: orNull(19),
        scoreScaled: orNull(20),
        progressMeasure: orNull(21),
        totalTimeCs: n(22),
        sessionTimeCs: n(23),
        sessionCount: n(24),
      },
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
      if (!Array.isArray(fields) || fields.length !== SHAPE.length || !SHAPE.every((t, i) => fits(fields[i], t)))
        return null;
      const { expiresAt, basis } = fromFields(fields as Field[]);
      const mine =
        basis.attempt.id === want.attemptId && basis.row.scoId === want.scoId && basis.attempt.userId === want.userId;
      return mine && expiresAt > now ? basis : null;
    },
  };
}
