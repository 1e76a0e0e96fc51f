/**
 * Simulated learners for the fault suite: real users, attempts and SCO launches made through the app's
 * own code, each with the launch token the player page would get, committing over HTTP to the real
 * commit route (`POST /api/v1/attempts/:a/scos/:s/commit?token=…&launch=n`, src/player/token-routes.ts).
 */
import http from 'node:http';
import path from 'node:path';
import { SAMPLES } from '../../helpers/samples';
import { createUser } from '../../../src/auth/users';
import { User, toUserView } from '../../../src/auth/user-model';
import { hashPassword } from '../../../src/auth/passwords';
import { importPackage } from '../../../src/packages';
import { startAttempt } from '../../../src/player/attempts';
import { launchSco } from '../../../src/player/launch';
import type { AppContext } from '../../../src/context';

export interface SimLearner {
  index: number;
  attemptId: number;
  scoId: number;
  token: string;
  launch: number;
  /** commitSequence values the server acknowledged (2xx with result true). */
  acked: number[];
}

export async function makeLearners(ctx: AppContext, count: number, prefix: string): Promise<SimLearner[]> {
  const admin = await createUser({
    email: `admin-${prefix}@faults.local`,
    password: 'fehler-kennwort-1',
    firstName: 'Fault',
    lastName: 'Admin',
    role: 'admin',
    region: null,
  });
  const pkg = await importPackage(
    ctx.services.packages,
    path.join(SAMPLES, 'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition'),
    {
      actorId: admin.id,
    },
  );
  const scoId = pkg.scos[0].id;
  const passwordHash = await hashPassword('fehler-kennwort-1'); // one hash for all: bcrypt is slow and measures nothing here
  const users = await User.bulkCreate(
    Array.from({ length: count }, (_, i) => ({
      email: `${prefix}${i}@faults.local`,
      passwordHash,
      firstName: 'Lotse',
      lastName: `Nr ${i}`,
      role: 'lotse',
      region: 'saarland',
    })),
  );
  const learners: SimLearner[] = [];
  for (const [index, u] of users.entries()) {
    const user = toUserView(u);
    const { attempt, token } = await startAttempt(ctx.services.player.catalogs, user, pkg.id);
    const launched = await launchSco(ctx.services.player, {
      attemptId: attempt.id,
      scoId,
      user,
      token,
      review: false,
    });
    learners.push({ index, attemptId: attempt.id, scoId, token: launched.token!, launch: launched.launch, acked: [] });
  }
  return learners;
}

export function commitPath(l: SimLearner): string {
  return `/api/v1/attempts/${l.attemptId}/scos/${l.scoId}/commit?token=${encodeURIComponent(l.token)}&launch=${l.launch}`;
}

/** A 2004 commit as scorm-again sends it; the location and suspend_data name the sequence number. */
export function commitBody(seq: number): string {
  return JSON.stringify({
    cmi: {
      completion_status: 'incomplete',
      location: `p${seq}`,
      exit: 'suspend',
      session_time: `PT${seq}S`,
      suspend_data: `{"seq":${seq},"pad":"${'x'.repeat(512)}"}`,
    },
    commitSequence: seq,
  });
}

/** POSTs one commit; true only for a 2xx whose JSON says result true. */
export function postCommit(agent: http.Agent, baseUrl: string, l: SimLearner, seq: number): Promise<boolean> {
  const url = new URL(baseUrl);
  const body = commitBody(seq);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: commitPath(l),
        agent,
        timeout: 15_000,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          try {
            resolve(res.statusCode! >= 200 && res.statusCode! < 300 && JSON.parse(text).result === true);
          } catch {
            resolve(false);
          }
        });
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

/**
 * Acknowledged vs stored: the SCO row keeps the newest commit (`seq = launch × 1,000,000 +
 * commitSequence`), so an acknowledged commit is stored when the row's sequence has reached it and
 * the row's location is that of the row's own sequence (its data, not an older body's).
 */
export function countStored(
  learners: SimLearner[],
  rows: { attempt_id: number; seq: number; location: string | null }[],
): { acknowledged: number; stored: number; inconsistent: number } {
  const byAttempt = new Map(rows.map((r) => [Number(r.attempt_id), r]));
  let acknowledged = 0;
  let stored = 0;
  let inconsistent = 0;
  for (const l of learners) {
    const row = byAttempt.get(l.attemptId);
    const storedSeq = row ? Number(row.seq) - l.launch * 1_000_000 : 0;
    if (row && storedSeq > 0 && row.location !== `p${storedSeq}`) inconsistent++;
    acknowledged += l.acked.length;
    stored += l.acked.filter((s) => s <= storedSeq).length;
  }
  return { acknowledged, stored, inconsistent };
}
