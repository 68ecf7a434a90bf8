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

// Maps (progressive enhancement of the server-rendered SVG): zoom and pan the mapped area
// with buttons, the wheel, dragging, or the arrow and +/- keys once the map has the focus.
// Strokes and points keep their size on screen.
document.querySelectorAll('svg .zoomable').forEach(function (g) {
  var svg = g.ownerSVGElement, k = 1, x = 0, y = 0;
  var fr = document.documentElement.lang !== 'en';
  var box = svg.viewBox.baseVal, cx = box.width * 0.4, cy = box.height / 2;
  function apply() {
    g.setAttribute('transform', 'translate(' + x + ' ' + y + ') scale(' + k + ')');
    g.querySelectorAll('g.units, g.insets').forEach(function (u) { u.style.strokeWidth = (0.6 / k) + 'px'; });
    g.querySelectorAll('g.points').forEach(function (u) { u.style.strokeWidth = (0.9 / k) + 'px'; });
    g.querySelectorAll('circle').forEach(function (c) { c.setAttribute('r', 3.5 / Math.sqrt(k)); });
  }
  function zoom(f, px, py) {
    var nk = Math.min(64, Math.max(1, k * f));
    f = nk / k;
    x = px - (px - x) * f;
    y = py - (py - y) * f;
    k = nk;
    if (k === 1) { x = 0; y = 0; }
    apply();
  }
  function toSvg(e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX; pt.y = e.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  var bar = document.createElement('div');
  bar.className = 'zoombar';
  [['+', fr ? 'Zoomer' : 'Zoom in', function () { zoom(2, cx, cy); }],
   ['−', fr ? 'Dézoomer' : 'Zoom out', function () { zoom(0.5, cx, cy); }],
   ['⟲', fr ? "Vue d'ensemble" : 'Whole map', function () { k = 1; x = 0; y = 0; apply(); }]].forEach(function (b) {
    var btn = document.createElement('button');
    btn.type = 'button';
    btn.textContent = b[0];
    btn.title = b[1];
    btn.setAttribute('aria-label', b[1]);
    btn.addEventListener('click', b[2]);
    bar.appendChild(btn);
  });
  svg.parentNode.insertBefore(bar, svg);
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var p = toSvg(e);
    zoom(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
  }, { passive: false });
  var drag = null, moved = false;
  svg.addEventListener('pointerdown', function (e) {
    if (k === 1) return;
    drag = toSvg(e); moved = false;
  });
  svg.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var p = toSvg(e);
    if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 3) moved = true;
    x += p.x - drag.x; y += p.y - drag.y; drag = p;
    apply();
  });
  window.addEventListener('pointerup', function () { drag = null; });
  // A drag is not a click on the territory under the pointer.
  svg.addEventListener('click', function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);
  svg.setAttribute('tabindex', '0');
  svg.addEventListener('keydown', function (e) {
    var step = 40;
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) { x += moves[e.key][0]; y += moves[e.key][1]; apply(); e.preventDefault(); }
    else if (e.key === '+' || e.key === '=') { zoom(2, cx, cy); e.preventDefault(); }
    else if (e.key === '-') { zoom(0.5, cx, cy); e.preventDefault(); }
  });
});

// Suggestions as people type in a search box marked data-suggest="territories|workshops":
// the first matches of /api/v1/suggest as links under the box (the Down arrow reaches them,
// Escape closes them). Without the script the box searches when submitted.
document.querySelectorAll('input[data-suggest]').forEach(function (input) {
  var list = document.createElement('ul');
  list.className = 'suggest';
  list.id = input.id ? input.id + '-suggest' : 'suggest-' + Math.random().toString(36).slice(2);
  list.hidden = true;
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('aria-controls', list.id);
  input.parentNode.insertBefore(list, input.nextSibling);
  var en = document.documentElement.lang === 'en', timer = null, asked = '';
  function close() { list.hidden = true; list.textContent = ''; }
  function show(items) {
    list.textContent = '';
    items.forEach(function (s) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = s.href + (en ? (s.href.indexOf('?') < 0 ? '?' : '&') + 'lang=en' : '');
      a.textContent = s.label;
      if (s.detail) {
        var d = document.createElement('span');
        d.className = 'muted';
        d.textContent = ' · ' + s.detail;
        a.appendChild(d);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(function () {
      asked = q;
      fetch('/api/v1/suggest?for=' + input.dataset.suggest + '&q=' + encodeURIComponent(q) + (en ? '&lang=en' : ''))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (asked === input.value.trim()) show(items); })
        .catch(close);
    }, 150);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' && !list.hidden) { e.preventDefault(); list.querySelector('a').focus(); }
    else if (e.key === 'Escape') close();
  });
  list.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a')), i = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    else if (e.key === 'Escape') { close(); input.focus(); }
  });
});
