/*
 * The course player: start page, chapters, knowledge check, result. Pages are addressed by
 * the URL hash (#start, #kapitel-<id>, #wissenscheck, #ergebnis) so the table of contents
 * is made of real links and the browser's back button works inside the LMS frame too.
 * The knowledge check is open at any time; the module counts as done when every chapter was
 * seen and the test was passed.
 */
(function (root) {
  'use strict';

  var doc = root.document;
  var L = root.GezuLogic;
  var R = root.GezuReport;
  var V = root.GezuQuizView;
  var el = V.el;
  var course = root.GEZU_COURSE;
  var pool = course.quiz.questions;
  var startedAt = Date.now();

  var lms = root.GezuScorm.connect(doc.documentElement.getAttribute('data-scorm-version'));
  if (lms && !lms.initialize()) lms = null;
  var resume = lms ? R.readResume(lms) : { location: '', suspendData: '', passingScore: null };
  var state = L.decodeState(resume.suspendData, course);
  var passingScore = resume.passingScore || course.quiz.passingScore;
  var draft = answersFromState();
  var ended = false;

  var main = doc.getElementById('main');
  var live = doc.getElementById('live');

  /* The questions of the current try: one variant per objective, drawn once and kept in
     suspend_data so a resumed attempt shows the same questions. */
  function asked() {
    if (state.drawn.length === 0) state.drawn = L.drawQuestions(pool, []);
    return L.pick(pool, state.drawn);
  }

  function testPassed() {
    return !!(state.result && state.result[2]);
  }

  function answersFromState() {
    var answers = {};
    pool.forEach(function (q) {
      var a = L.decodeAnswer(q, state.answers[q.id]);
      if (a) answers[q.id] = a;
    });
    return answers;
  }

  function announce(text) {
    live.textContent = '';
    root.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  /* after "Test wiederholen" the old answers are gone; the result page then shows the score only */
  function answeredAll() {
    return asked().every(function (q) {
      return L.isAnswered(q, draft[q.id]);
    });
  }

  function percent(p) {
    return Math.round(p * 100) + ' %';
  }

  function chapterHref(i) {
    return '#kapitel-' + course.chapters[i].id;
  }

  function firstUnseen() {
    for (var i = 0; i < course.chapters.length; i += 1) if (state.seen.indexOf(i) < 0) return i;
    return -1;
  }

  function save(location) {
    if (lms) R.reportProgress(lms, course, state, location);
  }

  /* ---------- header and table of contents ---------- */

  function updateProgress() {
    var seen = state.seen.length;
    var total = course.chapters.length;
    var value = Math.round((seen / total) * 100);
    var test = !state.result
      ? 'Wissenscheck offen'
      : state.result[2]
        ? 'Wissenscheck bestanden'
        : 'Wissenscheck nicht bestanden';
    doc.getElementById('progress-label').textContent =
      'Fortschritt: ' + seen + ' von ' + total + ' Kapiteln gelesen · ' + test;
    doc.getElementById('progress-bar').setAttribute('aria-valuenow', String(value));
    doc.getElementById('progress-fill').style.width = value + '%';
  }

  function tocLink(href, label, status, current) {
    var link = el('a', { href: href, 'aria-current': current ? 'page' : undefined }, [
      el('span', { className: 'toc-label', text: label }),
    ]);
    if (status) link.appendChild(el('span', { className: 'toc-status ' + status.className, text: status.text }));
    return el('li', { className: current ? 'is-current' : '' }, [link]);
  }

  function renderToc(route) {
    var list = doc.getElementById('toc-list');
    list.textContent = '';
    list.appendChild(tocLink('#start', 'Überblick', null, route.page === 'start'));
    course.chapters.forEach(function (c, i) {
      var seen = state.seen.indexOf(i) >= 0;
      list.appendChild(
        tocLink(
          chapterHref(i),
          i + 1 + '. ' + c.title,
          seen ? { className: 'is-seen', text: 'gelesen' } : null,
          route.page === 'chapter' && route.index === i,
        ),
      );
    });
    var status = !state.result
      ? null
      : state.result[2]
        ? { className: 'is-passed', text: 'bestanden' }
        : { className: 'is-failed', text: 'nicht bestanden' };
    list.appendChild(
      tocLink('#wissenscheck', course.quiz.title, status, route.page === 'quiz' || route.page === 'result'),
    );
    var journalCount = Object.keys(state.journal).length;
    list.appendChild(
      tocLink(
        '#journal',
        'Lernjournal',
        journalCount
          ? { className: 'is-seen', text: journalCount + (journalCount === 1 ? ' Eintrag' : ' Einträge') }
          : null,
        route.page === 'journal',
      ),
    );
  }

  /* ---------- pages ---------- */

  function pageHeading(text, eyebrow) {
    var nodes = [];
    if (eyebrow) nodes.push(el('p', { className: 'eyebrow', text: eyebrow }));
    nodes.push(el('h2', { id: 'page-heading', tabindex: '-1', text: text }));
    return nodes;
  }

  function linkButton(href, text, kind) {
    return el('a', { href: href, className: 'button ' + (kind || 'button-secondary'), text: text });
  }

  function renderStart() {
    var next = firstUnseen();
    var resumeLabel =
      state.seen.length === 0
        ? 'Mit Kapitel 1 beginnen'
        : next >= 0
          ? 'Weiter mit Kapitel ' + (next + 1)
          : 'Zum ' + course.quiz.title;
    var chapterList = el(
      'ol',
      { className: 'chapter-list' },
      course.chapters.map(function (c, i) {
        var item = el('li', {}, [el('a', { href: chapterHref(i), text: c.title })]);
        if (state.seen.indexOf(i) >= 0)
          item.appendChild(el('span', { className: 'toc-status is-seen', text: 'gelesen' }));
        return item;
      }),
    );
    return pageHeading(course.title, 'Überblick')
      .concat([
        el('p', { className: 'lead', text: course.description }),
        el('dl', { className: 'facts' }, [
          el('div', {}, [
            el('dt', { text: 'Bearbeitungszeit' }),
            el('dd', { text: 'ca. ' + course.estimatedMinutes + ' Minuten' }),
          ]),
          el('div', {}, [el('dt', { text: 'Kapitel' }), el('dd', { text: String(course.chapters.length) })]),
          el('div', {}, [
            el('dt', { text: course.quiz.title }),
            el('dd', { text: L.objectives(pool).length + ' Fragen, bestanden ab ' + percent(passingScore) }),
          ]),
        ]),
        el('h3', { text: 'So funktioniert der Kurs' }),
        el('ul', {}, [
          el('li', {
            text: 'Lesen Sie die Kapitel in Ihrem Tempo. Ihr Fortschritt wird gespeichert – Sie können jederzeit unterbrechen und später weitermachen.',
          }),
          el('li', {
            text:
              'Der ' +
              course.quiz.title +
              ' steht Ihnen jederzeit offen. Bis Sie ihn bestanden haben, können Sie ihn wiederholen – jedes Mal mit neu gezogenen Fragen zu denselben Lernzielen. Danach können Sie Ihre Antworten mit allen Erläuterungen nachlesen.',
          }),
          el('li', {
            text: 'Jedes Kapitel beginnt mit Lernzielen und endet mit einer Reflexions- oder Transferaufgabe. Ihre Antworten sammeln Sie im Lernjournal; Sie entscheiden, welche Einträge Sie mit dem Reflecting Team teilen.',
          }),
          el('li', { text: 'Ein Kapitel zählt als gelesen, wenn Sie bis zu seinem Ende gescrollt haben.' }),
          el('li', {
            text:
              'Das Modul ist abgeschlossen, wenn Sie alle Kapitel gelesen und den ' +
              course.quiz.title +
              ' mit mindestens ' +
              percent(passingScore) +
              ' bestanden haben.',
          }),
        ]),
        el('h3', { text: 'Kapitel' }),
        chapterList,
        course.templates.length ? el('h3', { text: 'Vorlagen zum Ausdrucken (PDF)' }) : null,
        course.templates.length
          ? el(
              'ul',
              { className: 'template-list' },
              course.templates.map(function (t) {
                return el('li', {}, [
                  el('a', { href: t.href, target: '_blank', rel: 'noopener', text: t.title + ' (PDF)' }),
                ]);
              }),
            )
          : null,
        course.sources.length ? el('h3', { text: 'Quellen und Literatur' }) : null,
        course.sources.length
          ? el(
              'ul',
              { className: 'source-list' },
              course.sources.map(function (src) {
                return el('li', {}, [
                  src.href
                    ? el('a', { href: src.href, target: '_blank', rel: 'noopener noreferrer', text: src.text })
                    : doc.createTextNode(src.text),
                ]);
              }),
            )
          : null,
        el('div', { className: 'page-nav page-nav-end' }, [
          linkButton(next >= 0 ? chapterHref(next) : '#wissenscheck', resumeLabel, 'button-primary'),
        ]),
      ])
      .filter(Boolean);
  }

  var MONTHS = [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ];
  function monthYear(asOf) {
    var m = /^(\d{4})-(\d{2})$/.exec(asOf || '');
    return m ? MONTHS[parseInt(m[2], 10) - 1] + ' ' + m[1] : '';
  }

  /* A chapter counts as read once its end has been on screen, not when it was opened. */
  var endWatcher = null;
  function watchChapterEnd(i, marker) {
    if (endWatcher) endWatcher.disconnect();
    endWatcher = null;
    if (state.seen.indexOf(i) >= 0) return;
    var mark = function () {
      if (state.seen.indexOf(i) >= 0) return;
      state.seen.push(i);
      state.seen.sort(function (a, b) {
        return a - b;
      });
      save('kapitel:' + course.chapters[i].id);
      renderToc({ page: 'chapter', index: i });
      updateProgress();
      announce('Kapitel ' + (i + 1) + ' ist als gelesen markiert.');
    };
    if (!root.IntersectionObserver) {
      mark();
      return;
    }
    endWatcher = new root.IntersectionObserver(function (entries) {
      if (
        entries.some(function (e) {
          return e.isIntersecting;
        })
      ) {
        endWatcher.disconnect();
        endWatcher = null;
        mark();
      }
    });
    endWatcher.observe(marker);
  }

  function journalEntry(chapter) {
    return state.journal[chapter.id] || null;
  }

  function saveJournal(chapter, text, shared) {
    var trimmed = text.replace(/\s+$/, '').slice(0, L.JOURNAL_MAX);
    if (trimmed === '') delete state.journal[chapter.id];
    else
      state.journal[chapter.id] = {
        t: trimmed,
        s: !!shared,
        d: new Date().toISOString().slice(0, 10),
        c: chapter.title.slice(0, 200),
      };
    if (lms) {
      lms.set('cmi.suspend_data', L.encodeState(state));
      lms.commit();
    }
  }

  /* The reflection or transfer task with the learner's journal entry for this chapter. */
  function reflectionBox(chapter) {
    var entry = journalEntry(chapter);
    var areaId = 'journal-' + chapter.id;
    var area = el('textarea', { id: areaId, rows: '6', maxlength: String(L.JOURNAL_MAX) });
    area.value = entry ? entry.t : '';
    var share = el('input', { type: 'checkbox', id: 'share-' + chapter.id, checked: !!(entry && entry.s) });
    var status = el('p', { className: 'journal-status', role: 'status' });
    var button = el('button', {
      type: 'button',
      className: 'button button-secondary',
      text: 'Im Lernjournal speichern',
    });
    button.addEventListener('click', function () {
      saveJournal(chapter, area.value, share.checked);
      var saved = journalEntry(chapter);
      status.textContent = !saved
        ? 'Eintrag entfernt.'
        : saved.s
          ? 'Gespeichert und mit dem Reflecting Team geteilt.'
          : 'Gespeichert (nur für Sie sichtbar).';
    });
    return el('section', { className: 'reflection-task', 'aria-labelledby': 'reflection-heading' }, [
      el('h3', { id: 'reflection-heading', text: 'Reflexion und Transfer' }),
      el('p', { text: chapter.reflection }),
      el('label', { for: areaId, className: 'journal-label', text: 'Ihre Notiz im Lernjournal' }),
      area,
      el('label', { className: 'choice journal-share', for: share.id }, [
        share,
        el('span', { text: 'Mit dem Reflecting Team teilen – Ihre Tutorin oder Ihr Tutor sieht diesen Eintrag.' }),
      ]),
      el('div', { className: 'journal-actions' }, [button, linkButton('#journal', 'Zum Lernjournal')]),
      status,
    ]);
  }

  function renderChapter(i) {
    var chapter = course.chapters[i];
    save('kapitel:' + chapter.id);
    var body = el('div', { className: 'chapter-body' });
    body.innerHTML = chapter.html; // checked against an allow-list at build time
    Array.prototype.forEach.call(body.querySelectorAll('a[href^="https:"]'), function (a) {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    });
    var last = i === course.chapters.length - 1;
    var objectives = el('section', { className: 'objectives', 'aria-labelledby': 'objectives-heading' }, [
      el('h3', { id: 'objectives-heading', text: 'Lernziele dieses Kapitels' }),
      el(
        'ul',
        {},
        chapter.objectives.map(function (o) {
          return el('li', { text: o });
        }),
      ),
    ]);
    var endMarker = el('p', {
      className: 'chapter-end',
      text: state.seen.indexOf(i) >= 0 ? 'Kapitel gelesen.' : 'Ende des Kapitels.',
    });
    var nodes = pageHeading(chapter.title, 'Kapitel ' + (i + 1) + ' von ' + course.chapters.length)
      .concat([
        objectives,
        chapter.asOf
          ? el('p', {
              className: 'as-of',
              text: 'Stand der rechtlichen Angaben und Förderhinweise: ' + monthYear(chapter.asOf),
            })
          : null,
        body,
        reflectionBox(chapter),
        endMarker,
        el('nav', { className: 'page-nav', 'aria-label': 'Kapitel blättern' }, [
          linkButton(i === 0 ? '#start' : chapterHref(i - 1), i === 0 ? 'Zurück zum Überblick' : 'Zurück'),
          linkButton(
            last ? '#wissenscheck' : chapterHref(i + 1),
            last ? 'Weiter zum ' + course.quiz.title : 'Weiter',
            'button-primary',
          ),
        ]),
      ])
      .filter(Boolean);
    root.setTimeout(function () {
      if (doc.body.contains(endMarker)) watchChapterEnd(i, endMarker);
    }, 0); // once the page is in the document
    return nodes;
  }

  function journalText() {
    var lines = ['Lernjournal – ' + course.title, ''];
    course.chapters.forEach(function (c, i) {
      var e = journalEntry(c);
      if (!e) return;
      lines.push(i + 1 + '. ' + c.title + (e.s ? ' (mit dem Reflecting Team geteilt)' : '') + (e.d ? ', ' + e.d : ''));
      lines.push('Aufgabe: ' + c.reflection, '', e.t, '', '');
    });
    return lines.join('\n');
  }

  function renderJournal() {
    var entries = course.chapters.filter(function (c) {
      return journalEntry(c);
    });
    var download = el('button', {
      type: 'button',
      className: 'button button-secondary',
      text: 'Als Textdatei herunterladen',
    });
    download.addEventListener('click', function () {
      var blob = new root.Blob([journalText()], { type: 'text/plain;charset=utf-8' });
      var a = el('a', { href: root.URL.createObjectURL(blob), download: 'lernjournal-' + course.key + '.txt' });
      doc.body.appendChild(a);
      a.click();
      root.setTimeout(function () {
        root.URL.revokeObjectURL(a.href);
        a.remove();
      }, 1000);
    });
    var print = el('button', { type: 'button', className: 'button button-secondary', text: 'Drucken' });
    print.addEventListener('click', function () {
      root.print();
    });
    return pageHeading('Ihr Lernjournal', course.title).concat([
      el('p', {
        className: 'lead',
        text: 'Hier stehen Ihre Antworten auf die Reflexions- und Transferaufgaben. Das Journal gehört zu Ihrem Lernstand und bleibt beim Unterbrechen erhalten. Einträge, die Sie teilen, sieht Ihre Tutorin oder Ihr Tutor im Reflecting Team.',
      }),
      entries.length === 0
        ? el('p', {
            className: 'info-box',
            text: 'Noch keine Einträge. Die Aufgaben finden Sie am Ende jedes Kapitels.',
          })
        : el(
            'ol',
            { className: 'journal-list' },
            entries.map(function (c) {
              var e = journalEntry(c);
              return el('li', { className: 'journal-entry' }, [
                el('h3', {}, [el('a', { href: chapterHref(course.chapters.indexOf(c)), text: c.title })]),
                el('p', { className: 'journal-task', text: c.reflection }),
                el('p', { className: 'journal-text', text: e.t }),
                el('p', {
                  className: 'journal-meta',
                  text: (e.s ? 'Mit dem Reflecting Team geteilt' : 'Nur für Sie') + (e.d ? ' · ' + e.d : ''),
                }),
              ]);
            }),
          ),
      el('div', { className: 'page-nav page-nav-start' }, [print, download, linkButton('#start', 'Zum Überblick')]),
    ]);
  }

  function renderQuiz() {
    if (testPassed()) return renderReview();
    var questions = asked(); // drawn before the save, so the draw is stored with it
    save('wissenscheck');
    var nodes = pageHeading(course.quiz.title).concat([
      el('p', { className: 'lead', text: course.quiz.intro }),
      el('p', {
        className: 'info-box',
        text:
          questions.length +
          ' Fragen · bestanden ab ' +
          percent(passingScore) +
          ' richtigen Antworten · wiederholbar, bis Sie bestanden haben',
      }),
    ]);
    if (!R.allSeen(course, state)) {
      nodes.push(
        el('p', {
          className: 'info-box info-box-warn',
          text:
            'Sie haben ' +
            state.seen.length +
            ' von ' +
            course.chapters.length +
            ' Kapiteln gelesen. Für den Abschluss des Moduls zählen beide: alle Kapitel gelesen und der bestandene Test.',
        }),
      );
    }
    var holder = el('div');
    V.renderQuiz(holder, {
      questions: questions,
      answers: draft,
      announce: announce,
      onAnswer: function (qid, answer) {
        state.answers[qid] = L.encodeAnswer(
          questions.filter(function (q) {
            return q.id === qid;
          })[0],
          answer,
        );
        if (lms) lms.set('cmi.suspend_data', L.encodeState(state));
      },
      onSubmit: submit,
    });
    return nodes.concat([holder]);
  }

  /* After passing, the check is for reading only: no form, so nothing can be resubmitted. */
  function renderReview() {
    var r = state.result;
    return pageHeading(course.quiz.title, 'Bestanden – zum Nachlesen').concat([
      el('p', {
        className: 'info-box',
        text:
          'Sie haben den ' +
          course.quiz.title +
          ' mit ' +
          r[0] +
          ' von ' +
          r[1] +
          ' Fragen bestanden. Ihr Ergebnis bleibt bestehen; hier können Sie Ihre Antworten mit allen Erläuterungen nachlesen.',
      }),
      el('h3', { text: 'Ihre Antworten im Einzelnen' }),
      V.feedbackList(asked(), draft, 'review'),
      el('div', { className: 'page-nav page-nav-start' }, [linkButton('#start', 'Zum Überblick')]),
    ]);
  }

  function submit(answers, latencies) {
    if (testPassed()) {
      show();
      return;
    } // a pass is final; a stale form in another tab cannot undo it
    var questions = asked();
    var result = L.score(questions, answers, passingScore);
    state.attempts += 1;
    state.result = [result.correct, result.total, result.passed ? 1 : 0];
    if (lms) {
      R.reportTest(lms, questions, answers, latencies, result);
      R.reportProgress(lms, course, state, 'ergebnis');
    }
    if (root.location.hash === '#ergebnis') show();
    else root.location.hash = '#ergebnis';
  }

  function renderResult() {
    var r = state.result;
    var passed = !!r[2];
    var summary = el('div', { className: 'result-summary ' + (passed ? 'is-passed' : 'is-failed') }, [
      el('p', { className: 'result-badge', text: passed ? 'Bestanden' : 'Nicht bestanden' }),
      el('p', { className: 'result-score' }, [
        el('strong', { text: r[0] + ' von ' + r[1] }),
        doc.createTextNode(' Fragen richtig (' + Math.round((r[0] / r[1]) * 100) + ' %)'),
      ]),
      el('p', { text: 'Zum Bestehen sind mindestens ' + percent(passingScore) + ' nötig.' }),
    ]);
    var next = [];
    var missing = course.chapters.filter(function (c, i) {
      return state.seen.indexOf(i) < 0;
    });
    if (passed && missing.length === 0) {
      next.push(
        el('p', {
          className: 'lead',
          text:
            'Herzlichen Glückwunsch! Sie haben das Modul „' +
            course.title +
            '“ abgeschlossen. Sie können den Kurs jetzt beenden.',
        }),
      );
    } else if (passed) {
      next.push(
        el('p', {
          className: 'lead',
          text:
            'Test bestanden. Damit das Modul abgeschlossen ist, lesen Sie bitte noch: ' +
            missing
              .map(function (c) {
                return c.title;
              })
              .join(', ') +
            '.',
        }),
      );
    } else {
      next.push(
        el('p', {
          className: 'lead',
          text: 'Die Hinweise unten zeigen, wo Sie noch einmal nachlesen sollten. Beim nächsten Versuch erhalten Sie zu denselben Lernzielen andere Fragen.',
        }),
      );
    }
    var retry = el('button', { type: 'button', className: 'button button-primary', text: 'Test wiederholen' });
    retry.addEventListener('click', function () {
      draft = {};
      state.answers = {};
      state.drawn = L.drawQuestions(pool, state.drawn);
      if (lms) lms.set('cmi.suspend_data', L.encodeState(state));
      root.location.hash = '#wissenscheck';
    });
    var actions = [passed ? null : retry, linkButton('#start', 'Zum Überblick')];
    if (passed && missing.length > 0)
      actions.unshift(linkButton(chapterHref(course.chapters.indexOf(missing[0])), 'Weiter lesen', 'button-primary'));
    return pageHeading('Ihr Ergebnis', course.quiz.title).concat(
      [summary],
      next,
      [el('div', { className: 'page-nav page-nav-start' }, actions)],
      answeredAll()
        ? [
            el('h3', { text: 'Ihre Antworten im Einzelnen' }),
            V.feedbackList(asked(), draft, passed ? 'review' : 'hints'),
          ]
        : [],
    );
  }

  function renderEnded() {
    return pageHeading('Sitzung beendet').concat([
      el('p', {
        className: 'lead',
        text: lms
          ? 'Ihr Fortschritt ist gespeichert. Sie können dieses Fenster jetzt schließen.'
          : 'Die Vorschau ist beendet. Sie können dieses Fenster jetzt schließen.',
      }),
    ]);
  }

  /* ---------- routing ---------- */

  function parseRoute(hash) {
    if (hash === '#wissenscheck') return { page: 'quiz' };
    if (hash === '#journal') return { page: 'journal' };
    if (hash === '#ergebnis') return { page: state.result ? 'result' : 'quiz' };
    var m = /^#kapitel-(.+)$/.exec(hash);
    if (m) {
      for (var i = 0; i < course.chapters.length; i += 1)
        if (course.chapters[i].id === m[1]) return { page: 'chapter', index: i };
    }
    return { page: 'start' };
  }

  function routeFromLocation(location) {
    if (/^kapitel:/.test(location)) return '#kapitel-' + location.slice(8);
    if (location === 'wissenscheck' || location === 'ergebnis') return '#' + location;
    return '#start';
  }

  function show() {
    var route = ended ? { page: 'ended' } : parseRoute(root.location.hash);
    if (endWatcher) {
      endWatcher.disconnect();
      endWatcher = null;
    }
    var nodes =
      route.page === 'chapter'
        ? renderChapter(route.index)
        : route.page === 'quiz'
          ? renderQuiz()
          : route.page === 'result'
            ? renderResult()
            : route.page === 'journal'
              ? renderJournal()
              : route.page === 'ended'
                ? renderEnded()
                : renderStart();
    main.textContent = '';
    nodes.forEach(function (n) {
      main.appendChild(n);
    });
    renderToc(route);
    updateProgress();
    doc.getElementById('toc').classList.remove('is-open');
    doc.getElementById('toc-toggle').setAttribute('aria-expanded', 'false');
    root.scrollTo(0, 0);
    var heading = doc.getElementById('page-heading');
    if (heading && !initialRender) heading.focus();
    initialRender = false;
  }

  function finish() {
    if (lms && !lms.terminated) R.reportExit(lms, course, state, Date.now() - startedAt);
  }

  var initialRender = true;
  if (!lms) doc.getElementById('standalone-notice').hidden = false;
  if (lms && !resume.suspendData) save('start'); // marks the attempt as begun ('incomplete')
  root.addEventListener('hashchange', show);
  root.addEventListener('pagehide', finish);
  root.addEventListener('unload', finish);
  doc.getElementById('exit-button').addEventListener('click', function () {
    finish();
    ended = true;
    this.disabled = true;
    show();
  });
  doc.getElementById('toc-toggle').addEventListener('click', function () {
    var open = doc.getElementById('toc').classList.toggle('is-open');
    this.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  if (!root.location.hash || root.location.hash === '#') {
    root.history.replaceState(null, '', routeFromLocation(resume.location));
  }
  show();
})(this);
