// Lobby display (大屏): rotates the slides, pages long lists to the screen, shows the
// clock and a freshness notice, and reloads itself when a build changes what it shows.
// One interval timer drives everything, so nothing accumulates over days of running.
(function () {
  'use strict';
  var body = document.body;
  var cfg = {
    seconds: Math.max(3, parseInt(body.dataset.seconds, 10) || 15),
    reload: Math.max(5, parseInt(body.dataset.reload, 10) || 60),
    max: parseInt(body.dataset.max, 10) || 0,
    more: body.dataset.more,
    display: body.dataset.display,
    month: body.dataset.month,
    version: body.dataset.version,
    stale: body.dataset.stale,
    pageText: body.dataset.page,
    dateText: body.dataset.date,
    weekdays: (body.dataset.weekdays || '').split(',')
  };
  var params = new URLSearchParams(location.search);
  var sets = (params.get('slides') || '').split(',').filter(Boolean);
  var district = params.get('district') || '';
  var sections = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  if (!sections.some(function (s) { return s.dataset.scope === 'district' && s.dataset.district === district; })) {
    district = '';
  }
  var el = {
    date: document.getElementById('d-date'),
    time: document.getElementById('d-time'),
    stale: document.getElementById('d-stale'),
    page: document.getElementById('d-page'),
    paused: document.getElementById('d-paused'),
    offline: document.getElementById('d-offline'),
    progress: document.getElementById('d-progress')
  };

  var pages = [];      // [{ section, rows: [row elements] | null }]
  var index = 0;       // the page on screen
  var shown = null;    // what is visible now: { section, rows }
  var elapsed = 0;     // seconds on the current page
  var sinceCheck = 0;  // seconds since the last version check
  var paused = false;
  var inflight = null; // { controller, since } while a version check runs
  var relayout = false;

  function wanted(section) {
    if (sets.length && sets.indexOf(section.dataset.set) < 0) return false;
    if (section.dataset.scope === 'board') return !district;
    if (section.dataset.scope === 'district') return section.dataset.district === district;
    return true;
  }

  function rowsOf(section) {
    var list = section.querySelector('.rows');
    if (!list) return null;
    var rows = Array.prototype.slice.call(list.children);
    var filter = district && !section.querySelector('.bar-row, .ranking');
    rows.forEach(function (r) {
      r.classList.add('off');
      r.classList.toggle('selected', !!district && !filter && r.dataset.district === district);
    });
    return filter ? rows.filter(function (r) { return r.dataset.district === district; }) : rows;
  }

  // How many rows of `section` fit: measured with one row on screen.
  function perPage(section, rows) {
    var first = rows[0];
    first.classList.remove('off');
    var slide = section.getBoundingClientRect();
    var pad = parseFloat(getComputedStyle(section).paddingBottom) || 0;
    var top = first.getBoundingClientRect().top;
    var h = first.getBoundingClientRect().height || 1;
    var trailing = 0;
    section.querySelectorAll('.d-legend').forEach(function (x) { trailing += x.getBoundingClientRect().height; });
    first.classList.add('off');
    return Math.max(1, Math.floor((slide.bottom - pad - trailing - top + 0.5) / h));
  }

  // The pages of one section.
  function pagesOf(section) {
    var rows = rowsOf(section);
    if (!rows) return [{ section: section, rows: null }];
    if (!rows.length) return district ? [] : [{ section: section, rows: [] }];
    section.classList.remove('off');
    var n = perPage(section, rows);
    section.classList.add('off');
    var out = [];
    for (var i = 0; i < rows.length; i += n) out.push({ section: section, rows: rows.slice(i, i + n) });
    return out;
  }

  // How many pages of each set one rotation of at most `max` pages shows: each set takes
  // what it has, leaving one page for every later set that has any (guatu's
  // display::budget, which pages the slide images alike).
  function budget(sets, max) {
    var used = 0;
    return sets.map(function (s, k) {
      var later = sets.slice(k + 1).filter(function (t) { return t.length > 0; }).length;
      var take = Math.max(Math.min(s.length, max - used - later), s.length > 0 ? 1 : 0);
      used += take;
      return take;
    });
  }

  // The board's show keeps to its length; a chosen district or set list shows everything.
  function cut(groups) {
    if (district || sets.length || !cfg.max) return groups;
    var take = budget(groups, cfg.max);
    return groups.map(function (g, k) {
      var kept = g.slice(0, take[k]);
      var left = g.slice(take[k]).reduce(function (n, p) { return n + (p.rows ? p.rows.length : 0); }, 0);
      if (left) kept[kept.length - 1] = { section: kept[kept.length - 1].section, rows: kept[kept.length - 1].rows, more: left };
      return kept;
    });
  }

  function layout() {
    hide();
    var keep = pages[index] && pages[index].section;
    var groups = [];
    sections.forEach(function (section) {
      section.hidden = false;
      section.classList.add('off');
      if (wanted(section)) groups.push(pagesOf(section));
    });
    pages = [].concat.apply([], cut(groups));
    var again = pages.findIndex(function (p) { return p.section === keep; });
    index = again >= 0 ? again : 0;
    show(index);
  }

  function hide() {
    if (!shown) return;
    shown.section.classList.add('off');
    if (shown.rows) shown.rows.forEach(function (r) { r.classList.add('off'); });
    shown = null;
  }

  function show(i) {
    if (!pages.length) return;
    hide();
    index = (i + pages.length) % pages.length;
    shown = pages[index];
    shown.section.classList.remove('off');
    if (shown.rows) shown.rows.forEach(function (r) { r.classList.remove('off'); });
    var more = shown.section.querySelector('.d-more');
    if (more) {
      more.hidden = !shown.more;
      more.textContent = shown.more ? cfg.more.replace('{n}', shown.more) : '';
    }
    elapsed = 0;
    el.page.textContent = cfg.pageText.replace('{n}', index + 1).replace('{m}', pages.length);
    progress();
  }

  function progress() {
    el.progress.style.width = (Math.min(1, elapsed / cfg.seconds) * 100).toFixed(2) + '%';
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function clock(now) {
    el.date.textContent = cfg.dateText.replace('{y}', now.getFullYear()).replace('{m}', now.getMonth() + 1)
      .replace('{d}', now.getDate()) + ' ' + (cfg.weekdays[now.getDay()] || '');
    el.time.textContent = pad(now.getHours()) + ':' + pad(now.getMinutes()) + ':' + pad(now.getSeconds());
    var parts = cfg.month.split('-');
    var behind = now.getFullYear() * 12 + now.getMonth() - (parseInt(parts[0], 10) * 12 + parseInt(parts[1], 10) - 1);
    var stale = behind > 1;
    if (stale) {
      var text = cfg.stale.replace('{n}', behind);
      if (el.stale.textContent !== text) el.stale.textContent = text;
    }
    if (el.stale.hidden === stale) {
      el.stale.hidden = !stale;
      relayout = true; // the notice takes room from the slides
    }
  }

  // Asks for data/version.json; when the display id there is not this page's, reloads, but
  // only once the new page is known to be reachable, so a failing server never leaves the
  // screen blank.
  function check() {
    if (inflight) {
      if (Date.now() - inflight.since > 20000) inflight.controller.abort();
      return;
    }
    var controller = new AbortController();
    inflight = { controller: controller, since: Date.now() };
    var opts = { cache: 'no-store', signal: controller.signal };
    fetch(cfg.version, opts)
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (v) {
        if (!v || typeof v.build !== 'string') throw new Error('version');
        if (v.display === cfg.display) return;
        return fetch(location.href, opts).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          location.reload();
        });
      })
      .then(function () { el.offline.hidden = true; }, function () { el.offline.hidden = false; })
      .then(function () { inflight = null; });
  }

  function tick() {
    clock(new Date());
    if (relayout) {
      relayout = false;
      layout();
    }
    if (!paused) {
      elapsed += 1;
      if (elapsed >= cfg.seconds) show(index + 1);
      else progress();
    }
    sinceCheck += 1;
    if (sinceCheck >= cfg.reload || inflight) {
      if (sinceCheck >= cfg.reload) sinceCheck = 0;
      check();
    }
  }

  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'PageDown') show(index + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') show(index - 1);
    else if (e.key === ' ' || e.key === 'Spacebar') {
      paused = !paused;
      el.paused.hidden = !paused;
    } else return;
    e.preventDefault();
  });
  window.addEventListener('resize', function () { relayout = true; });

  clock(new Date());
  relayout = false;
  layout();
  setInterval(tick, 1000);
  window.guatuDisplay = {
    state: function () {
      return { index: index, pages: pages.length, paused: paused, set: shown && shown.section.dataset.set,
        rows: shown && shown.rows ? shown.rows.length : 0, offline: !el.offline.hidden };
    }
  };
})();
