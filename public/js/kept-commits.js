// Kept commits go out from any page: the player keeps every SCORM commit body in localStorage
// ('gezu-commit:<attempt>:<sco>' → {url, seq, body, savedAt}) until the server confirms it (see
// player/commit-queue.js). A learner who closed the tab while the server was away should not have to
// open the same module again: every page of the app sends what is kept as soon as the server answers,
// and tries again with growing pauses (and when the browser comes back online) until it has.
// Resending is safe: the server ignores a commit whose sequence number it has already passed.
(function () {
  'use strict';
  var PREFIX = 'gezu-commit:';
  var DAY = 86400000;
  var DELAYS = [2000, 4000, 8000, 15000, 30000, 60000];
  var tries = 0;
  var timer = null;
  var busy = false;

  function kept() {
    var out = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) out.push(key);
      }
    } catch (e) {
      /* storage blocked */
    }
    return out;
  }

  function drop(key, seq) {
    try {
      var raw = window.localStorage.getItem(key);
      if (raw && JSON.parse(raw).seq <= seq) window.localStorage.removeItem(key);
    } catch (e) {
      /* ignore */
    }
  }

  // 'done' (stored, or the server will never take it) | 'retry'
  function send(key) {
    var saved;
    try {
      saved = JSON.parse(window.localStorage.getItem(key));
    } catch (e) {
      saved = null;
    }
    if (!saved || !saved.url || typeof saved.body !== 'string') {
      try {
        window.localStorage.removeItem(key);
      } catch (e) {
        /* ignore */
      }
      return Promise.resolve('done');
    }
    return fetch(saved.url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: saved.body,
    }).then(
      function (res) {
        var refused = res.status === 400 || res.status === 404 || res.status === 409 || res.status === 413;
        // An expired launch token (401/403) cannot be renewed from here; a body older than a day is given up.
        var expired = (res.status === 401 || res.status === 403) && Date.now() - (saved.savedAt || 0) > DAY;
        if (res.ok || refused || expired) {
          drop(key, saved.seq);
          return 'done';
        }
        return 'retry';
      },
      function () {
        return 'retry';
      },
    );
  }

  function flush() {
    timer = null;
    // The player page sends its own queue (same bodies, same order); two senders would only race.
    if (busy || window.GezuCommitQueue) return;
    var keys = kept();
    if (!keys.length) return;
    busy = true;
    var left = 0;
    keys
      .reduce(function (chain, key) {
        return chain.then(function () {
          return send(key).then(function (outcome) {
            if (outcome === 'retry') left++;
          });
        });
      }, Promise.resolve())
      .then(function () {
        busy = false;
        document.documentElement.setAttribute('data-kept-commits', String(left));
        if (left) {
          timer = setTimeout(flush, DELAYS[Math.min(tries++, DELAYS.length - 1)]);
        } else {
          tries = 0;
        }
      });
  }

  window.addEventListener('online', function () {
    if (timer) clearTimeout(timer);
    tries = 0;
    flush();
  });
  // After every deferred script ran (the player's queue among them), so the check above sees it.
  if (document.readyState === 'complete') flush();
  else document.addEventListener('DOMContentLoaded', flush);
})();
