import { parseCmi, readInteractions, readObjectives, outcomeOf, cmiList } from '../../../src/reports/cmi-read';

describe('reading the knowledge check out of a stored CMI', () => {
  it('when interactions are stored as objects keyed "0","1",… (scorm-again), then they come back in index order', () => {
    const cmi = parseCmi(
      JSON.stringify({
        interactions: {
          '1': { id: 'b', result: 'incorrect', learner_response: 'x' },
          '0': { id: 'a', result: 'correct', description: 'Frage A', correct_responses: { '0': { pattern: 'y' } } },
        },
      }),
    );
    const list = readInteractions(cmi);
    expect(list.map((i) => i.id)).toEqual(['a', 'b']);
    expect(list[0]).toMatchObject({ description: 'Frage A', outcome: 'correct', correctResponses: ['y'] });
    expect(list[1]).toMatchObject({ response: 'x', outcome: 'incorrect' });
  });

  it('when a SCORM 1.2 CMI says "wrong" and student_response, then it reads as incorrect with that response', () => {
    const [it12] = readInteractions(
      parseCmi(
        JSON.stringify({
          cmi: { interactions: [{ id: 'q', student_response: 'c', result: 'wrong', time: '10:15:00' }] },
        }),
      ),
    );
    expect(it12).toMatchObject({ response: 'c', outcome: 'incorrect', timestamp: '10:15:00' });
  });

  it('when the result is a number, empty or unknown, then the outcome says so', () => {
    expect(outcomeOf('0.5')).toBe('numeric');
    expect(outcomeOf('')).toBe('');
    expect(outcomeOf('Neutral')).toBe('neutral');
    expect(outcomeOf('maybe')).toBe('');
  });

  it('when objectives carry 2004 or 1.2 statuses, then completion, success and score are read', () => {
    const o = readObjectives({
      objectives: {
        '0': { id: 'z1', completion_status: 'completed', success_status: 'failed', score: { scaled: '0.4', raw: '' } },
        '1': { id: 'z2', status: 'passed' },
      },
    });
    expect(o[0]).toMatchObject({
      id: 'z1',
      completion: 'completed',
      success: 'failed',
      scoreScaled: 0.4,
      scoreRaw: null,
    });
    expect(o[1]).toMatchObject({ id: 'z2', completion: 'passed', success: 'passed' });
  });

  it('when the stored JSON is broken or missing, then there is simply nothing to show', () => {
    expect(readInteractions(parseCmi('{nicht json'))).toEqual([]);
    expect(readInteractions(parseCmi(null))).toEqual([]);
    expect(cmiList('text')).toEqual([]);
  });
});
