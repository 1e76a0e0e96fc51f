/** Shared steps of the player tests: import a sample, open the player page, launch and commit. */
import path from 'node:path';
import type request from 'supertest';
import { importPackage } from '../../src/packages';
import type { AppContext } from '../../src/context';
import { SAMPLES as SAMPLES_ROOT } from '../helpers/samples';

export const SAMPLES = SAMPLES_ROOT;
export type Agent = ReturnType<typeof request.agent>;

export function importSample(
  t: { ctx: AppContext },
  folder: string,
  actorId: number,
  opts: { packageId?: number; moduleKey?: string } = {},
) {
  return importPackage(t.ctx.services.packages, path.join(SAMPLES, folder), { actorId, ...opts });
}

export interface PlayerData {
  attemptId: number;
  token: string;
  /** The page's signed token (keep-alive, sequencing saves). */
  runtimeToken: string | null;
  /** Signed launch tokens by SCO, filled by launchSco (commits). */
  launchTokens?: Record<number, string>;
  scormVersion: string;
  mode: string;
  startScoId: number;
  commitIntervalSeconds: number;
  items: { id: number; title: string; href: string; type: string; statusKey: string }[];
}

/** Opens /play/<id> like a browser and reads the page's JSON data block. */
export async function openPlayer(agent: Agent, packageId: number, query = ''): Promise<PlayerData> {
  const res = await agent.get(`/play/${packageId}${query}`).expect(200);
  const match = /<script type="application\/json" id="player-data">([\s\S]*?)<\/script>/.exec(res.text);
  if (!match) throw new Error('no player data on the page');
  return JSON.parse(match[1]) as PlayerData;
}

export async function launchSco(agent: Agent, data: PlayerData, scoId: number, review = false) {
  const res = await agent
    .get(`/api/v1/attempts/${data.attemptId}/scos/${scoId}/launch`)
    .query({ token: data.token, ...(review ? { mode: 'review' } : {}) })
    .expect(200);
  if (res.body.token) data.launchTokens = { ...data.launchTokens, [scoId]: res.body.token };
  return res.body as { launch: number; mode: string; credit: string; cmi: Record<string, any>; token?: string };
}

/** A commit as the page sends it: with the signed token of the SCO's last launch (no session needed). */
export function commit(
  agent: Agent,
  data: PlayerData,
  scoId: number,
  launch: number,
  body: unknown,
  type = 'application/json',
  token = data.launchTokens?.[scoId] ?? '',
) {
  return agent
    .post(`/api/v1/attempts/${data.attemptId}/scos/${scoId}/commit?token=${encodeURIComponent(token)}&launch=${launch}`)
    .set('Content-Type', type)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A 1.2 commit body as scorm-again sends it (values are strings). */
export function body12(seq: number, core: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    cmi: {
      suspend_data: '',
      launch_data: '',
      comments: '',
      core: {
        lesson_location: '',
        lesson_status: 'incomplete',
        exit: '',
        session_time: '00:00:00',
        score: { raw: '', min: '', max: '100' },
        ...core,
      },
      objectives: {},
      interactions: {},
      ...extra,
    },
    commitSequence: seq,
  };
}

export function body2004(seq: number, cmi: Record<string, unknown>) {
  return {
    cmi: {
      completion_status: 'incomplete',
      success_status: 'unknown',
      location: '',
      exit: '',
      session_time: 'PT0S',
      suspend_data: '',
      score: { scaled: '', raw: '', min: '', max: '' },
      interactions: {},
      objectives: {},
      ...cmi,
    },
    commitSequence: seq,
  };
}
