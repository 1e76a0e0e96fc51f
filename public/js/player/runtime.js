// One scorm-again API object per SCO launch (never reused: see docs/scorm-again.md on reset()).
// It loads the launch data before Initialize, numbers its commits (the server combines this with
// the launch number into a monotonic sequence), and reports every commit's fate to the queue.
(function () {
  'use strict';

  // What CrossFrameLMS may call: the SCORM methods, bound to the API, and the launcher's cache
  // refresh. scorm-again's getFlattenedCMI holds cmi only; SCORM 2004 4th-edition shared data
  // (adl.data, configured when the activity is delivered, before the SCO loads) is added, so the
  // launcher can answer a SCO that reads it right after Initialize — as the next SCO of a
  // sequence does to see what the previous one wrote.
  function bridgeTo(api, is12) {
    // Exactly what CrossFrameLMS lets through (its own allow-list), bound to the API.
    var bridge = {};
    window.CrossFrameLMS.ALLOWED_METHODS.forEach(function (m) {
      if (typeof api[m] === 'function')
        bridge[m] = function () {
          return api[m].apply(api, arguments);
        };
    });
    bridge.getFlattenedCMI = function () {
      var all = api.getFlattenedCMI();
      var data = !is12 && api.adl && api.adl.data && api.adl.data.childArray;
      if (data) {
        all['adl.data._count'] = String(data.length);
        data.forEach(function (d, i) {
          all['adl.data.' + i + '.id'] = String(d.id);
          if (d.storeIsSet) all['adl.data.' + i + '.store'] = String(d.storeValue);
        });
      }
      return all;
    };
    return bridge;
  }

  function createRuntime(o) {
    var is12 = o.scormVersion === '1.2';
    var review = o.mode === 'review';
    var seq = 0;
    // The server's signed note of what the last commit stored: sent back, it saves the next commit a
    // database read (src/player/commit-basis.ts); an outdated one only costs that read.
    var basis = null;
    var dirty = false;
    var initialized = false;
    var terminated = false;
    var queue = o.queue;

    function prepare(commitObject, isTerminate) {
      seq += 1;
      var body = {};
      for (var k in commitObject) if (Object.prototype.hasOwnProperty.call(commitObject, k)) body[k] = commitObject[k];
      body.commitSequence = seq;
      if (basis) body.basis = basis;
      var text = JSON.stringify(body);
      queue.remember(o.scoId, o.launch, seq, text);
      dirty = false;
      if (!isTerminate) {
        var mine = seq;
        // A synchronous XHR that threw never reaches xhrResponseHandler: catch that case here.
        setTimeout(function () {
          if (queue.unconfirmed(o.scoId, mine)) queue.fail(o.scoId, mine);
        }, 0);
      }
      return body;
    }

    var settings = {
      lmsCommitUrl: review ? false : o.commitUrl,
      autocommit: false,
      logLevel: 5,
      requestHandler: function (commitObject, meta) {
        return prepare(commitObject, !!(meta && meta.isTerminateCommit));
      },
      xhrResponseHandler: function (xhr) {
        var reply;
        try {
          reply = JSON.parse(xhr.responseText);
        } catch (e) {
          reply = null;
        }
        if (xhr.status >= 200 && xhr.status < 300 && reply && (reply.result === true || reply.result === 'true')) {
          queue.ack(o.scoId, seq);
          basis = typeof reply.basis === 'string' ? reply.basis : null;
          o.onReply(reply);
          return { result: true, errorCode: 0 };
        }
        if (xhr.status === 400 || xhr.status === 413) {
          queue.ack(o.scoId, seq); // the server will never take this body; do not retry it forever
          return { result: false, errorCode: (reply && reply.errorCode) || 101 };
        }
        // Kept and retried in the background; the SCO carries on as if it was saved.
        queue.fail(o.scoId, seq);
        return { result: true, errorCode: 0 };
      },
    };

    // Sequenced packages add scorm-again's `sequencing` setting and restore the activity tree (sequencing.js).
    if (o.extraSettings) for (var key in o.extraSettings) settings[key] = o.extraSettings[key];
    var api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    if (o.onApi) o.onApi(api);
    api.loadFromJSON(o.cmi, '');
    // The SCO runs on the content origin: it reaches this API only through CrossFrameLMS, which
    // takes messages from that origin alone and answers only to it. The rate limit is generous:
    // a quiz page writes dozens of interaction elements at once and none of them may be dropped.
    var bridge = new window.CrossFrameLMS(bridgeTo(api, is12), o.contentOrigin, { rateLimit: 2000 });

    var startedAt = 0;
    api.on(is12 ? 'LMSInitialize' : 'Initialize', function () {
      initialized = true;
      startedAt = Date.now();
    });
    api.on(is12 ? 'LMSFinish' : 'Terminate', function () {
      terminated = true;
      // The final beacon's answer is never read: show the status the SCO ended with right away.
      if (o.onTerminate) {
        o.onTerminate(
          is12
            ? statusOf12(api.cmi.core.lesson_status)
            : { completion: api.cmi.completion_status, success: api.cmi.success_status },
        );
      }
    });
    api.on(is12 ? 'LMSSetValue.cmi.*' : 'SetValue.cmi.*', function () {
      dirty = true;
    });
    var statusSetBySco = false;
    if (is12)
      api.on('LMSSetValue.cmi.core.lesson_status', function () {
        statusSetBySco = true;
      });
    if (!review) {
      api.on('BeforeTerminate', function () {
        // SCORM 1.2 RTE 3.4.4: a SCO that finishes without ever setting lesson_status is completed.
        // (scorm-again's autoCompleteLessonStatus never fires: its default status counts as "set".)
        if (is12 && !statusSetBySco && api.cmi.core.lesson_status === 'not attempted') {
          try {
            api.cmi.core.lesson_status = 'completed';
          } catch (e) {
            /* keep what the SCO has */
          }
        }
        // The final commit is a beacon nobody confirms; a synchronous commit just before it is.
        api[is12 ? 'LMSCommit' : 'Commit']('');
      });
    }

    function active() {
      return initialized && !terminated;
    }

    return {
      api: api,
      active: active,
      launch: o.launch,
      // A renewed launch token: scorm-again's commits and the beacon use the new URL from now on.
      setCommitUrl: function (url) {
        o.commitUrl = url;
        if (!review) api.settings = { lmsCommitUrl: url };
      },
      commitIfDirty: function () {
        if (!review && active() && dirty) api[is12 ? 'LMSCommit' : 'Commit']('');
      },
      finish: function () {
        if (active()) api[is12 ? 'LMSFinish' : 'Terminate']('');
      },
      detach: function () {
        bridge.destroy();
      },
      // Page going away (tab closed, app switched): a beacon with what the SCO has so far. No
      // Terminate, so the SCO can still finish itself (its own beacon comes later, with a higher seq).
      // The SCO's own last calls, made while the whole tab unloads, can no longer reach this page
      // across origins; a session left in the middle is kept as suspended, as the SCO itself would
      // have done, so the learner resumes where they were. Every beacon marks it: Chromium fires
      // `visibilitychange` after `pagehide`, so the hidden-page beacon is the last one the server
      // sees. A SCO that goes on and ends itself sends its own exit later, with a higher sequence.
      beacon: function () {
        if (review || !active() || !navigator.sendBeacon) return;
        var commit = api.getCommitObject(false);
        markLeft(commit, Date.now() - startedAt);
        var body = prepare(commit, true);
        navigator.sendBeacon(o.commitUrl, new Blob([JSON.stringify(body)], { type: 'text/plain' }));
      },
    };
  }

  // A session left in the middle: exit=suspend unless the SCO said otherwise, and at least the time
  // this page saw the SCO open as session_time (the SCO's own unload report cannot arrive any more).
  // The server keeps the largest session_time per launch, so sending it in several beacons is safe.
  function markLeft(commit, elapsedMs) {
    var cmi = commit && (commit.cmi || (commit.runtimeData && commit.runtimeData.cmi));
    if (!cmi) return;
    var cs = Math.max(0, Math.floor(elapsedMs / 10));
    if (cmi.core) {
      if (!cmi.core.exit) cmi.core.exit = 'suspend';
      if (centiseconds12(cmi.core.session_time) < cs) cmi.core.session_time = format12(cs);
    } else {
      if (!cmi.exit) cmi.exit = 'suspend';
      if (centiseconds2004(cmi.session_time) < cs) cmi.session_time = 'PT' + (cs / 100).toFixed(2) + 'S';
    }
  }

  function centiseconds12(t) {
    var m = /^(\d+):(\d{2}):(\d{2})(?:\.(\d{1,2}))?$/.exec(t || '');
    if (!m) return 0;
    return ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 100 + (m[4] ? +(m[4] + '0').slice(0, 2) : 0);
  }

  function format12(cs) {
    var s = Math.floor(cs / 100);
    function two(n) {
      return (n < 10 ? '0' : '') + n;
    }
    var h = Math.floor(s / 3600);
    return (
      (h < 1000 ? ('000' + h).slice(-4) : String(h)) +
      ':' +
      two(Math.floor((s % 3600) / 60)) +
      ':' +
      two(s % 60) +
      '.' +
      two(cs % 100)
    );
  }

  function centiseconds2004(t) {
    var m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(t || '');
    if (!m) return 0;
    return Math.round((((+m[1] || 0) * 24 + (+m[2] || 0)) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0)) * 100);
  }

  function statusOf12(status) {
    if (status === 'passed' || status === 'failed') return { completion: 'completed', success: status };
    return { completion: status === 'completed' ? 'completed' : 'incomplete', success: 'unknown' };
  }

  window.GezuRuntime = { create: createRuntime };
})();
