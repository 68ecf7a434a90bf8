// The pages' one script (served as /static/app.js; the pages work without it): the selects of
// a form.auto submit their form when changed.
document.querySelectorAll('form.auto select').forEach(function (s) {
  s.addEventListener('change', function () { s.form.submit(); });
});
