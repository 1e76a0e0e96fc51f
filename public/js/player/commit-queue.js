// Never lose progress: every commit body is kept (in memory and in localStorage, per attempt and
// SCO) until the server confirms it. A failed commit is retried with back-off and the learner sees
// a quiet "not saved yet" notice; a body left over from a closed tab is sent before the next launch.
// Resending is safe: the server ignores a commit whose sequence number it has already passed.
(function () {
  'use strict';
  var DELAYS = [2000, 4000, 8000, 15000, 30000, 60000];

  function CommitQueue(options) {
    this.attemptId = options.attemptId;
    this.urlFor = options.urlFor; // function (scoId, launch) -> commit URL
    this.notice = options.notice || function () {};
    this.onReply = options.onReply || function () {};
    this.pending = {}; // scoId -> { launch, seq, body, failed, attempts, timer }
  }

  CommitQueue.prototype.key = function (scoId) {
    return 'gezu-commit:' + this.attemptId + ':' + scoId;
  };

  CommitQueue.prototype.store = function (scoId, entry) {
    try {
      // The URL holds the launch's signed token: a later page (no token for this SCO yet) sends it with that.
      window.localStorage.setItem(
        this.key(scoId),
        JSON.stringify({
          launch: entry.launch,
          seq: entry.seq,
          body: entry.body,
          url: this.urlFor(scoId, entry.launch),
          savedAt: Date.now(),
        }),
      );
    } catch (e) {
      // Storage full or blocked (a huge suspend_data): memory and the retries still hold it.
    }
  };

  CommitQueue.prototype.unstore = function (scoId, seq) {
    try {
      var raw = window.localStorage.getItem(this.key(scoId));
      if (raw && JSON.parse(raw).seq <= seq) window.localStorage.removeItem(this.key(scoId));
    } catch (e) {
      /* ignore */
    }
  };

  // Called for every commit body before it is sent (also the final beacon, which is never confirmed).
  CommitQueue.prototype.remember = function (scoId, launch, seq, body) {
    var old = this.pending[scoId];
    if (old && old.timer) clearTimeout(old.timer);
    var entry = { launch: launch, seq: seq, body: body, failed: false, attempts: 0, timer: null };
    this.pending[scoId] = entry;
    this.store(scoId, entry);
    if (old && old.failed) {
      // Still failing: the newer body takes over the retries (it holds everything the old one did).
      entry.failed = true;
      entry.attempts = old.attempts;
      this.schedule(scoId, entry);
    }
  };

  CommitQueue.prototype.ack = function (scoId, seq) {
    var entry = this.pending[scoId];
    if (entry && entry.seq <= seq) {
      if (entry.timer) clearTimeout(entry.timer);
      delete this.pending[scoId];
      this.unstore(scoId, seq);
    }
    this.updateNotice();
  };

  // True while the body with this seq has not been confirmed (the synchronous XHR threw, or failed).
  CommitQueue.prototype.unconfirmed = function (scoId, seq) {
    var entry = this.pending[scoId];
    return !!entry && entry.seq === seq && !entry.failed;
  };

  // The synchronous commit of this seq did not get a good answer: retry it in the background.
  CommitQueue.prototype.fail = function (scoId, seq) {
    var entry = this.pending[scoId];
    if (!entry || entry.seq !== seq || entry.failed) return;
    entry.failed = true;
    this.schedule(scoId, entry);
    this.updateNotice();
  };

  CommitQueue.prototype.schedule = function (scoId, entry) {
    var self = this;
    var delay = DELAYS[Math.min(entry.attempts, DELAYS.length - 1)];
    entry.timer = setTimeout(function () {
      self.retry(scoId, entry);
    }, delay);
  };

  CommitQueue.prototype.retry = function (scoId, entry) {
    var self = this;
    entry.attempts += 1;
    return this.send(scoId, entry.launch, entry.seq, entry.body).then(function (outcome) {
      if (self.pending[scoId] !== entry) return;
      if (outcome === 'saved' || outcome === 'refused') self.ack(scoId, entry.seq);
      else self.schedule(scoId, entry);
    });
  };

  // 'saved' | 'refused' (the server will never take it: drop it) | 'retry'
  CommitQueue.prototype.send = function (scoId, launch, seq, body, url) {
    var self = this;
    return fetch(url || this.urlFor(scoId, launch), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: body,
      keepalive: body.length < 60000,
    }).then(
      function (res) {
        if (res.ok) {
          return res.json().then(
            function (reply) {
              self.onReply(reply);
              return 'saved';
            },
            function () {
              return 'saved';
            },
          );
        }
        return res.status === 400 || res.status === 404 || res.status === 409 || res.status === 413
          ? 'refused'
          : 'retry';
      },
      function () {
        return 'retry';
      },
    );
  };

  // Bodies a closed tab or a lost connection left behind; sent before a launch reads the stored CMI.
  CommitQueue.prototype.flushStored = function () {
    var self = this;
    var prefix = 'gezu-commit:' + this.attemptId + ':';
    var jobs = [];
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var key = window.localStorage.key(i);
        if (!key || key.indexOf(prefix) !== 0) continue;
        var scoId = Number(key.slice(prefix.length));
        if (this.pending[scoId]) continue;
        var saved = JSON.parse(window.localStorage.getItem(key));
        jobs.push(
          this.send(scoId, saved.launch, saved.seq, saved.body, saved.url).then(
            (function (id, seq) {
              return function (outcome) {
                if (outcome !== 'retry') self.unstore(id, seq);
              };
            })(scoId, saved.seq),
          ),
        );
      }
    } catch (e) {
      /* ignore */
    }
    return Promise.all(jobs);
  };

  CommitQueue.prototype.hasFailures = function () {
    for (var id in this.pending) if (this.pending[id].failed) return true;
    return false;
  };

  CommitQueue.prototype.updateNotice = function () {
    this.notice(this.hasFailures() ? 'unsaved' : 'saved');
  };

  window.GezuCommitQueue = CommitQueue;
})();
