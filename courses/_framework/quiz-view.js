/*
 * The knowledge check and its result page. Every control is a native form element with a
 * label, so keyboard and screen reader use come for free; moves in the ordering list and
 * missing answers are announced through the page's aria-live region.
 */
(function (root) {
  'use strict';

  var L = root.GezuLogic;
  var doc = root.document;

  var HINTS = {
    single: 'Wählen Sie eine Antwort.',
    multiple: 'Wählen Sie alle zutreffenden Antworten.',
    matching: 'Wählen Sie zu jedem Begriff die passende Zuordnung.',
    ordering: 'Ändern Sie die Reihenfolge mit den Schaltflächen „nach oben“ und „nach unten“.',
  };

  function el(tag, attrs, children) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(c);
    });
    return node;
  }

  /* Orders are drawn once per page life and question, so going back and forth inside the
     check does not reshuffle under the learner's eyes. */
  var orders = {};
  function shuffledOnce(key, list, differentFrom) {
    if (!orders[key]) {
      var copy = list;
      for (var attempt = 0; attempt < 10; attempt += 1) {
        copy = L.shuffle(list);
        if (!differentFrom || copy.join(',') !== differentFrom.join(',')) break;
      }
      orders[key] = copy;
    }
    return orders[key].slice();
  }

  function byIds(list, ids) {
    return ids.map(function (id) {
      return list.filter(function (x) {
        return x.id === id;
      })[0];
    });
  }

  function choiceBody(q, answer, onChange) {
    var inputType = q.type === 'single' ? 'radio' : 'checkbox';
    var options = byIds(
      q.options,
      shuffledOnce(
        'o-' + q.id,
        q.options.map(function (o) {
          return o.id;
        }),
      ),
    );
    return el(
      'div',
      { className: 'choices' },
      options.map(function (o) {
        var input = el('input', {
          type: inputType,
          name: 'q-' + q.id,
          value: o.id,
          id: 'q-' + q.id + '-' + o.id,
          checked: !!answer && answer.indexOf(o.id) >= 0,
        });
        input.addEventListener('change', function () {
          var checked = doc.querySelectorAll('input[name="q-' + q.id + '"]:checked');
          onChange(
            Array.prototype.map.call(checked, function (c) {
              return c.value;
            }),
          );
        });
        return el('label', { className: 'choice', for: input.id }, [input, el('span', { text: o.text })]);
      }),
    );
  }

  function matchingBody(q, answer, onChange) {
    var targets = byIds(
      q.pairs.map(function (p) {
        return p.target;
      }),
      shuffledOnce(
        't-' + q.id,
        q.pairs.map(function (p) {
          return p.target.id;
        }),
      ),
    );
    var current = {};
    Object.keys(answer || {}).forEach(function (k) {
      current[k] = answer[k];
    });
    return el(
      'div',
      { className: 'matches' },
      q.pairs.map(function (p) {
        var id = 'q-' + q.id + '-' + p.source.id;
        var select = el(
          'select',
          { id: id },
          [el('option', { value: '', text: '– bitte wählen –' })].concat(
            targets.map(function (t) {
              return el('option', { value: t.id, text: t.text, selected: current[p.source.id] === t.id });
            }),
          ),
        );
        select.addEventListener('change', function () {
          if (select.value) current[p.source.id] = select.value;
          else delete current[p.source.id];
          onChange(current);
        });
        return el('div', { className: 'match-row' }, [el('label', { for: id, text: p.source.text }), select]);
      }),
    );
  }

  function orderingBody(q, answer, onChange, announce) {
    var byId = {};
    q.items.forEach(function (it) {
      byId[it.id] = it;
    });
    // never starts in the right order, and an untouched list counts as unanswered: the learner
    // has to move at least one item, so leaving the question alone cannot score by chance
    var order = answer ? answer.slice() : shuffledOnce('i-' + q.id, L.correctAnswer(q), L.correctAnswer(q));
    var list = el('ol', { className: 'order-list' });

    function move(index, delta, which) {
      var target = index + delta;
      var moved = order.splice(index, 1)[0];
      order.splice(target, 0, moved);
      draw();
      onChange(order.slice());
      var buttons = list.children[target].querySelectorAll('button');
      var button = buttons[which === 'up' ? 0 : 1];
      (button.disabled ? buttons[which === 'up' ? 1 : 0] : button).focus();
      announce('„' + byId[moved].text + '“ steht jetzt an Position ' + (target + 1) + ' von ' + order.length + '.');
    }

    function draw() {
      list.textContent = '';
      order.forEach(function (itemId, index) {
        var text = byId[itemId].text;
        var up = el(
          'button',
          {
            type: 'button',
            className: 'button button-small',
            'aria-label': '„' + text + '“ nach oben',
            disabled: index === 0,
          },
          [el('span', { 'aria-hidden': 'true', text: '↑ ' }), doc.createTextNode('nach oben')],
        );
        var down = el(
          'button',
          {
            type: 'button',
            className: 'button button-small',
            'aria-label': '„' + text + '“ nach unten',
            disabled: index === order.length - 1,
          },
          [el('span', { 'aria-hidden': 'true', text: '↓ ' }), doc.createTextNode('nach unten')],
        );
        up.addEventListener('click', function () {
          move(index, -1, 'up');
        });
        down.addEventListener('click', function () {
          move(index, 1, 'down');
        });
        list.appendChild(
          el('li', { className: 'order-item' }, [
            el('span', { className: 'order-text', text: text }),
            el('span', { className: 'order-buttons' }, [up, down]),
          ]),
        );
      });
    }
    draw();
    return list;
  }

  /* handlers: { questions (the drawn ones), answers: {qid: answer}, onAnswer(qid, answer),
     onSubmit(answers, latencies), announce(text) } */
  function renderQuiz(container, handlers) {
    var questions = handlers.questions;
    var answers = handlers.answers;
    var latencies = {};
    var active = null;
    var activeSince = 0;

    function track(qid) {
      var now = Date.now();
      if (active) latencies[active] = (latencies[active] || 0) + (now - activeSince);
      active = qid;
      activeSince = now;
    }

    var form = el('form', { className: 'quiz', novalidate: true });
    var errorBox = el('div', { className: 'error-summary', id: 'quiz-errors', tabindex: '-1', hidden: true });
    form.appendChild(errorBox);

    questions.forEach(function (q, i) {
      var change = function (a) {
        answers[q.id] = a;
        handlers.onAnswer(q.id, a);
      };
      var body =
        q.type === 'matching'
          ? matchingBody(q, answers[q.id], change)
          : q.type === 'ordering'
            ? orderingBody(q, answers[q.id], change, handlers.announce)
            : choiceBody(q, answers[q.id], change);
      var hintId = 'hint-' + q.id;
      var fieldset = el('fieldset', { className: 'question', id: 'question-' + q.id, 'aria-describedby': hintId }, [
        el('legend', {}, [
          el('span', { className: 'question-number', text: 'Frage ' + (i + 1) + ' von ' + questions.length }),
          el('span', { className: 'question-prompt', text: q.prompt }),
        ]),
        el('p', { className: 'question-hint', id: hintId, text: HINTS[q.type] }),
        body,
      ]);
      fieldset.addEventListener('focusin', function () {
        if (active !== q.id) track(q.id);
      });
      form.appendChild(fieldset);
    });

    form.appendChild(
      el('div', { className: 'page-nav' }, [
        el('button', { type: 'submit', className: 'button button-primary', text: 'Antworten prüfen' }),
      ]),
    );

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var missing = questions.filter(function (q) {
        return !L.isAnswered(q, answers[q.id]);
      });
      if (missing.length > 0) {
        errorBox.hidden = false;
        errorBox.textContent = '';
        errorBox.appendChild(
          el('p', { text: 'Bitte beantworten Sie noch ' + (missing.length === 1 ? 'diese Frage:' : 'diese Fragen:') }),
        );
        errorBox.appendChild(
          el(
            'ul',
            {},
            missing.map(function (q) {
              var link = el('a', { href: '#question-' + q.id, text: 'Frage ' + (questions.indexOf(q) + 1) });
              link.addEventListener('click', function (e) {
                e.preventDefault();
                var first = doc.querySelector(
                  '#question-' + q.id + ' input, #question-' + q.id + ' select, #question-' + q.id + ' button',
                );
                if (first) first.focus();
              });
              return el('li', {}, [link]);
            }),
          ),
        );
        errorBox.focus();
        return;
      }
      track(null);
      handlers.onSubmit(answers, latencies);
    });
    container.appendChild(form);
  }

  function describeAnswer(q, answer) {
    if (!L.isAnswered(q, answer)) return 'keine Antwort';
    if (q.type === 'matching') {
      return q.pairs
        .map(function (p) {
          var target = q.pairs.filter(function (t) {
            return t.target.id === answer[p.source.id];
          })[0];
          return p.source.text + ' → ' + (target ? target.target.text : '–');
        })
        .join('; ');
    }
    var list = q.type === 'ordering' ? q.items : q.options;
    return answer
      .map(function (id, n) {
        var found = list.filter(function (x) {
          return x.id === id;
        })[0];
        return (q.type === 'ordering' ? n + 1 + '. ' : '') + (found ? found.text : id);
      })
      .join(q.type === 'ordering' ? '  ' : '; ');
  }

  /* mode 'hints' (after a failed check): which answers were right, and for the others a hint
     where to look, never the key; mode 'review' (after passing): the full explanations. */
  function feedbackList(questions, answers, mode) {
    return el(
      'ol',
      { className: 'feedback-list' },
      questions.map(function (q) {
        var ok = L.isCorrect(q, answers[q.id]);
        var text = ok ? q.feedback.correct : mode === 'review' ? q.feedback.incorrect : q.hint;
        return el('li', { className: 'feedback ' + (ok ? 'is-correct' : 'is-incorrect') }, [
          el('p', { className: 'feedback-status' }, [
            el('span', { className: 'feedback-icon', 'aria-hidden': 'true', text: ok ? '✓' : '✗' }),
            doc.createTextNode(ok ? ' Richtig' : ' Nicht richtig'),
          ]),
          el('p', { className: 'feedback-prompt', text: q.prompt }),
          el('p', { className: 'feedback-answer' }, [
            el('span', { className: 'label', text: 'Ihre Antwort: ' }),
            doc.createTextNode(describeAnswer(q, answers[q.id])),
          ]),
          el('p', { className: 'feedback-text' }, [
            !ok && mode !== 'review' ? el('span', { className: 'label', text: 'Hinweis: ' }) : null,
            doc.createTextNode(text),
          ]),
        ]);
      }),
    );
  }

  root.GezuQuizView = { el: el, renderQuiz: renderQuiz, feedbackList: feedbackList };
})(this);
