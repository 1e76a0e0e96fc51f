// The player page: table of contents, previous/next, one SCO at a time in the iframe (or in a
// window of its own), commits on a timer and when the page goes away, and a session kept alive.
(function () {
  'use strict';
  var dataEl = document.getElementById('player-data');
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var items = data.items || [];
  var msg = data.messages || {};
  var frame = document.getElementById('player-frame');
  var saveEl = document.getElementById('player-save');
  var tocButtons = Array.prototype.slice.call(document.querySelectorAll('.toc-item'));
  var prevBtn = document.getElementById('player-prev');
  var nextBtn = document.getElementById('player-next');
  var currentTitle = document.getElementById('player-current-title');
  var toc = document.getElementById('player-toc');
  var tocToggle = document.getElementById('player-toc-toggle');
  var current = null; // { item, runtime }
  var busy = false;
  var scoWindow = null;

  // Package content lives on the content origin (docs/security.md). A SCO opens in our launcher
  // page there, whose window holds the API (CrossFrameAPI) and talks to runtime.js by postMessage;
  // an asset needs no API and opens directly. `contentBase` = <content origin>/c/<capability>/.
  var contentBase = data.contentBase;
  var launches = 0;
  function frameUrl(item, inWindow) {
    if (/^https?:\/\//i.test(item.href)) return item.href;
    if (item.type !== 'sco') return contentBase + item.href;
    launches += 1; // a new query string: a new document even when only the SCO (the hash) differs
    var path = contentBase.slice(data.contentOrigin.length);
    return (
      data.launcherUrl +
      '?n=' +
      launches +
      '#v=' +
      data.scormVersion +
      '&w=' +
      (inWindow ? 1 : 0) +
      '&sco=' +
      path +
      item.href
    );
  }

  function withToken(url, extra) {
    return url + '?token=' + encodeURIComponent(data.token) + (extra || '');
  }
  // Commits carry the signed token of their SCO's launch; keep-alive and sequencing saves the page's own.
  // Both are renewed by the keep-alive (see the interval at the end).
  var launchTokens = {}; // scoId -> signed launch token
  var runtimeToken = data.runtimeToken || '';
  function commitUrl(scoId, launch) {
    return (
      data.commitUrl.replace('{scoId}', scoId) +
      '?token=' +
      encodeURIComponent(launchTokens[scoId] || '') +
      '&launch=' +
      launch
    );
  }
  function withRuntimeToken(url) {
    return url + '?token=' + encodeURIComponent(runtimeToken);
  }

  var savedTimer = null;
  function showNotice(state) {
    if (!saveEl) return;
    clearTimeout(savedTimer);
    if (state === 'unsaved') {
      saveEl.textContent = msg['player.unsaved'];
      saveEl.className = 'player-save player-save--unsaved';
    } else if (saveEl.classList.contains('player-save--unsaved')) {
      saveEl.textContent = msg['player.saved'];
      saveEl.className = 'player-save player-save--saved';
      savedTimer = setTimeout(function () {
        saveEl.textContent = '';
        saveEl.className = 'player-save';
      }, 3000);
    }
  }

  function statusKey(sco) {
    if (sco.success === 'passed') return 'passed';
    if (sco.success === 'failed') return 'failed';
    if (sco.completion === 'completed') return 'completed';
    return 'in_progress';
  }

  function setStatus(scoId, key) {
    tocButtons.forEach(function (b) {
      if (Number(b.getAttribute('data-sco-id')) !== scoId) return;
      var icon = b.querySelector('.toc-icon');
      icon.className = 'toc-icon toc-icon--' + key;
      b.querySelector('.toc-state').textContent = msg['sco.status.' + key] || key;
    });
  }

  function setProgress(percent) {
    var bar = document.getElementById('player-progress-bar');
    var label = document.getElementById('player-progress-label');
    if (bar) {
      bar.style.width = percent + '%';
      bar.parentNode.setAttribute('aria-valuenow', String(percent));
    }
    if (label && msg['player.progress.value'])
      label.textContent = msg['player.progress.value'].replace('{percent}', percent);
  }

  // Between server answers (the final beacon has none) the bar follows the table of contents.
  function updateProgressFromToc() {
    var scos = items.filter(function (i) {
      return i.type === 'sco';
    });
    if (!scos.length || !tocButtons.length) return;
    var done = scos.filter(function (i) {
      return /completed|passed|failed/.test(currentKey(i.id));
    }).length;
    setProgress(Math.round((done * 100) / scos.length));
  }

  function onReply(reply) {
    if (reply && reply.sco) setStatus(reply.sco.id, statusKey(reply.sco));
    if (reply && reply.attempt) setProgress(Math.round(reply.attempt.progress * 100));
  }

  var queue = new window.GezuCommitQueue({
    attemptId: data.attemptId,
    urlFor: commitUrl,
    notice: showNotice,
    onReply: onReply,
  });

  // Packages with imsss:sequencing: sequencing.js decides what comes next and which buttons apply.
  var seq =
    data.sequencing && window.GezuSequencing
      ? window.GezuSequencing.create({
          sequencing: data.sequencing,
          messages: msg,
          url: function (u) {
            return withRuntimeToken(u);
          },
          launch: function (item) {
            launch(item);
          },
          stop: function () {
            return stopCurrent();
          },
          end: showEnd,
          notice: function (text) {
            if (saveEl) {
              saveEl.textContent = text;
              saveEl.className = 'player-save player-save--unsaved';
            }
          },
          onSaved: onReply,
        })
      : null;

  // The sequencing session is over (exit all, suspend all, end of the course): say so in place of the SCO.
  function showEnd(reason) {
    stopCurrent().then(function () {
      var stage = document.querySelector('.player-stage');
      if (!stage) return;
      var card = document.createElement('div');
      card.className = 'card player-ended';
      card.setAttribute('role', 'status');
      var p = document.createElement('p');
      p.textContent = msg[reason === 'suspend_all' ? 'player.seq.suspended' : 'player.seq.ended'];
      var back = document.createElement('a');
      back.className = 'button button--primary';
      back.href = exit ? exit.getAttribute('href') : '/learning';
      back.textContent = msg['player.seq.back'];
      card.appendChild(p);
      card.appendChild(back);
      Array.prototype.forEach.call(stage.children, function (c) {
        c.hidden = true;
      });
      var nav = document.querySelector('.player-nav');
      if (nav) nav.hidden = true;
      stage.appendChild(card);
    });
  }

  function indexOf(id) {
    for (var i = 0; i < items.length; i++) if (items[i].id === id) return i;
    return -1;
  }

  function markCurrent(item) {
    tocButtons.forEach(function (b) {
      if (Number(b.getAttribute('data-sco-id')) === item.id) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    });
    var i = indexOf(item.id);
    if (prevBtn && !seq) prevBtn.disabled = i <= 0;
    if (nextBtn && !seq) nextBtn.disabled = i >= items.length - 1;
    if (currentTitle) currentTitle.textContent = item.title;
  }

  // Ends the running SCO: blanking the frame lets the content run its own unload (LMSFinish);
  // if it does not, the player finishes the API itself.
  function stopCurrent() {
    var running = current;
    current = null;
    if (!running) return Promise.resolve();
    return unloadSco()
      .then(function () {
        return new Promise(function (resolve) {
          if (!frame || frame.getAttribute('src') === 'about:blank') return resolve();
          var done = false;
          function finish() {
            if (!done) {
              done = true;
              resolve();
            }
          }
          frame.addEventListener('load', finish, { once: true });
          setTimeout(finish, 1500);
          frame.setAttribute('src', 'about:blank');
        });
      })
      .then(function () {
        if (running.runtime) {
          running.runtime.finish();
          running.runtime.detach();
        }
        if (scoWindow && !scoWindow.closed) scoWindow.close();
        scoWindow = null;
      });
  }

  // Asks the launcher to unload the SCO while the launcher itself stays: the SCO's last calls
  // (exit, Terminate) then travel as messages that arrive here before the launcher's "unloaded".
  // Blanking the whole frame at once would drop them (a document being unloaded posts no more).
  function unloadSco() {
    var target = frame ? frame.contentWindow : scoWindow && !scoWindow.closed ? scoWindow : null;
    if (!target || (frame && frame.getAttribute('src') === 'about:blank')) return Promise.resolve();
    return new Promise(function (resolve) {
      var timer = setTimeout(done, 2000);
      function onMessage(ev) {
        if (ev.origin === data.contentOrigin && ev.source === target && ev.data && ev.data.gezu === 'unloaded') done();
      }
      function done() {
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve();
      }
      window.addEventListener('message', onMessage);
      target.postMessage({ gezu: 'unload' }, data.contentOrigin);
    });
  }

  function launch(item) {
    if (busy) return Promise.resolve();
    busy = true;
    markCurrent(item);
    return stopCurrent()
      .then(function () {
        if (item.type !== 'sco') return null;
        return queue
          .flushStored()
          .then(function () {
            var url = withToken(
              data.launchUrl.replace('{scoId}', item.id),
              data.mode === 'review' ? '&mode=review' : '',
            );
            return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
          })
          .then(function (res) {
            if (!res.ok) throw new Error('launch ' + res.status);
            return res.json();
          })
          .then(function (launchData) {
            if (launchData.contentBase) contentBase = launchData.contentBase; // renewed with every launch
            if (launchData.token) launchTokens[item.id] = launchData.token;
            var runtime = window.GezuRuntime.create({
              contentOrigin: data.contentOrigin,
              scormVersion: launchData.scormVersion,
              mode: launchData.mode,
              cmi: launchData.cmi,
              launch: launchData.launch,
              scoId: item.id,
              commitUrl: commitUrl(item.id, launchData.launch),
              queue: queue,
              onReply: onReply,
              extraSettings: seq ? seq.apiSettings() : null,
              onApi: seq ? seq.attach : null,
              onTerminate: function (status) {
                if (data.mode === 'review') return;
                setStatus(item.id, statusKey(status));
                updateProgressFromToc();
              },
            });
            if (data.mode !== 'review' && currentKey(item.id) === 'not_started') setStatus(item.id, 'in_progress');
            return runtime;
          });
      })
      .then(function (runtime) {
        current = { item: item, runtime: runtime };
        if (data.openInNewWindow) return showWindowButton(item);
        frame.setAttribute('src', frameUrl(item, false));
      })
      .catch(function () {
        if (saveEl) {
          saveEl.textContent = msg['player.launch_failed'];
          saveEl.className = 'player-save player-save--unsaved';
        }
      })
      .then(function () {
        busy = false;
      });
  }

  function currentKey(scoId) {
    var icon = document.querySelector('.toc-item[data-sco-id="' + scoId + '"] .toc-icon');
    return icon ? icon.className.replace(/.*toc-icon--/, '') : 'not_started';
  }

  // Content that needs a window of its own: opened by a click (no pop-up blocker), API found via opener.
  function showWindowButton(item) {
    var button = document.getElementById('player-open-window');
    var state = document.getElementById('player-window-state');
    if (!button) return;
    button.disabled = false;
    button.onclick = function () {
      scoWindow = window.open(frameUrl(item, true), 'gezu-sco');
      if (state) state.textContent = msg['player.new_window.open'];
      var poll = setInterval(function () {
        if (!scoWindow || scoWindow.closed) {
          clearInterval(poll);
          if (state) state.textContent = '';
          if (current && current.runtime) current.runtime.finish();
        }
      }, 1000);
    };
  }

  function go(delta) {
    var i = current ? indexOf(current.item.id) : -1;
    var next = items[i + delta];
    if (next) launch(next);
  }

  tocButtons.forEach(function (b) {
    b.addEventListener('click', function () {
      var id = Number(b.getAttribute('data-sco-id'));
      if (current && current.item.id === id) return;
      var item = items[indexOf(id)];
      if (seq) seq.request('choice', seq.activityOf(id));
      else if (item) launch(item);
      if (toc && toc.classList.contains('is-open')) toggleToc(false);
    });
  });
  if (prevBtn)
    prevBtn.addEventListener('click', function () {
      if (seq) seq.request('previous');
      else go(-1);
    });
  if (nextBtn)
    nextBtn.addEventListener('click', function () {
      if (seq) seq.request('continue');
      else go(1);
    });
  var suspendBtn = document.getElementById('player-suspend');
  var exitAllBtn = document.getElementById('player-exit-all');
  if (seq && suspendBtn)
    suspendBtn.addEventListener('click', function () {
      seq.request('suspendAll');
    });
  if (seq && exitAllBtn)
    exitAllBtn.addEventListener('click', function () {
      seq.request('exitAll');
    });

  function toggleToc(open) {
    if (!toc || !tocToggle) return;
    toc.classList.toggle('is-open', open);
    tocToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  if (tocToggle)
    tocToggle.addEventListener('click', function () {
      toggleToc(!toc.classList.contains('is-open'));
    });

  var exit = document.getElementById('player-exit');
  if (exit) {
    exit.addEventListener('click', function (e) {
      e.preventDefault();
      var href = exit.getAttribute('href');
      stopCurrent()
        .then(function () {
          return queue.hasFailures() ? queue.flushStored() : null;
        })
        .then(function () {
          window.location.href = href;
        });
    });
  }

  // Going away or hidden: send what the SCO has so far (beacons survive the page).
  window.addEventListener('pagehide', function () {
    if (current && current.runtime) current.runtime.beacon();
    if (seq) seq.beacon();
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && current && current.runtime) current.runtime.beacon();
  });
  setInterval(
    function () {
      if (current && current.runtime) current.runtime.commitIfDirty();
    },
    Math.max(5, data.commitIntervalSeconds) * 1000,
  );
  // Signed tokens expire: while a SCO is open, the keep-alive renews the page's token and the SCO's.
  function renew(token, apply) {
    if (!token) return;
    fetch(data.keepaliveUrl + '?token=' + encodeURIComponent(token), { method: 'POST', credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (reply) {
        if (reply && reply.token) apply(reply.token);
      })
      .catch(function () {});
  }
  setInterval(function () {
    if (!current) return;
    renew(runtimeToken, function (t) {
      runtimeToken = t;
    });
    var id = current.item.id;
    renew(launchTokens[id], function (t) {
      launchTokens[id] = t;
      if (current && current.item.id === id && current.runtime && current.runtime.setCommitUrl)
        current.runtime.setCommitUrl(commitUrl(id, current.runtime.launch));
    });
  }, data.keepaliveSeconds * 1000);

  var start = items[indexOf(data.startScoId)] || items[0];
  if (seq) seq.begin();
  else if (start) launch(start);
})();
