/*
 * Finds the LMS's SCORM API and hides the difference between SCORM 1.2 (API, LMS* calls) and
 * SCORM 2004 (API_1484_11). The search follows the SCORM books: walk up window.parent, then
 * window.opener and its parents. Without an API, connect() returns null and the course runs
 * as a preview.
 */
(function (root) {
  'use strict';

  var MAX_DEPTH = 500;

  function findIn(win, name) {
    for (var depth = 0; win && depth < MAX_DEPTH; depth += 1) {
      try {
        if (win[name]) return win[name];
      } catch (e) {
        /* a cross-origin frame: keep climbing */
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function find(name) {
    return findIn(root, name) || (root.opener ? findIn(root.opener, name) : null);
  }

  function Lms(version, api) {
    this.version = version;
    this.api = api;
    this.terminated = false;
  }

  Lms.prototype.call = function (name12, name2004, args) {
    var fn = this.api[this.version === '2004' ? name2004 : name12];
    try {
      return String(fn.apply(this.api, args));
    } catch (e) {
      if (root.console) root.console.warn('SCORM ' + name2004 + ' failed', e);
      return '';
    }
  };

  Lms.prototype.lastError = function () {
    var code = this.call('LMSGetLastError', 'GetLastError', []);
    if (code === '0' || code === '') return null;
    return code + ' ' + this.call('LMSGetErrorString', 'GetErrorString', [code]);
  };

  Lms.prototype.initialize = function () {
    return this.call('LMSInitialize', 'Initialize', ['']) === 'true';
  };

  Lms.prototype.get = function (element) {
    return this.call('LMSGetValue', 'GetValue', [element]);
  };

  /* Logs and carries on when the LMS refuses a value: a course that stops on one rejected
     element would lose the learner far more than the one value. */
  Lms.prototype.set = function (element, value) {
    if (this.terminated) return false;
    var ok = this.call('LMSSetValue', 'SetValue', [element, String(value)]) === 'true';
    if (!ok && root.console) root.console.warn('SCORM SetValue ' + element + ' = ' + value + ': ' + this.lastError());
    return ok;
  };

  Lms.prototype.commit = function () {
    if (this.terminated) return false;
    return this.call('LMSCommit', 'Commit', ['']) === 'true';
  };

  Lms.prototype.terminate = function () {
    if (this.terminated) return false;
    this.terminated = true;
    return this.call('LMSFinish', 'Terminate', ['']) === 'true';
  };

  /* The package says which version it was built for; the other one is only a fallback. */
  function connect(preferred) {
    var order = preferred === '1.2' ? ['1.2', '2004'] : ['2004', '1.2'];
    for (var i = 0; i < order.length; i += 1) {
      var api = find(order[i] === '2004' ? 'API_1484_11' : 'API');
      if (api) return new Lms(order[i], api);
    }
    return null;
  }

  root.GezuScorm = { connect: connect };
})(this);
