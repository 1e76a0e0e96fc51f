// Cohort form: add and remove session rows. Without JavaScript the form shows three empty rows.
(function () {
  var list = document.querySelector('[data-session-list]');
  if (!list) return;
  var addButton = list.querySelector('[data-add-session]');
  function bindRemove(row) {
    var remove = row.querySelector('[data-remove-session]');
    if (!remove) return;
    remove.addEventListener('click', function () {
      var rows = list.querySelectorAll('[data-session-row]');
      if (rows.length > 1) row.remove();
      else row.querySelector('input').value = '';
    });
  }
  list.querySelectorAll('[data-session-row]').forEach(bindRemove);
  addButton.hidden = false;
  addButton.addEventListener('click', function () {
    var rows = list.querySelectorAll('[data-session-row]');
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    var input = copy.querySelector('input');
    var label = copy.querySelector('label');
    var n = rows.length;
    input.value = '';
    input.id = 's-' + n + '-' + Date.now();
    label.setAttribute('for', input.id);
    label.textContent = label.textContent.replace(/\d+/, String(n + 1));
    last.after(copy);
    bindRemove(copy);
    input.focus();
  });
})();
