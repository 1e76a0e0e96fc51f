// Small progressive enhancements for every page; the site works without them.
(function () {
  var toggle = document.querySelector('.nav-toggle');
  var nav = document.getElementById('site-nav');
  if (toggle && nav) {
    toggle.addEventListener('click', function () {
      var open = nav.classList.toggle('is-open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  }
  document.querySelectorAll('.copy-field').forEach(function (field) {
    field.addEventListener('focus', function () {
      field.select();
    });
  });
})();
