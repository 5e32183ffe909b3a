// pathwatch status page: reads /api/paths, /api/paths/{name}/history and /api/compare every 10 s.
// A refresh starts only once the previous one has ended; a chart's history is fetched and drawn
// only while the chart is on screen (or close to it), so a page of thousands of paths stays cheap.
(function () {
  'use strict';
  const REFRESH_MS = 10000;
  // "all paths" are ranked together only when there are few; with many, only paths tagged with a destination
  const COMPARE_ALL_UP_TO = 20;
  const charts = {};
  const status = { rendered: false, charts: {}, paths: [] };
  window.pathwatchStatus = status;

  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === 'class' ? (e.className = v) : e.setAttribute(k, v)));
    children.flat().forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  };
  const ms = (v) => (v == null ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
  const pct = (v) => (v == null ? '–' : (v * 100).toFixed(v < 0.01 ? 2 : 1) + '%');
  // With pathwatch.api.protect-reads the API answers 401 until the token is given: asked for once (one
  // prompt however many requests failed), kept for this browser session only (sessionStorage).
  const TOKEN_KEY = 'pathwatch-token';
  let asking = null;
  const askToken = () => {
    if (!asking) {
      asking = Promise.resolve().then(() => {
        const t = window.prompt('pathwatch needs its API token (pathwatch.api.token) to show this page:');
        if (t) sessionStorage.setItem(TOKEN_KEY, t.trim());
        return !!t;
      }).finally(() => setTimeout(() => { asking = null; }, 0));
    }
    return asking;
  };
  const get = async (url) => {
    for (let attempt = 0; ; attempt++) {
      const headers = { Accept: 'application/json' };
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) headers.Authorization = 'Bearer ' + token;
      const r = await fetch(url, { headers });
      if (r.status === 401 && attempt < 2) {
        if (sessionStorage.getItem(TOKEN_KEY) !== token) continue; // another request got a new token meanwhile
        sessionStorage.removeItem(TOKEN_KEY);
        if (await askToken()) continue;
      }
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status + (r.status === 401 ? ' (the API token is needed)' : ''));
      return r.json();
    }
  };

  function card(p) {
    const w = p.window;
    const fig = (label, value) => el('div', {}, el('b', {}, value), el('span', {}, label));
    return el('div', { class: 'card ' + p.state, 'data-path': p.name },
      el('h3', {}, el('span', {}, p.name), el('span', { class: 'state ' + p.state, 'data-state': p.state }, p.state)),
      el('div', { class: 'figures' },
        fig('p50 ms', ms(w.rttMs && w.rttMs.p50)), fig('p99 ms', ms(w.rttMs && w.rttMs.p99)), fig('jitter ms', ms(w.jitterMs)),
        fig('loss', pct(w.lossRatio)), fig('hangs', w.hangs ? w.hangs.count : '–')),
      p.reasons && p.reasons.length ? el('ul', { class: 'reasons' }, p.reasons.map((r) => el('li', {}, r))) : '',
      lastHang(w.hangs && w.hangs.last));
  }

  // the latest hang, if open or ended within the hour: where it was (its sentence), or that it is not known yet
  const HOUR_MS = 3600 * 1000;
  function lastHang(h) {
    if (!h || (!h.open && Date.now() - Date.parse(h.start) - h.durationMs > HOUR_MS)) {
      return '';
    }
    const when = new Date(Date.parse(h.start)).toLocaleTimeString();
    const text = h.cause == null
      ? `hang at ${when} (${(h.durationMs / 1000).toFixed(1)} s${h.open ? ' so far' : ''}): cause not known yet`
      : `${h.sentence || h.cause}${h.settled ? '' : ' (provisional)'} — at ${when}`;
    return el('p', { class: 'last-hang', 'data-cause': h.cause || '', title: (h.evidence || []).map((e) =>
      `${e.end} ${e.field} = ${e.value} ${e.unit}`).join('\n') + (h.missing ? '\nmissing: ' + h.missing : '') }, text);
  }

  function compareTable(result) {
    const rows = result.paths.map((r) => el('tr', {},
      el('td', {}, r.rank), el('td', {}, r.name), el('td', {}, r.score.toFixed(1)),
      el('td', {}, r.p50 ? `${ms(r.p50.value)} (${ms(r.p50.low)}–${ms(r.p50.high)})` : '–'),
      el('td', {}, r.p99 ? `${ms(r.p99.value)} (${ms(r.p99.low)}–${ms(r.p99.high)})` : '–'),
      el('td', {}, ms(r.jitterMs)), el('td', {}, r.hangs), el('td', {}, pct(r.lossRatio)),
      el('td', { class: 'worse' }, r.rank === 1 ? 'best' : r.indistinguishableFromBest ? 'as good' : (r.worseThanBest || []).join(', '))));
    return el('div', {},
      el('p', { class: 'summary' }, result.summary),
      el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['#', 'path', 'score', 'p50 ms (95% CI)', 'p99 ms (95% CI)', 'jitter ms', 'hangs', 'loss', 'vs best']
          .map((h) => el('th', {}, h)))),
        el('tbody', {}, rows))));
  }

  // Runs of consecutive windows in which the stream hung, each with its cause: a hang's cause settles
  // after it ends (the responder's view is fetched first), so it is taken from the run's windows or
  // the two after it; null while none has settled.
  function hangRuns(pts) {
    const runs = [];
    for (let i = 0; i < pts.length; i++) {
      if (pts[i].hangs > 0) {
        let j = i;
        while (j + 1 < pts.length && pts[j + 1].hangs > 0) j++;
        let cause = null;
        // a cause settles once its hang ended: in the run's last window or the two after it (an earlier
        // window of the run may carry the cause of a hang that ended just before the run began)
        for (let k = j; k <= Math.min(j + 2, pts.length - 1) && cause == null; k++) cause = pts[k].hangCause || null;
        runs.push({ from: i, to: j, cause });
        i = j;
      }
    }
    return runs;
  }

  // shades the windows in which the stream hung, each run labelled with its cause
  function hangShading(runs) {
    return {
      hooks: {
        drawClear: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          const xs = u.data[0];
          const left = (i) => u.valToPos(xs[i] - (i > 0 ? xs[i] - xs[i - 1] : 1), 'x', true);
          ctx.font = `${Math.round(10 * devicePixelRatio)}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          for (const r of runs) {
            const x0 = left(r.from);
            const x1 = u.valToPos(xs[r.to], 'x', true);
            ctx.fillStyle = 'rgba(198, 40, 40, 0.15)';
            ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
            if (r.cause) {
              ctx.fillStyle = '#c62828';
              ctx.fillText(r.cause, x0 + 2, u.bbox.top + 2);
            }
          }
          ctx.restore();
        }],
      },
    };
  }

  function drawChart(name, history, container) {
    const pts = history.points;
    const xs = pts.map((p) => Date.parse(p.end) / 1000);
    const data = [xs, pts.map((p) => p.rttP50Ms), pts.map((p) => p.rttP90Ms), pts.map((p) => p.rttP99Ms), pts.map((p) => p.jitterMs)];
    const hangs = pts.map((p) => p.hangs);
    const runs = hangRuns(pts);
    const width = Math.max(200, container.clientWidth - 16);
    if (charts[name]) {
      charts[name].destroy();
    }
    const opts = {
      width, height: 220,
      plugins: [hangShading(runs)],
      scales: { x: { time: true } },
      axes: [{}, { label: 'ms', size: 50 }],
      series: [{}, { label: 'p50', stroke: '#1a7f37', width: 1.5 }, { label: 'p90', stroke: '#b35900', width: 1.2 },
        { label: 'p99', stroke: '#c62828', width: 1.2 }, { label: 'jitter', stroke: '#2563eb', width: 1, dash: [4, 3] }],
    };
    charts[name] = new uPlot(opts, data, container);
    // the causes in words too (the canvas is not read by screen readers), latest hang last
    const caption = container.parentElement.querySelector('.hang-causes');
    if (caption) {
      caption.textContent = runs.length ? 'hangs: ' + runs.slice(-5).map((r) =>
        new Date(Date.parse(pts[r.from].start)).toLocaleTimeString() + ' ' + (r.cause || 'cause not known yet')).join(' · ') : '';
    }
    status.charts[name] = { points: xs.length, hangs: hangs.filter((h) => h > 0).length, causes: runs.map((r) => r.cause) };
  }

  // Ranking tables and charts on screen (or within a screen of it): only these are fetched and drawn.
  // Each lazy element has a loader; it runs when the element comes into view and on every refresh while it is.
  const loaders = new Map();
  const inView = new Set();
  const observer = 'IntersectionObserver' in window
    ? new IntersectionObserver((entries) => entries.forEach((e) => {
      if (e.isIntersecting) {
        if (!inView.has(e.target)) {
          inView.add(e.target);
          loaders.get(e.target)().catch((err) => { status.error = String(err); });
        }
      } else {
        inView.delete(e.target);
      }
    }), { rootMargin: '800px 0px' })
    : null;

  function lazy(element, loader) {
    loaders.set(element, loader);
    if (observer) {
      observer.observe(element);
    }
    return element;
  }

  /** Loads every lazy element of {@code box} that is in view (all of them without IntersectionObserver). */
  async function loadVisible(box) {
    for (const element of box.children) {
      if (loaders.has(element) && (!observer || inView.has(element))) {
        await loaders.get(element)();
      }
    }
  }

  async function refresh() {
    try {
      const paths = await get('/api/paths');
      status.paths = paths.map((p) => ({ name: p.name, state: p.state }));
      document.getElementById('agent').textContent = paths.length + ' path(s)';
      const box = document.getElementById('paths');
      box.replaceChildren(...paths.map(card));

      const destinations = [...new Set(paths.map((p) => p.tags && p.tags.destination).filter(Boolean))];
      const groups = destinations.length
        ? destinations.map((d) => [d, '/api/compare?window=15m&destination=' + encodeURIComponent(d)])
        : paths.length > 1 && paths.length <= COMPARE_ALL_UP_TO
          ? [['all paths', '/api/compare?window=15m&paths=' + paths.map((p) => encodeURIComponent(p.name)).join(',')]] : [];
      const compare = document.getElementById('compare');
      const wanted = new Set(groups.map(([d]) => d));
      [...compare.children].filter((c) => !wanted.has(c.getAttribute('data-destination'))).forEach((c) => {
        if (observer) {
          observer.unobserve(c);
        }
        loaders.delete(c);
        inView.delete(c);
        c.remove();
      });
      for (const [d, url] of groups) {
        if (!compare.querySelector(`[data-destination="${CSS.escape(d)}"]`)) {
          const holder = el('div', { 'data-destination': d }, el('h3', {}, 'to ' + d), el('div', { class: 'ranking muted' }, 'loading…'));
          compare.append(lazy(holder, async () => {
            holder.querySelector('.ranking').replaceChildren(compareTable(await get(url)));
            holder.querySelector('.ranking').classList.remove('muted');
          }));
        }
      }
      await loadVisible(compare);

      const chartsBox = document.getElementById('charts');
      for (const p of paths) {
        if (!chartsBox.querySelector(`[data-chart="${CSS.escape(p.name)}"]`)) {
          const holder = el('div', { class: 'chart', 'data-chart': p.name }, el('h3', {}, p.name), el('div', { class: 'plot' }),
            el('p', { class: 'hang-causes muted' }));
          chartsBox.append(lazy(holder, async () => {
            drawChart(p.name, await get('/api/paths/' + encodeURIComponent(p.name) + '/history?minutes=60'), holder.querySelector('.plot'));
          }));
        }
      }
      await loadVisible(chartsBox);
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      status.rendered = true;
      status.error = null;
    } catch (e) {
      status.error = String(e);
      document.getElementById('updated').textContent = 'update failed: ' + e.message;
    }
  }

  // charts follow the page's width (a phone turned, a window resized)
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      document.querySelectorAll('[data-chart]').forEach((holder) => {
        const u = charts[holder.getAttribute('data-chart')];
        if (u) {
          u.setSize({ width: Math.max(200, holder.clientWidth - 16), height: 220 });
        }
      });
    }, 100);
  });

  // the next refresh is scheduled when this one has ended, however long it took
  async function loop() {
    await refresh();
    setTimeout(loop, REFRESH_MS);
  }
  loop();
})();
