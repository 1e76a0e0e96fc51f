// SCORM 2004 sequencing in the player (packages whose manifest has imsss:sequencing; data.sequencing).
// scorm-again decides which activity comes next; this file carries the activity tree from one SCO's
// API object to the next (the player builds one API per launch), turns the player's buttons into
// navigation requests, shows only what the package allows, and saves the tree after every step.
// The page starts the sequencer itself: scorm-again's Initialize would issue "start" even for a
// suspended tree (docs/sequencing.md).
(function () {
  'use strict';

  function create(cfg) {
    var d = cfg.sequencing;
    var msg = cfg.messages || {};
    var state = d.state || null;
    var live = null; // the running SCO's API object
    var currentId = null; // the activity on screen
    var outcome = null; // what the last request produced: { deliver: id } | { end: reason }
    var validity = null;
    var saves = 0;
    var byScoId = {};
    Object.keys(d.activities).forEach(function (id) {
      byScoId[d.activities[id].scoId] = id;
    });

    var prevBtn = document.getElementById('player-prev');
    var nextBtn = document.getElementById('player-next');
    var suspendBtn = document.getElementById('player-suspend');
    var exitAllBtn = document.getElementById('player-exit-all');
    var exitLink = document.getElementById('player-exit');
    var tocButtons = Array.prototype.slice.call(document.querySelectorAll('.toc-item'));

    var previewing = false; // a preview may run the delivery process too: its events are not real

    function listeners() {
      return {
        onActivityDelivery: function (activity) {
          if (!previewing) outcome = { deliver: activity.id };
        },
        onSequencingSessionEnd: function (data) {
          if (!previewing) outcome = { end: (data && data.reason) || 'end' };
        },
        // Rendered later: render() previews requests, which must not run inside scorm-again's own processing.
        onNavigationValidityUpdate: function (v) {
          if (!previewing) {
            validity = v;
            renderSoon();
          }
        },
      };
    }

    // Gives an API object (a SCO's or a throwaway one) the tree as it stands.
    function prepare(api) {
      api.setSequencingEventListeners(listeners());
      api.getSequencingService().createSequencingProcesses();
      if (state) api.deserializeSequencingState(state);
      else if (d.seedGlobalObjectives) api.restoreGlobalObjectiveSnapshot(d.seedGlobalObjectives);
    }

    function blocked(request) {
      if (!live || !live.isInitialized()) return false;
      previewing = true;
      try {
        var preview = live.previewNavigationRequest(request);
        return !!preview && preview.outcome === 'blocked';
      } finally {
        previewing = false;
      }
    }

    function render() {
      if (!validity) return;
      var hide = validity.hideLmsUi || [];
      function show(el, token, enabled) {
        if (!el) return;
        el.hidden = hide.indexOf(token) >= 0;
        if ('disabled' in el) el.disabled = !enabled;
      }
      // adl.nav.request_valid.continue is optimistic in scorm-again; a preview knows better while a SCO runs.
      show(nextBtn, 'continue', validity.continue && !blocked('continue'));
      show(prevBtn, 'previous', validity.previous && !blocked('previous'));
      show(suspendBtn, 'suspendAll', true);
      show(exitAllBtn, 'exitAll', true);
      if (exitLink) exitLink.hidden = hide.indexOf('exit') >= 0;
      var choice = validity.choice || {};
      tocButtons.forEach(function (b) {
        var id = byScoId[b.getAttribute('data-sco-id')];
        // The activity on screen is not a valid choice target for scorm-again, but it is not locked.
        var allowed = id !== undefined && (choice[id] === 'true' || id === currentId);
        b.disabled = !allowed;
        b.classList.toggle('toc-item--locked', !allowed);
        var lock = b.querySelector('.toc-lock');
        if (!allowed && !lock) {
          lock = document.createElement('span');
          lock.className = 'toc-lock';
          lock.textContent = msg['player.seq.locked'] || '';
          b.appendChild(lock);
        } else if (allowed && lock) b.removeChild(lock);
      });
    }

    /** After the session ended nothing is offered but leaving. */
    function close() {
      validity = null;
      [nextBtn, prevBtn, suspendBtn, exitAllBtn].forEach(function (el) {
        if (el) el.hidden = true;
      });
      tocButtons.forEach(function (b) {
        b.disabled = true;
      });
    }

    var renderTimer = null;
    function renderSoon() {
      clearTimeout(renderTimer);
      renderTimer = setTimeout(render, 50);
    }

    function save(useBeacon) {
      if (!state) return Promise.resolve();
      saves += 1;
      var body = JSON.stringify({ state: state, save: saves });
      if (useBeacon && navigator.sendBeacon) {
        navigator.sendBeacon(cfg.url(d.stateUrl), new Blob([body], { type: 'text/plain' }));
        return Promise.resolve();
      }
      return fetch(cfg.url(d.stateUrl), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: body,
        keepalive: body.length < 60000,
      })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (reply) {
          if (reply && cfg.onSaved) cfg.onSaved(reply);
        })
        .catch(function () {
          /* the next step saves the whole tree again */
        });
    }

    function itemFor(activityId) {
      var a = d.activities[activityId];
      return a ? { id: a.scoId, title: a.title, href: a.href, type: a.type } : null;
    }

    function deliver(activityId) {
      var item = itemFor(activityId);
      if (!item) return;
      currentId = activityId;
      render();
      cfg.launch(item);
    }

    function currentActivity() {
      try {
        return JSON.parse(state).sequencing.currentActivity || null;
      } catch (e) {
        return null;
      }
    }

    function settle(done, request) {
      if (done && done.deliver) return deliver(done.deliver);
      if (done && done.end) {
        close();
        return cfg.end(done.end);
      }
      if (!request) return;
      cfg.notice(msg['player.seq.not_allowed']);
      // The SCO was unloaded for a request that was then refused: bring the activity back.
      var cur = currentActivity();
      if (cur && !live) deliver(cur);
    }

    // A request while no SCO runs: a throwaway API object processes it.
    function navigate(request, target) {
      var api = new window.Scorm2004API({ logLevel: 5, sequencing: d.settings });
      prepare(api);
      outcome = null;
      api.getSequencingService().processNavigationRequest(request, target);
      var done = outcome;
      outcome = null;
      state = api.serializeSequencingState();
      return save().then(function () {
        settle(done, request);
        return done;
      });
    }

    var lastTerminate = null; // the outcome of the last SCO's Terminate, for request()

    function afterTerminate(api) {
      if (api !== live) return;
      live = null;
      var done = outcome;
      outcome = null;
      lastTerminate = { done: done };
      state = api.serializeSequencingState();
      save().then(function () {
        if (done) settle(done);
      });
    }

    return {
      apiSettings: function () {
        return { sequencing: d.settings };
      },
      attach: function (api) {
        prepare(api);
        live = api;
        api.on('Terminate', function () {
          setTimeout(function () {
            afterTerminate(api);
          }, 0);
        });
        // Status changes may open or close steps (e.g. "continue" once this SCO is satisfied).
        api.on('SetValue.cmi.*', renderSoon);
      },
      begin: function () {
        if (d.begin === 'current' && d.currentActivityId && itemFor(d.currentActivityId))
          return deliver(d.currentActivityId);
        return navigate(d.begin === 'resumeAll' ? 'resumeAll' : 'start');
      },
      /**
       * A player button. With a SCO running, the request becomes its adl.nav.request and the SCO is
       * unloaded (it terminates itself, or the player ends it); scorm-again processes it then.
       */
      request: function (request, target) {
        var value = target ? '{target=' + target + '}' + request : request;
        if (live && live.isInitialized()) {
          if (!target && blocked(request)) {
            cfg.notice(msg['player.seq.not_allowed']);
            return Promise.resolve();
          }
          live.SetValue('adl.nav.request', value);
          lastTerminate = null;
          outcome = null;
          return cfg
            .stop()
            .then(function () {
              return new Promise(function (resolve) {
                setTimeout(resolve, 0);
              });
            })
            .then(function () {
              // Processed at Terminate, unless the content overrode it or never terminated.
              if (lastTerminate && lastTerminate.done) return null;
              return navigate(request, target);
            });
        }
        return navigate(request, target);
      },
      activityOf: function (scoId) {
        return byScoId[scoId];
      },
      /** Page going away: the last known tree by beacon (a fetch may not survive). */
      beacon: function () {
        if (live && live.isInitialized()) state = live.serializeSequencingState();
        save(true);
      },
    };
  }

  window.GezuSequencing = { create: create };
})();
