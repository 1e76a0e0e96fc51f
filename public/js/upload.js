// Package upload with a real progress bar. Without JavaScript the form posts normally (the CSRF
// token is in its action URL, since uploads are checked before their body is read).
(function () {
  var form = document.getElementById('upload-form');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var progress = document.getElementById('upload-progress');
  var bar = progress.querySelector('.progress');
  var fill = bar.querySelector('span');
  var status = document.getElementById('upload-status');
  var problemsBox = document.getElementById('upload-problems');
  var button = form.querySelector('button[type="submit"]');
  var input = form.querySelector('input[type="file"]');
  var maxBytes = Number(form.getAttribute('data-max-bytes'));

  function setProgress(pct, text) {
    fill.style.width = pct + '%';
    bar.setAttribute('aria-valuenow', String(pct));
    status.textContent = text;
  }

  function showProblems(problems) {
    var list = problemsBox.querySelector('.problem-list');
    while (list.firstChild) list.removeChild(list.firstChild);
    problems.forEach(function (p) {
      var li = document.createElement('li');
      var msg = document.createElement('span');
      msg.className = 'problem-message';
      msg.textContent = p.message;
      var meta = document.createElement('span');
      meta.className = 'problem-meta';
      var code = document.createElement('code');
      code.textContent = p.code;
      meta.appendChild(code);
      if (p.where) {
        meta.appendChild(document.createTextNode(' · '));
        var where = document.createElement('code');
        where.textContent = p.where;
        meta.appendChild(where);
      }
      li.appendChild(msg);
      li.appendChild(meta);
      list.appendChild(li);
    });
    problemsBox.hidden = false;
    problemsBox.focus();
  }

  function done() {
    button.disabled = false;
    progress.hidden = true;
  }

  form.addEventListener('submit', function (event) {
    if (!input.files || !input.files.length) return; // the browser's own "required" message
    event.preventDefault();
    var file = input.files[0];
    if (maxBytes && file.size > maxBytes) {
      showProblems([
        {
          code: 'UPLOAD_TOO_LARGE',
          message: 'Die Datei ist zu groß. Erlaubt sind höchstens ' + form.getAttribute('data-max-size') + '.',
        },
      ]);
      return;
    }
    problemsBox.hidden = true;
    button.disabled = true;
    progress.hidden = false;
    setProgress(0, status.getAttribute('data-uploading'));

    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action').split('?')[0]);
    xhr.setRequestHeader('x-csrf-token', form.getAttribute('data-csrf'));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round((e.loaded / e.total) * 100);
      setProgress(
        pct,
        pct < 100 ? status.getAttribute('data-uploading') + ' ' + pct + ' %' : status.getAttribute('data-checking'),
      );
    });
    xhr.upload.addEventListener('load', function () {
      setProgress(100, status.getAttribute('data-checking'));
    });
    xhr.addEventListener('load', function () {
      var body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        /* not JSON: a proxy error page */
      }
      if (xhr.status === 201 && body && body.location) {
        window.location.assign(body.location);
        return;
      }
      done();
      if (body && body.problems) showProblems(body.problems);
      else
        showProblems([
          {
            code: (body && body.code) || 'HTTP_' + xhr.status,
            message: (body && body.message) || 'Der Upload ist fehlgeschlagen (HTTP ' + xhr.status + ').',
          },
        ]);
    });
    xhr.addEventListener('error', function () {
      done();
      showProblems([{ code: 'NETWORK', message: 'Die Verbindung ist abgebrochen. Bitte versuchen Sie es erneut.' }]);
    });
    var data = new FormData(form);
    xhr.send(data);
  });
})();
