import { answeredInteractions } from '../../../src/scorm';

describe('answeredInteractions', () => {
  it('when a 1.2 cmi holds interactions as an object keyed by position, then the answered ones come out in order', () => {
    const cmi = {
      cmi: {
        interactions: {
          1: { id: 'q2', type: 'fill-in', student_response: 'Berlin', result: 'wrong', time: '10:00:00' },
          0: { id: 'q1', type: 'choice', student_response: 'a', result: 'correct' },
          2: { id: 'q3', type: 'choice', student_response: '', result: '' },
          3: { id: '', student_response: 'x' },
        },
      },
    };
    expect(answeredInteractions('1.2', cmi)).toEqual([
      { index: 0, id: 'q1', type: 'choice', response: 'a', result: 'correct', description: null, at: null },
      { index: 1, id: 'q2', type: 'fill-in', response: 'Berlin', result: 'wrong', description: null, at: '10:00:00' },
    ]);
  });

  it('when a 2004 cmi holds them as an array, then learner_response, description and timestamp are read', () => {
    const cmi = {
      interactions: [
        {
          id: 'urn:q:1',
          type: 'true-false',
          learner_response: 'true',
          result: 'incorrect',
          description: 'Ist KI Magie?',
          timestamp: '2026-12-02T10:00:00Z',
        },
        'kaputt',
      ],
    };
    expect(answeredInteractions('2004', cmi)).toEqual([
      {
        index: 0,
        id: 'urn:q:1',
        type: 'true-false',
        response: 'true',
        result: 'incorrect',
        description: 'Ist KI Magie?',
        at: '2026-12-02T10:00:00Z',
      },
    ]);
    expect(answeredInteractions('2004', { interactions: 'x' })).toEqual([]);
  });
});
