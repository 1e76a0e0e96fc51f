import { createCommitBases, type CommitBasis } from '../../../src/player/commit-basis';

const basis: CommitBasis = {
  attempt: {
    id: 7,
    userId: 3,
    packageId: 2,
    credit: 'credit',
    completionStatus: 'completed',
    successStatus: 'passed',
    scoreScaled: 0.8,
    progress: 1,
    totalTimeCs: 12_000,
    completedAt: new Date('2026-12-03T10:00:00Z'),
    lastActivityAt: new Date('2026-12-03T10:05:00.123Z'),
  },
  row: {
    id: 11,
    scoId: 5,
    seq: 2_000_003,
    completionStatus: 'completed',
    successStatus: 'passed',
    scoreRaw: 80,
    scoreMin: 0,
    scoreMax: 100,
    scoreScaled: 1 / 3,
    progressMeasure: null,
    totalTimeCs: 12_000,
    sessionTimeCs: 3_000,
    sessionCount: 2,
  },
};
const want = { attemptId: 7, scoId: 5, userId: 3 };
const now = Date.parse('2026-12-03T10:05:00Z');

describe('the commit basis (what the last commit stored, signed for the next one)', () => {
  const bases = createCommitBases('a-secret-of-at-least-32-characters!!');

  it("when it comes back unchanged, then it reads as what was signed, FLOAT columns as the commit's read returns them (six digits)", () => {
    const read = bases.read(bases.sign(basis, now), want, now + 1000);
    expect(read).toEqual({
      attempt: basis.attempt,
      row: { ...basis.row, scoreScaled: 0.333333 },
    });
  });

  it('when it was signed with another secret, names another attempt, SCO or user, or has expired, then it is not used', () => {
    const text = bases.sign(basis, now);
    expect(createCommitBases('another-secret-of-32-characters-or-more').read(text, want, now)).toBeNull();
    expect(bases.read(text, { ...want, attemptId: 8 }, now)).toBeNull();
    expect(bases.read(text, { ...want, scoId: 6 }, now)).toBeNull();
    expect(bases.read(text, { ...want, userId: 4 }, now)).toBeNull();
    expect(bases.read(text, want, now + 7 * 60 * 60 * 1000)).toBeNull();
  });

  it('when its text is not a basis, then it is not used (and nothing throws)', () => {
    const [payload, mac] = bases.sign(basis, now).split('.');
    const texts = [
      undefined,
      null,
      42,
      {},
      '',
      '.',
      'abc',
      `.${mac}`,
      `${payload}.`,
      `${payload}.${mac}x`,
      'x'.repeat(2000),
    ];
    for (const text of texts) expect(bases.read(text, want, now)).toBeNull();
  });
});
