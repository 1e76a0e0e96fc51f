/*
 * Pure rules of the course player: scoring, SCORM response strings, durations and the compact
 * suspend_data format. No DOM and no SCORM API here, so the unit tests can load this file in Node.
 */
(function (root) {
  'use strict';

  var INTERACTION_TYPE = { single: 'choice', multiple: 'choice', matching: 'matching', ordering: 'sequencing' };

  /* An answer is: an array of option ids (single/multiple), an object source→target
     (matching) or an array of item ids in the learner's order (ordering). */

  function correctAnswer(q) {
    if (q.type === 'matching') {
      var pairs = {};
      q.pairs.forEach(function (p) {
        pairs[p.source.id] = p.target.id;
      });
      return pairs;
    }
    if (q.type === 'ordering')
      return q.items.map(function (i) {
        return i.id;
      });
    return q.correct.slice();
  }

  function isAnswered(q, answer) {
    if (!answer) return false;
    if (q.type === 'matching')
      return q.pairs.every(function (p) {
        return !!answer[p.source.id];
      });
    return answer.length > 0;
  }

  function isCorrect(q, answer) {
    if (!isAnswered(q, answer)) return false;
    if (q.type === 'matching')
      return q.pairs.every(function (p) {
        return answer[p.source.id] === p.target.id;
      });
    if (q.type === 'ordering') return answer.join(',') === correctAnswer(q).join(',');
    var given = answer.slice().sort().join(',');
    return given === q.correct.slice().sort().join(',');
  }

  /* Share of correct answers (0..1) and whether it reaches the pass mark. */
  function score(questions, answers, passingScore) {
    var correct = questions.filter(function (q) {
      return isCorrect(q, answers[q.id]);
    }).length;
    var total = questions.length;
    return {
      correct: correct,
      total: total,
      scaled: Math.round((correct / total) * 10000) / 10000,
      percent: Math.round((correct / total) * 100),
      // compare the fraction, not the rounded value, so 0.7999 never passes by rounding
      passed: correct / total >= passingScore - 1e-9,
    };
  }

  /* The compact form is also the SCORM 1.2 response format: "a,c", "s1.t1,s2.t2", "i2,i1". */
  function encodeAnswer(q, answer) {
    if (!answer) return '';
    if (q.type === 'matching') {
      return q.pairs
        .filter(function (p) {
          return answer[p.source.id];
        })
        .map(function (p) {
          return p.source.id + '.' + answer[p.source.id];
        })
        .join(',');
    }
    return answer.join(',');
  }

  function decodeAnswer(q, text) {
    if (typeof text !== 'string' || text === '') return undefined;
    var parts = text.split(',');
    if (q.type === 'matching') {
      var sources = q.pairs.map(function (p) {
        return p.source.id;
      });
      var targets = q.pairs.map(function (p) {
        return p.target.id;
      });
      var pairs = {};
      parts.forEach(function (part) {
        var st = part.split('.');
        if (sources.indexOf(st[0]) >= 0 && targets.indexOf(st[1]) >= 0) pairs[st[0]] = st[1];
      });
      return pairs;
    }
    if (q.type === 'ordering') {
      var ids = q.items.map(function (i) {
        return i.id;
      });
      var valid =
        parts.length === ids.length &&
        ids.every(function (id) {
          return parts.indexOf(id) >= 0;
        });
      return valid ? parts : undefined;
    }
    var optionIds = q.options.map(function (o) {
      return o.id;
    });
    var chosen = parts.filter(function (p) {
      return optionIds.indexOf(p) >= 0;
    });
    return chosen.length > 0 ? chosen : undefined;
  }

  /* learner_response / student_response and correct_responses pattern for one SCORM version. */
  function scormResponse(q, answer, version) {
    var compact = encodeAnswer(q, answer);
    if (version !== '2004') return compact;
    return compact
      .split(',')
      .map(function (node) {
        return node.split('.').join('[.]');
      })
      .join('[,]');
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < (width || 2)) s = '0' + s;
    return s;
  }

  /* SCORM 2004 timeinterval (ISO 8601), e.g. PT1H5M12.5S */
  function isoDuration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + s + 'S';
  }

  /* SCORM 1.2 CMITimespan, HHHH:MM:SS.SS */
  function scorm12Timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.min(9999, Math.floor(cs / 360000));
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    return pad(h, 4) + ':' + pad(m) + ':' + pad(s) + '.' + pad(cs % 100);
  }

  /* 2004 timestamp in UTC (the fraction is required by the data model before a zone designator) */
  function isoTimestamp(date) {
    return date.toISOString().replace(/\.(\d)\d*Z$/, '.$1Z');
  }

  /* 1.2 cmi.interactions.n.time: local time of day */
  function scorm12Time(date) {
    return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  /* Fisher–Yates; `random` is injectable so the unit tests can pin the draw. */
  function shuffle(list, random) {
    var rnd = random || Math.random;
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i -= 1) {
      var j = Math.floor(rnd() * (i + 1));
      var t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }

  /* A question without an objective is its own objective (the sample module has no pool). */
  function objectiveOf(q) {
    return q.objective || q.id;
  }

  /* The pool grouped by objective, in the order the objectives first appear in module.json. */
  function objectives(questions) {
    var order = [];
    var groups = {};
    questions.forEach(function (q) {
      var o = objectiveOf(q);
      if (!groups[o]) {
        groups[o] = [];
        order.push(o);
      }
      groups[o].push(q);
    });
    return order.map(function (o) {
      return { id: o, questions: groups[o] };
    });
  }

  /* One variant per objective. A retry prefers variants the learner has not just seen, so a
     second attempt asks the same objectives with other questions instead of the same key. */
  function drawQuestions(questions, previousIds, random) {
    var rnd = random || Math.random;
    var previous = previousIds || [];
    return objectives(questions).map(function (group) {
      var fresh = group.questions.filter(function (q) {
        return previous.indexOf(q.id) < 0;
      });
      var from = fresh.length > 0 ? fresh : group.questions;
      return from[Math.floor(rnd() * from.length)].id;
    });
  }

  /* A stored draw is used only if it still names one existing question per objective. */
  function validDraw(questions, ids) {
    if (!Array.isArray(ids)) return false;
    var groups = objectives(questions);
    if (ids.length !== groups.length) return false;
    return groups.every(function (g, i) {
      return g.questions.some(function (q) {
        return q.id === ids[i];
      });
    });
  }

  function pick(questions, ids) {
    return ids.map(function (id) {
      return questions.filter(function (q) {
        return q.id === id;
      })[0];
    });
  }

  var JOURNAL_MAX = 4000;

  /* Journal entries by chapter id (ids, not indexes, so entries survive a new course version
     that inserts chapters): {t: text, s: shared with the Reflecting Team, d: ISO date,
     c: chapter title}. The server's reports read the shared ones (src/reports/cmi-read.ts). */
  function decodeJournal(raw) {
    var journal = {};
    if (!raw || typeof raw !== 'object') return journal;
    Object.keys(raw).forEach(function (key) {
      var e = raw[key];
      if (!/^[a-z0-9][a-z0-9-]*$/.test(key) || !e || typeof e.t !== 'string') return;
      journal[key] = { t: e.t.slice(0, JOURNAL_MAX), s: e.s === true, d: typeof e.d === 'string' ? e.d : '' };
      if (typeof e.c === 'string') journal[key].c = e.c.slice(0, 200); // chapter title, for the tutor's report
    });
    return journal;
  }

  /* suspend_data: {"v":1,"s":[chapter indexes seen],"a":{qid:"compact answer"},"n":attempts,
     "r":[correct,total,passed]|null,"q":[drawn question ids],"j":{chapterId:{t,s,d}}}.
     scorm-again accepts 64000 characters in both versions; the journal is the only large part. */
  function encodeState(state) {
    var data = {
      v: 1,
      s: state.seen,
      a: state.answers,
      n: state.attempts,
      r: state.result || null,
      q: state.drawn || [],
    };
    if (state.journal && Object.keys(state.journal).length > 0) data.j = state.journal;
    return JSON.stringify(data);
  }

  function decodeState(text, course) {
    var empty = { seen: [], answers: {}, attempts: 0, result: null, drawn: [], journal: {} };
    if (!text) return empty;
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return empty;
    }
    if (!data || data.v !== 1) return empty;
    var chapterCount = course.chapters.length;
    var answers = {};
    course.quiz.questions.forEach(function (q) {
      var a = decodeAnswer(q, data.a && data.a[q.id]);
      if (a) answers[q.id] = encodeAnswer(q, a);
    });
    return {
      seen: (Array.isArray(data.s) ? data.s : []).filter(function (i) {
        return typeof i === 'number' && i >= 0 && i < chapterCount;
      }),
      answers: answers,
      attempts: typeof data.n === 'number' ? data.n : 0,
      result: Array.isArray(data.r) ? data.r : null,
      drawn: validDraw(course.quiz.questions, data.q) ? data.q : [],
      journal: decodeJournal(data.j),
    };
  }

  var api = {
    INTERACTION_TYPE: INTERACTION_TYPE,
    correctAnswer: correctAnswer,
    isAnswered: isAnswered,
    isCorrect: isCorrect,
    score: score,
    encodeAnswer: encodeAnswer,
    decodeAnswer: decodeAnswer,
    scormResponse: scormResponse,
    isoDuration: isoDuration,
    scorm12Timespan: scorm12Timespan,
    isoTimestamp: isoTimestamp,
    scorm12Time: scorm12Time,
    shuffle: shuffle,
    objectiveOf: objectiveOf,
    objectives: objectives,
    drawQuestions: drawQuestions,
    validDraw: validDraw,
    pick: pick,
    JOURNAL_MAX: JOURNAL_MAX,
    encodeState: encodeState,
    decodeState: decodeState,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.GezuLogic = api;
})(this);
