import { canSeeSpace, canModerate, type PersonFacts } from '../../../src/exchange/visibility';
import { parseSpaceKey, type SpaceRef } from '../../../src/exchange/space-keys';

const person = (role: PersonFacts['role'], extra: Partial<PersonFacts> = {}): PersonFacts => ({
  role,
  region: 'saarland',
  memberCohortIds: [],
  tutorCohorts: [],
  ...extra,
});
const space = (key: string): SpaceRef => parseSpaceKey(key)!;

// Cohort 7 is in Saarland; cohort 9 in Rhein-Ruhr.
const people: Record<string, PersonFacts> = {
  admin: person('admin', { region: null }),
  lotseSaar: person('lotse'),
  lotseSaarInCohort7: person('lotse', { memberCohortIds: [7] }),
  lotseRuhr: person('lotse', { region: 'rhein-ruhr' }),
  lotseNoRegion: person('lotse', { region: null }),
  tutorSaar: person('tutor'),
  tutorOfCohort9: person('tutor', { region: null, tutorCohorts: [{ id: 9, region: 'rhein-ruhr' }] }),
  tutorRuhr: person('tutor', { region: 'rhein-ruhr' }),
  teilnehmerSaar: person('teilnehmer'),
  teilnehmerRuhrInCohort9: person('teilnehmer', { region: 'rhein-ruhr', memberCohortIds: [9] }),
  teilnehmerNoRegion: person('teilnehmer', { region: null }),
};

const keys = [
  'module:tools-methoden',
  'cohort:7',
  'cohort:9',
  'region:saarland',
  'region:rhein-ruhr',
  'reflecting:saarland',
  'reflecting:rhein-ruhr',
  'firms:saarland',
  'firms:rhein-ruhr',
] as const;

/** The whole matrix, written out: a change of the rules has to change this table. */
const expected: Record<string, (typeof keys)[number][]> = {
  admin: [...keys],
  lotseSaar: ['module:tools-methoden', 'region:saarland', 'reflecting:saarland', 'firms:saarland'],
  lotseSaarInCohort7: ['module:tools-methoden', 'cohort:7', 'region:saarland', 'reflecting:saarland', 'firms:saarland'],
  lotseRuhr: ['module:tools-methoden', 'region:rhein-ruhr', 'reflecting:rhein-ruhr', 'firms:rhein-ruhr'],
  lotseNoRegion: ['module:tools-methoden'],
  tutorSaar: ['module:tools-methoden', 'reflecting:saarland', 'firms:saarland'],
  tutorOfCohort9: ['module:tools-methoden', 'cohort:9', 'reflecting:rhein-ruhr', 'firms:rhein-ruhr'],
  tutorRuhr: ['module:tools-methoden', 'reflecting:rhein-ruhr', 'firms:rhein-ruhr'],
  // People from firms: their region's firms space and nothing else — not even a cohort row could open one.
  teilnehmerSaar: ['firms:saarland'],
  teilnehmerRuhrInCohort9: ['firms:rhein-ruhr'],
  teilnehmerNoRegion: [],
};

describe('who sees which exchange space', () => {
  for (const [name, facts] of Object.entries(people)) {
    for (const key of keys) {
      const sees = expected[name].includes(key);
      it(`when ${name} asks for ${key}, then they ${sees ? 'see' : 'do not see'} it`, () => {
        expect(canSeeSpace(facts, space(key))).toBe(sees);
      });
    }
  }

  it('when a Lotse sees a space, then they still cannot moderate it; tutors and admins can where they see', () => {
    expect(canModerate(people.lotseSaarInCohort7, space('cohort:7'))).toBe(false);
    expect(canModerate(people.tutorOfCohort9, space('cohort:9'))).toBe(true);
    expect(canModerate(people.tutorOfCohort9, space('cohort:7'))).toBe(false);
    expect(canModerate(people.admin, space('region:saarland'))).toBe(true);
    expect(canModerate(people.teilnehmerSaar, space('firms:saarland'))).toBe(false);
  });

  it('when a key names no possible space, then it does not parse', () => {
    for (const bad of [
      'module:unbekannt',
      'region:bayern',
      'cohort:0',
      'cohort:abc',
      'foo:saarland',
      'module',
      '',
      'module:tools-methoden/x',
    ])
      expect(parseSpaceKey(bad)).toBeNull();
    expect(parseSpaceKey('cohort:12')).toEqual({ kind: 'cohort', cohortId: 12 });
  });
});
