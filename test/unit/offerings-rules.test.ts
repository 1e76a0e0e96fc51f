import {
  canSeeOffering,
  canPlay,
  enrolBlocker,
  phaseOf,
  type LearnerFacts,
  type OfferingFacts,
} from '../../src/offerings';
import { offeringSchema } from '../../src/offerings/offering-input';

const offering = (o: Partial<OfferingFacts> = {}): OfferingFacts => ({
  audiences: ['lotsen'],
  regions: [],
  enrolment: 'open',
  startsOn: null,
  endsOn: null,
  archived: false,
  ...o,
});
const person = (p: Partial<LearnerFacts> = {}): LearnerFacts => ({
  role: 'lotse',
  region: 'saarland',
  omBerater: false,
  invited: false,
  enrolled: false,
  ...p,
});
const TODAY = '2026-06-15';

describe('who sees an offering', () => {
  it('when the audience is Lotsen, then Lotsen see it and people from firms and tutors do not', () => {
    expect(canSeeOffering(offering(), person(), TODAY)).toBe(true);
    expect(canSeeOffering(offering(), person({ role: 'teilnehmer' }), TODAY)).toBe(false);
    expect(canSeeOffering(offering(), person({ role: 'tutor' }), TODAY)).toBe(false);
  });

  it('when the audience is OM-Berater/innen, then only Lotsen with a verified authorisation see it', () => {
    const o = offering({ audiences: ['om_berater'] });
    expect(canSeeOffering(o, person(), TODAY)).toBe(false);
    expect(canSeeOffering(o, person({ omBerater: true }), TODAY)).toBe(true);
  });

  it('when the audience is Unternehmen, then people from firms see it and Lotsen do not', () => {
    const o = offering({ audiences: ['unternehmen'] });
    expect(canSeeOffering(o, person({ role: 'teilnehmer' }), TODAY)).toBe(true);
    expect(canSeeOffering(o, person(), TODAY)).toBe(false);
  });

  it('when regions are named, then only people of those regions see it; none named means all', () => {
    const o = offering({ regions: ['rhein-ruhr'] });
    expect(canSeeOffering(o, person(), TODAY)).toBe(false);
    expect(canSeeOffering(o, person({ region: 'rhein-ruhr' }), TODAY)).toBe(true);
    expect(canSeeOffering(offering(), person({ region: null }), TODAY)).toBe(true);
  });

  it('when enrolment is by invitation, then only invited people of the audience see it, whatever their region', () => {
    const o = offering({ enrolment: 'invitation', regions: ['rhein-ruhr'] });
    expect(canSeeOffering(o, person(), TODAY)).toBe(false);
    expect(canSeeOffering(o, person({ invited: true }), TODAY)).toBe(true);
    expect(canSeeOffering(o, person({ invited: true, role: 'teilnehmer' }), TODAY)).toBe(false);
  });

  it('when an offering ended or was archived, then only the enrolled still see it (and may finish)', () => {
    for (const o of [offering({ endsOn: '2026-06-14' }), offering({ archived: true })]) {
      expect(canSeeOffering(o, person(), TODAY)).toBe(false);
      expect(canSeeOffering(o, person({ enrolled: true }), TODAY)).toBe(true);
      expect(canPlay(o, person({ enrolled: true }), TODAY)).toBe(true);
    }
  });

  it('when an offering has not started, then it is visible but enrolment and play wait for the start date', () => {
    const o = offering({ startsOn: '2026-06-16' });
    expect(phaseOf(o, TODAY)).toBe('upcoming');
    expect(canSeeOffering(o, person(), TODAY)).toBe(true);
    expect(enrolBlocker(o, person(), TODAY)).toBe('OFFERING_NOT_STARTED');
    expect(canPlay(o, person({ enrolled: true }), TODAY)).toBe(false);
    expect(enrolBlocker(o, person(), '2026-06-16')).toBeNull();
    expect(phaseOf(offering({ endsOn: TODAY }), TODAY)).toBe('running');
  });
});

describe('the admin form', () => {
  it('when keys are missing, then each field names its own error instead of a generic one', () => {
    const result = offeringSchema.safeParse({});
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(fields).toMatchObject({
      packageId: 'offerings.error.package_required',
      title: expect.any(String),
      audiences: 'offerings.error.audience_required',
    });
    expect(fields.regions).toBeUndefined();
    expect(fields.startsOn).toBeUndefined();
  });

  it('when one checkbox is ticked, then a single value becomes a list; dates must be real dates', () => {
    const ok = offeringSchema.parse({
      packageId: '4',
      title: 'T',
      description: 'D',
      audiences: 'unternehmen',
      regions: 'saarland',
      enrolment: 'open',
      startsOn: '2026-01-01',
    });
    expect(ok).toMatchObject({ packageId: 4, audiences: ['unternehmen'], regions: ['saarland'], endsOn: null });
    expect(offeringSchema.safeParse({ ...ok, startsOn: '2026-13-45' }).success).toBe(false);
  });
});
