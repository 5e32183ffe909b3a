// pathwatch status page: reads /api/paths, /api/paths/{name}/history and /api/compare, redraws every 10 s.
(function () {
  'use strict';
  const REFRESH_MS = 10000;
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
  const get = async (url) => {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
    return r.json();
  };

  function card(p) {
    const w = p.window;
    const fig = (label, value) => el('div', {}, el('b', {}, value), el('span', {}, label));
    return el('div', { class: 'card ' + p.state, 'data-path': p.name },
      el('h3', {}, el('span', {}, p.name), el('span', { class: 'state ' + p.state, 'data-state': p.state }, p.state)),
      el('div', { class: 'figures' },
        fig('p50 ms', ms(w.rttMs && w.rttMs.p50)), fig('p99 ms', ms(w.rttMs && w.rttMs.p99)), fig('jitter ms', ms(w.jitterMs)),
        fig('loss', pct(w.lossRatio)), fig('hangs', w.hangs ? w.hangs.count : '–')),
      p.reasons && p.reasons.length ? el('ul', { class: 'reasons' }, p.reasons.map((r) => el('li', {}, r))) : '');
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

  // shades the windows in which the stream hung
  function hangShading(hangs) {
    return {
      hooks: {
        drawClear: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = 'rgba(198, 40, 40, 0.15)';
          const xs = u.data[0];
          for (let i = 0; i < xs.length; i++) {
            if (hangs[i] > 0) {
              const x0 = u.valToPos(xs[i] - (i > 0 ? xs[i] - xs[i - 1] : 1), 'x', true);
              const x1 = u.valToPos(xs[i], 'x', true);
              ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
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
    const width = Math.max(200, container.clientWidth - 16);
    if (charts[name]) {
      charts[name].destroy();
    }
    const opts = {
      width, height: 220,
      plugins: [hangShading(hangs)],
      scales: { x: { time: true } },
      axes: [{}, { label: 'ms', size: 50 }],
      series: [{}, { label: 'p50', stroke: '#1a7f37', width: 1.5 }, { label: 'p90', stroke: '#b35900', width: 1.2 },
        { label: 'p99', stroke: '#c62828', width: 1.2 }, { label: 'jitter', stroke: '#2563eb', width: 1, dash: [4, 3] }],
    };
    charts[name] = new uPlot(opts, data, container);
    status.charts[name] = { points: xs.length, hangs: hangs.filter((h) => h > 0).length };
  }

  async function refresh() {
    try {
      const paths = await get('/api/paths');
      status.paths = paths.map((p) => ({ name: p.name, state: p.state }));
      document.getElementById('agent').textContent = paths.length + ' path(s)';
      const box = document.getElementById('paths');
      box.replaceChildren(...paths.map(card));

      const destinations = [...new Set(paths.map((p) => p.tags && p.tags.destination).filter(Boolean))];
      const compare = document.getElementById('compare');
      const groups = destinations.length
        ? destinations.map((d) => get('/api/compare?window=15m&destination=' + encodeURIComponent(d)).then((r) => [d, r]))
        : paths.length > 1 ? [get('/api/compare?window=15m&paths=' + paths.map((p) => encodeURIComponent(p.name)).join(',')).then((r) => ['all paths', r])] : [];
      const results = await Promise.all(groups);
      compare.replaceChildren(...results.map(([d, r]) => el('div', { 'data-destination': d }, el('h3', {}, 'to ' + d), compareTable(r))));

      const chartsBox = document.getElementById('charts');
      for (const p of paths) {
        let holder = chartsBox.querySelector(`[data-chart="${CSS.escape(p.name)}"]`);
        if (!holder) {
          holder = el('div', { class: 'chart', 'data-chart': p.name }, el('h3', {}, p.name), el('div', { class: 'plot' }));
          chartsBox.append(holder);
        }
        const history = await get('/api/paths/' + encodeURIComponent(p.name) + '/history?minutes=60');
        drawChart(p.name, history, holder.querySelector('.plot'));
      }
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

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
