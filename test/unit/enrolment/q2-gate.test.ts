import {
  checkQ2Gate,
  type GateRecords,
  type Q1Record,
  type AuthorisationGateStatus,
  type WorkshopGateStatus,
} from '../../../src/enrolment/q2-gate';

const MODULES = [
  { moduleKey: 'tools-methoden', title: 'Tools & Methoden' },
  { moduleKey: 'technik', title: 'Technik' },
  { moduleKey: 'megatrends', title: 'Megatrends' },
];

/** Each module in one of four states: not completed, completed without mastery rule, passed, failed. */
type ModuleState = 'open' | 'done' | 'passed' | 'failed';
const MODULE_STATES: ModuleState[] = ['open', 'done', 'passed', 'failed'];
function q1(states: ModuleState[]): Q1Record[] {
  return MODULES.map((m, i) => ({
    ...m,
    completed: states[i] !== 'open',
    passed: states[i] === 'passed' ? true : states[i] === 'failed' ? false : null,
  }));
}

const AUTH: AuthorisationGateStatus[] = ['none', 'pending', 'verified', 'rejected'];
const WORKSHOP: WorkshopGateStatus[] = ['none', 'registered', 'attended', 'absent'];
const AUTH_CODE = {
  none: 'AUTHORISATION_MISSING',
  pending: 'AUTHORISATION_PENDING',
  rejected: 'AUTHORISATION_REJECTED',
  verified: null,
} as const;

// Every combination: 4^3 module states × 4 authorisation states × 4 workshop states = 1024 cases.
const cases: [ModuleState[], AuthorisationGateStatus, WorkshopGateStatus][] = [];
for (const a of MODULE_STATES)
  for (const b of MODULE_STATES)
    for (const c of MODULE_STATES)
      for (const auth of AUTH) for (const ws of WORKSHOP) cases.push([[a, b, c], auth, ws]);

describe('checkQ2Gate', () => {
  it.each(cases)(
    'when Q1 is %j, authorisation %s and workshop %s, then exactly the unmet conditions are listed',
    (states, auth, ws) => {
      const result = checkQ2Gate({
        q1: q1(states),
        authorisation: { status: auth, reason: 'Nummer unleserlich' },
        workshop: { status: ws },
      });
      const openKeys = MODULES.filter((_, i) => states[i] === 'open' || states[i] === 'failed').map((m) => m.moduleKey);
      const expected = [
        ...(openKeys.length ? ['Q1_INCOMPLETE'] : []),
        ...(AUTH_CODE[auth] ? [AUTH_CODE[auth]] : []),
        ...(ws === 'attended' ? [] : ['WORKSHOP_NOT_ATTENDED']),
      ];
      expect(result.missing.map((m) => m.code)).toEqual(expected);
      expect(result.ok).toBe(expected.length === 0);
      expect(result.met).toBe(3 - expected.length);
      expect(result.total).toBe(3);
      const q1Missing = result.missing.find((m) => m.code === 'Q1_INCOMPLETE');
      expect(q1Missing?.modules ?? []).toEqual(openKeys);
      for (const m of result.missing) {
        expect(m.message.length).toBeGreaterThan(20);
        expect(m.next.href).toMatch(/^\/(learning|q2\/authorisation|q2\/workshop)$/);
        expect(m.next.label).not.toBe('');
      }
    },
  );

  it('when two modules are missing and one failed, then the message names them in German', () => {
    const r = checkQ2Gate({
      q1: q1(['open', 'failed', 'passed']),
      authorisation: { status: 'verified' },
      workshop: { status: 'attended' },
    });
    expect(r.missing).toEqual([
      {
        code: 'Q1_INCOMPLETE',
        message: 'Schließen Sie noch die Q1-Module Tools & Methoden und Technik (Test noch nicht bestanden) ab.',
        modules: ['tools-methoden', 'technik'],
        next: { label: 'Zu meinen Modulen', href: '/learning' },
      },
    ]);
  });

  it('when the authorisation was rejected, then the reason is quoted so the Lotse knows what to fix', () => {
    const r = checkQ2Gate({
      q1: q1(['done', 'done', 'done']),
      authorisation: { status: 'rejected', reason: 'Datum fehlt' },
      workshop: { status: 'attended' },
    });
    expect(r.missing[0].message).toContain('„Datum fehlt“');
    expect(r.missing[0].next).toEqual({ label: 'Autorisierung erneut einreichen', href: '/q2/authorisation' });
  });

  it('when the Lotse is registered for a workshop or was absent, then the next step differs', () => {
    const base: Omit<GateRecords, 'workshop'> = {
      q1: q1(['done', 'done', 'done']),
      authorisation: { status: 'verified' },
    };
    const registered = checkQ2Gate({ ...base, workshop: { status: 'registered' } }).missing[0];
    const absent = checkQ2Gate({ ...base, workshop: { status: 'absent' } }).missing[0];
    expect(registered.message).toContain('angemeldet');
    expect(registered.next.label).toBe('Meinen Workshop-Termin ansehen');
    expect(absent.message).toContain('nicht bestätigt');
    expect(absent.next.label).toBe('Workshop-Termin wählen');
  });

  it('when everything is met, then ok is true with 3 of 3 and nothing missing', () => {
    expect(
      checkQ2Gate({
        q1: q1(['passed', 'done', 'passed']),
        authorisation: { status: 'verified' },
        workshop: { status: 'attended' },
      }),
    ).toEqual({ ok: true, met: 3, total: 3, missing: [] });
  });

  it('when English is asked for, then the messages are English', () => {
    const r = checkQ2Gate(
      { q1: q1(['open', 'done', 'done']), authorisation: { status: 'none' }, workshop: { status: 'none' } },
      'en',
    );
    expect(r.missing[0].message).toBe('Complete the Q1 module Tools & Methoden.');
  });
});
