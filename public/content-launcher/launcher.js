// The launcher page on the content origin. Its window holds the SCO's API (API for SCORM 1.2,
// API_1484_11 for 2004): scorm-again's CrossFrameAPI, which forwards every call by postMessage to
// the player page on the app origin (CrossFrameLMS there holds the real API and does the commits).
// The SCO runs in the frame below, so content finds the API the usual way: in parent, parent.parent
// or opener. Hash: #v=<1.2|2004>&w=<0|1>&sco=<path> — sco last and verbatim, w=1 in a window of its own.
(function () {
  'use strict';
  var appOrigin = document.documentElement.getAttribute('data-app-origin');
  var frame = document.getElementById('sco-frame');
  var hash = location.hash.slice(1);
  var at = hash.indexOf('sco=');
  var sco = at >= 0 ? hash.slice(at + 4) : '';
  var params = {};
  (at >= 0 ? hash.slice(0, at) : hash).split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i > 0) params[kv.slice(0, i)] = kv.slice(i + 1);
  });
  var lms = params.w === '1' ? window.opener : window.parent;

  function fail() {
    document.getElementById('launcher-error').hidden = false;
    frame.hidden = true;
  }
  // Only a capability path on this origin: never another site, never javascript: or data:.
  if (
    !/^\/c\/[0-9]+\.[0-9]+\.[0-9a-z]+\.[A-Za-z0-9_-]{22}\/[^\\]+$/.test(sco) ||
    sco.indexOf('//') >= 0 ||
    !appOrigin ||
    !lms ||
    lms === window
  )
    return fail();
  var is12 = params.v === '1.2';

  // Replies are accepted only from the app origin and from `lms`; messages go only to the app origin.
  var cf = new window.CrossFrameAPI(appOrigin, lms, { timeout: 15000 });
  var cache = cf._cache;
  var stamps = cf._cacheTimestamps;

  // CrossFrameAPI answers GetValue from a cache that it fills after Initialize/SetValue/Commit,
  // one round trip later. Content reads its resume data right after Initialize and counts
  // interactions while it writes them, so: fill the cache before the SCO loads, and keep the
  // `_count` of collections up to date as the SCO writes (until the next refresh confirms them).
  function countFrom(key) {
    var parts = key.split('.');
    for (var i = 1; i < parts.length; i++) {
      if (!/^\d+$/.test(parts[i])) continue;
      var countKey = parts.slice(0, i).join('.') + '._count';
      var n = Number(parts[i]) + 1;
      if (!(Number(cache.get(countKey)) >= n)) {
        cache.set(countKey, String(n));
        // Stamped like a SetValue: an answer to a GetValue of the count sent before this write
        // (content reads `_count` just before appending) must not set it back when it arrives.
        stamps.set(countKey, Date.now());
      }
    }
  }
  function seed(all) {
    Object.keys(all || {}).forEach(function (key) {
      var val = all[key];
      if (val !== null && typeof val === 'object') {
        if (!cache.has(key + '._count')) cache.set(key + '._count', '0');
        return;
      }
      cache.set(key, String(val));
      countFrom(key);
    });
    cache.set('cmi._version', is12 ? '3.4' : '1.0');
  }

  var names = is12
    ? {
        init: 'LMSInitialize',
        finish: 'LMSFinish',
        get: 'LMSGetValue',
        set: 'LMSSetValue',
        commit: 'LMSCommit',
        err: 'LMSGetLastError',
        str: 'LMSGetErrorString',
        diag: 'LMSGetDiagnostic',
      }
    : {
        init: 'Initialize',
        finish: 'Terminate',
        get: 'GetValue',
        set: 'SetValue',
        commit: 'Commit',
        err: 'GetLastError',
        str: 'GetErrorString',
        diag: 'GetDiagnostic',
      };
  // A plain object with exactly the SCORM methods (the Proxy answers every property name with a
  // function, which confuses content that probes for features).
  var api = {};
  Object.keys(names).forEach(function (k) {
    var method = names[k];
    api[method] = function () {
      return cf[method].apply(null, arguments);
    };
  });
  api[names.set] = function (key, value) {
    var r = cf[names.set](key, value);
    if (typeof key === 'string') countFrom(key);
    return r;
  };
  api[names.init] = function (arg) {
    var r = cf[names.init](arg);
    // Navigation validity lives outside cmi (not in the refresh): ask once, the answers land in the cache.
    if (!is12)
      ['continue', 'previous'].forEach(function (n) {
        cf.GetValue('adl.nav.request_valid.' + n);
      });
    return r;
  };

  // The player asks us to unload the SCO before it removes this page, so that the SCO's last calls
  // (sent from its unload handlers) still leave from a live window; then we say so.
  var unloading = false;
  var started = false;
  window.addEventListener('message', function (ev) {
    if (ev.origin !== appOrigin || ev.source !== lms || !ev.data || ev.data.gezu !== 'unload') return;
    unloading = true;
    if (!started) return lms.postMessage({ gezu: 'unloaded' }, appOrigin);
    frame.addEventListener(
      'load',
      function () {
        // After the SCO's unload handlers: their messages are already on their way, ahead of this one.
        lms.postMessage({ gezu: 'unloaded' }, appOrigin);
      },
      { once: true },
    );
    frame.src = 'about:blank';
  });

  cf._post('getFlattenedCMI', [])
    .then(seed, function () {
      /* the SCO still starts; values come with the first refresh */
    })
    .then(function () {
      if (unloading) return;
      window[is12 ? 'API' : 'API_1484_11'] = api;
      started = true;
      frame.src = sco;
    });
})();
