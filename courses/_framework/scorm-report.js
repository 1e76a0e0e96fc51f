/*
 * What the course tells the LMS, and when. One place for the rules of both SCORM versions:
 * 2004 keeps completion (all chapters seen) and success (test) apart; 1.2 has one
 * lesson_status, which is 'passed' only when both hold and 'failed' after a failed test.
 */
(function (root) {
  'use strict';

  var L = root.GezuLogic;

  function allSeen(course, state) {
    return state.seen.length >= course.chapters.length;
  }

  function testPassed(state) {
    return !!(state.result && state.result[2]);
  }

  function finished(course, state) {
    return allSeen(course, state) && testPassed(state);
  }

  function status12(course, state) {
    if (state.result && !state.result[2]) return 'failed';
    if (allSeen(course, state)) return testPassed(state) ? 'passed' : 'completed';
    return 'incomplete';
  }

  /* Reads where the learner left off. The LMS decides cmi.entry; we resume whenever it hands
     back suspend_data, which is what a resumed attempt carries. */
  function readResume(lms) {
    var v2004 = lms.version === '2004';
    var passing = v2004
      ? parseFloat(lms.get('cmi.scaled_passing_score'))
      : parseFloat(lms.get('cmi.student_data.mastery_score')) / 100;
    return {
      entry: lms.get(v2004 ? 'cmi.entry' : 'cmi.core.entry'),
      location: lms.get(v2004 ? 'cmi.location' : 'cmi.core.lesson_location'),
      suspendData: lms.get('cmi.suspend_data'),
      passingScore: passing > 0 && passing <= 1 ? passing : null,
    };
  }

  /* After each chapter (and after the test): where, what was seen, how far, then commit. */
  function reportProgress(lms, course, state, location) {
    var done = finished(course, state);
    lms.set('cmi.suspend_data', L.encodeState(state));
    if (lms.version === '2004') {
      lms.set('cmi.location', location);
      lms.set('cmi.progress_measure', Math.round((state.seen.length / course.chapters.length) * 10000) / 10000);
      lms.set('cmi.completion_status', allSeen(course, state) ? 'completed' : 'incomplete');
      if (state.result) lms.set('cmi.success_status', testPassed(state) ? 'passed' : 'failed');
      lms.set('cmi.exit', done ? 'normal' : 'suspend');
    } else {
      lms.set('cmi.core.lesson_location', location);
      lms.set('cmi.core.lesson_status', status12(course, state));
      lms.set('cmi.core.exit', done ? '' : 'suspend');
    }
    lms.commit();
  }

  /* One interaction per question asked (the drawn ones), appended after any earlier
     attempt's (journaling). */
  function reportTest(lms, questions, answers, latencies, result) {
    var v2004 = lms.version === '2004';
    var base = parseInt(lms.get('cmi.interactions._count'), 10) || 0;
    var now = new Date();
    questions.forEach(function (q, i) {
      var p = 'cmi.interactions.' + (base + i) + '.';
      var answer = answers[q.id];
      var correct = L.isCorrect(q, answer);
      lms.set(p + 'id', q.id);
      lms.set(p + 'type', L.INTERACTION_TYPE[q.type]);
      if (v2004) {
        lms.set(p + 'description', q.prompt.slice(0, 250));
        lms.set(p + 'timestamp', L.isoTimestamp(now));
      } else {
        lms.set(p + 'time', L.scorm12Time(now));
      }
      lms.set(p + 'weighting', '1');
      lms.set(p + 'correct_responses.0.pattern', L.scormResponse(q, L.correctAnswer(q), lms.version));
      lms.set(p + (v2004 ? 'learner_response' : 'student_response'), L.scormResponse(q, answer, lms.version));
      lms.set(p + 'result', correct ? 'correct' : v2004 ? 'incorrect' : 'wrong');
      var ms = latencies[q.id] || 0;
      lms.set(p + 'latency', v2004 ? L.isoDuration(ms) : L.scorm12Timespan(ms));
    });
    var s = v2004 ? 'cmi.score.' : 'cmi.core.score.';
    lms.set(s + 'min', '0');
    lms.set(s + 'max', '100');
    lms.set(s + 'raw', String(result.percent));
    if (v2004) lms.set('cmi.score.scaled', String(result.scaled));
  }

  /* Beenden, pagehide or unload: session time and exit mode, then Terminate / LMSFinish. */
  function reportExit(lms, course, state, sessionMs) {
    var done = finished(course, state);
    if (lms.version === '2004') {
      lms.set('cmi.session_time', L.isoDuration(sessionMs));
      lms.set('cmi.exit', done ? 'normal' : 'suspend');
    } else {
      lms.set('cmi.core.session_time', L.scorm12Timespan(sessionMs));
      lms.set('cmi.core.exit', done ? '' : 'suspend');
    }
    lms.terminate();
  }

  root.GezuReport = {
    allSeen: allSeen,
    finished: finished,
    status12: status12,
    readResume: readResume,
    reportProgress: reportProgress,
    reportTest: reportTest,
    reportExit: reportExit,
  };
})(this);
