// The pages' one script (served as /static/app.js; the pages work without it): the selects of
// a form.auto submit their form when chosen with a pointer. With the keyboard, the arrows
// browse the options without reloading the page, and Enter (or the form's button) submits.
// Choosing manual thresholds does not submit: the thresholds are typed first.
document.querySelectorAll('form.auto select').forEach(function (s) {
  var keyboard = false;
  s.addEventListener('keydown', function (e) {
    keyboard = true;
    if (e.key === 'Enter') {
      e.preventDefault();
      s.form.submit();
    }
  });
  s.addEventListener('pointerdown', function () { keyboard = false; });
  s.addEventListener('change', function () {
    if (keyboard) return;
    if (s.name === 'method' && s.value === 'manual') return;
    s.form.submit();
  });
});
