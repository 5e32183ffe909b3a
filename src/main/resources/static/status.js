// pathwatch status page: reads /api/paths, /api/paths/{name}/history, /api/compare and /api/alerts every 10 s.
// A refresh starts only once the previous one has ended; a chart's history is fetched and drawn only while
// the chart is on screen (or close to it), so a page of thousands of paths stays cheap.
// /?path=NAME (status.html?path=NAME) is the page of one path.
(function () {
  'use strict';
  const REFRESH_MS = 10000;
  // "all paths" are ranked together only when there are few; with many, only paths tagged with a destination
  const COMPARE_ALL_UP_TO = 20;
  const HOUR_MS = 3600 * 1000;
  const STATE_ORDER = { DOWN: 0, DEGRADED: 1, UNKNOWN: 2, OK: 3 };
  const single = new URLSearchParams(location.search).get('path');
  const charts = {};
  // for tests and the curious: what was rendered and drawn, and how long it took
  const status = { view: single ? 'path' : 'overview', rendered: false, charts: {}, drawn: 0, paths: [], shown: [], timing: {} };
  window.pathwatchStatus = status;

  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === 'class' ? (e.className = v) : e.setAttribute(k, v)));
    children.flat().forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  };
  const ms = (v) => (v == null ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
  const pct = (v) => (v == null ? '–' : (v * 100).toFixed(v < 0.01 ? 2 : 1) + '%');
  const clock = (t) => new Date(typeof t === 'number' ? t : Date.parse(t)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const pathLink = (name) => '/?path=' + encodeURIComponent(name);

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

  // ---- why a path is in its state, in words --------------------------------------------------------------

  // "DEGRADED since 09:57: 2 hangs (4.0 s, 4.0 s) in the last 2 min; clears after …", in the browser's time zone
  function why(p) {
    const sentences = p.sentences || p.reasons || [];
    const head = p.state + (p.stateSince ? ' since ' + clock(p.stateSince) : '');
    return sentences.length ? head + ': ' + sentences.join('. ') : head;
  }

  function card(p) {
    const w = p.window;
    const fig = (label, value) => el('div', {}, el('b', {}, value), el('span', {}, label));
    const sentences = p.sentences || p.reasons || [];
    // a connect-mode path has no echoes: its latency is the connect time, and what it cannot measure is said, not shown as blanks
    const connect = p.mode === 'connect';
    const lat = connect ? w.connectMs : w.rttMs;
    return el('div', { class: 'card ' + p.state, 'data-path': p.name, title: p.notMeasured || '' },
      el('h3', {}, el('a', { href: pathLink(p.name) }, p.name), el('span', { class: 'state ' + p.state, 'data-state': p.state }, p.state)),
      el('div', { class: 'figures' },
        fig(connect ? 'connect p50 ms' : 'p50 ms', ms(lat && lat.p50)), fig(connect ? 'connect p99 ms' : 'p99 ms', ms(lat && lat.p99)),
        fig('jitter ms', connect ? 'n/m' : ms(w.jitterMs)), fig(connect ? 'failed connects' : 'loss', pct(w.lossRatio)),
        fig('hangs', w.hangs ? w.hangs.count : 'n/m')),
      sentences.length ? el('p', { class: 'reasons', title: (p.reasons || []).join('\n') }, why(p)) : '',
      lastHang(w.hangs && w.hangs.last));
  }

  // the latest hang, if open or ended within the hour: where it was (its sentence), or that it is not known yet
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

  // ---- which path is best --------------------------------------------------------------------------------

  // a row's score in words: its terms, largest first, only those that count
  function scoreWords(r) {
    const terms = [];
    if (r.p99) terms.push([r.p99.value, `p99 ${ms(r.p99.value)} ms`]);
    else terms.push([10000, 'no RTT samples (10000)']);
    if (r.jitterMs) terms.push([2 * r.jitterMs, `2 × jitter ${ms(r.jitterMs)} ms`]);
    if (r.hangMsPerMinute) terms.push([r.hangMsPerMinute, `${ms(r.hangMsPerMinute)} ms hung per minute`]);
    if (r.lossRatio) terms.push([1000 * r.lossRatio, `${pct(r.lossRatio)} loss (× 1000)`]);
    if (r.availability != null && r.availability < 1) terms.push([10000 * (1 - r.availability), `${pct(1 - r.availability)} failed cycles (× 10000)`]);
    terms.sort((a, b) => b[0] - a[0]);
    return `${r.score.toFixed(1)} = ` + terms.map((t) => t[1]).join(' + ');
  }

  function compareTable(result) {
    const rows = result.paths.map((r) => el('tr', {},
      el('td', {}, r.rank), el('td', {}, el('a', { href: pathLink(r.name) }, r.name)), el('td', { title: scoreWords(r) }, r.score.toFixed(1)),
      el('td', {}, r.p50 ? `${ms(r.p50.value)} (${ms(r.p50.low)}–${ms(r.p50.high)})` : '–'),
      el('td', {}, r.p99 ? `${ms(r.p99.value)} (${ms(r.p99.low)}–${ms(r.p99.high)})` : '–'),
      el('td', {}, ms(r.jitterMs)), el('td', {}, r.hangs), el('td', {}, pct(r.lossRatio)),
      el('td', { class: 'worse' }, r.rank === 1 ? 'best' : r.indistinguishableFromBest ? 'as good' : (r.worseThanBest || []).join(', ')),
      el('td', { class: 'words' }, scoreWords(r))));
    return el('div', {},
      el('p', { class: 'summary' }, result.summary),
      el('p', { class: 'muted score-explained' }, 'The score is what a path costs a latency-sensitive feed, in ms: its p99, plus twice its jitter, ' +
        'plus the time it hung per minute, plus 10 ms per 1 % of loss and 100 ms per 1 % of failed cycles. Lower is better. ',
        el('a', { href: '#score-formula', class: 'formula-link' }, 'The formula')),
      el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['#', 'path', 'score', 'p50 ms (95% CI)', 'p99 ms (95% CI)', 'jitter ms', 'hangs', 'loss', 'vs best', 'score in words']
          .map((h) => el('th', {}, h)))),
        el('tbody', {}, rows))));
  }

  document.addEventListener('click', (e) => {
    if (e.target.classList && e.target.classList.contains('formula-link')) {
      document.getElementById('score-formula').open = true;
    }
  });

  // ---- smoke charts ----------------------------------------------------------------------------------------

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

  // shades the windows in which the stream hung, each run labelled with its cause; marks windows whose p99 is
  // above the chart (the axis fits the p10–p90 smoke, so one slow echo does not flatten the path's jitter)
  function overlays(runs, p99) {
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
        draw: [(u) => {
          const ctx = u.ctx;
          const top = u.scales.y.max;
          const s = 4 * devicePixelRatio;
          ctx.save();
          ctx.fillStyle = '#c62828';
          for (let i = 0; i < p99.length; i++) {
            if (p99[i] != null && p99[i] > top) {
              const x = u.valToPos(u.data[0][i], 'x', true);
              const y = u.bbox.top;
              ctx.beginPath();
              ctx.moveTo(x - s, y + s * 1.6);
              ctx.lineTo(x + s, y + s * 1.6);
              ctx.lineTo(x, y);
              ctx.fill();
            }
          }
          ctx.restore();
        }],
      },
    };
  }

  const logScale = () => localStorage.getItem('pathwatch-log') === '1';

  // The axis of one path, never pinned to zero. Linear: its usual smoke (p10–p90) with a margin; a window far
  // outside it (a warm-up, a stall: beyond 20 typical spreads + 2 ms from the median window) is left out and
  // marked ▲ at the top, so one slow minute does not flatten the path's jitter. Log: everything, p99 included.
  function yRange(pts, log) {
    const mid = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
    const p10 = pts.map((p) => p.rttP10Ms).filter((v) => v != null);
    const p90 = pts.map((p) => p.rttP90Ms).filter((v) => v != null);
    const p99 = pts.map((p) => p.rttP99Ms).filter((v) => v != null);
    if (!p10.length || !p90.length) return [0.1, 1];
    if (log) {
      return [Math.max(Math.min(...p10) / 1.05, 1e-3), Math.max(...p90, ...p99) * 1.05];
    }
    const typical = Math.max(mid(p90) - mid(p10), 0.05);
    const far = 20 * typical + 2;
    const lo = Math.min(...p10.filter((v) => v >= mid(p10) - far));
    let hi = Math.max(...p90.filter((v) => v <= mid(p90) + far));
    const span = Math.max(hi - lo, hi * 0.002, 0.01);
    // p99 is shown in full where it stays near the smoke; beyond, it is marked ▲ instead
    for (const v of p99) {
      if (v <= hi + 2 * span) hi = Math.max(hi, v);
    }
    const pad = Math.max(hi - lo, span) * 0.12;
    return [Math.max(0, lo - pad), hi + pad];
  }

  status.yRange = yRange;

  // log axes tick at a few even steps of the range (uPlot's own ticks are decades, none of which fit a narrow path)
  const logSplits = (u) => {
    const { min, max } = u.scales.y;
    const out = [];
    for (let i = 0; i <= 4; i++) out.push(min * Math.pow(max / min, i / 4));
    return out;
  };

  // how tall the p10–p90 smoke stands once drawn (median over windows, CSS px), and how tall it would on an axis from 0
  function measure(name, pts, range, u) {
    const both = pts.filter((p) => p.rttP10Ms != null && p.rttP90Ms != null);
    const mid = (a) => (a.length ? a.sort((x, y) => x - y)[a.length >> 1] : null);
    const plotPx = u.bbox.height / devicePixelRatio;
    const c = status.charts[name];
    if (c) {
      c.smokePx = mid(both.map((p) => Math.abs(u.valToPos(p.rttP10Ms, 'y') - u.valToPos(p.rttP90Ms, 'y'))));
      c.smokePxFromZero = mid(both.map((p) => ((p.rttP90Ms - p.rttP10Ms) / (range[1] * 1.1)) * plotPx));
    }
  }

  function smokeChart(name, history, container, opts) {
    const t0 = performance.now();
    const pts = history.points;
    const xs = pts.map((p) => Date.parse(p.end) / 1000);
    const col = (k) => pts.map((p) => (p[k] == null ? null : p[k]));
    const p99 = col('rttP99Ms');
    const data = [xs, col('rttP10Ms'), col('rttP25Ms'), col('rttP50Ms'), col('rttP75Ms'), col('rttP90Ms'), p99];
    const runs = hangRuns(pts);
    const log = logScale();
    const range = yRange(pts, log);
    const width = Math.max(200, container.clientWidth - 4);
    if (charts[name]) {
      charts[name].destroy();
    }
    status.charts[name] = { points: xs.length, hangs: pts.filter((p) => p.hangs > 0).length, causes: runs.map((r) => r.cause),
      yMin: range[0], yMax: range[1], log, bands: 2, drawMs: null, smokePx: null, smokePxFromZero: null };
    const edge = { stroke: 'rgba(37, 99, 235, 0.35)', width: 0.5, points: { show: false } };
    const u = new uPlot({
      width, height: opts.height,
      plugins: [overlays(runs, p99), { hooks: { draw: [(u) => measure(name, pts, range, u)] } }],
      legend: { show: !!opts.legend },
      cursor: { points: { show: false } },
      scales: {
        x: { time: true },
        y: { distr: log ? 3 : 1, log: 10, range: () => range },
      },
      axes: [{}, Object.assign({ label: 'RTT ms' + (log ? ' (log)' : ''), size: 56, values: (u, vals) => vals.map((v) => ms(v)) },
        log ? { splits: logSplits } : {})],
      series: [{},
        Object.assign({ label: 'p10' }, edge), Object.assign({ label: 'p25' }, edge),
        { label: 'median', stroke: '#1a7f37', width: 1.6, points: { show: false } },
        Object.assign({ label: 'p75' }, edge), Object.assign({ label: 'p90' }, edge),
        { label: 'p99', stroke: '#c62828', width: 1, dash: [2, 3], points: { show: false } }],
      bands: [
        { series: [5, 1], fill: 'rgba(37, 99, 235, 0.14)' },
        { series: [4, 2], fill: 'rgba(37, 99, 235, 0.30)' },
      ],
    }, data, container);
    charts[name] = u;
    // the causes in words too (the canvas is not read by screen readers), latest hang last
    const caption = container.parentElement.querySelector('.hang-causes');
    if (caption) {
      caption.textContent = runs.length ? 'hangs: ' + runs.slice(-5).map((r) =>
        new Date(Date.parse(pts[r.from].start)).toLocaleTimeString() + ' ' + (r.cause || 'cause not known yet')).join(' · ') : '';
    }
    status.drawn++;
    status.charts[name].drawMs = performance.now() - t0;
  }

  // ---- alert timeline --------------------------------------------------------------------------------------

  const KIND_COLOUR = (i) => (i.kind === 'HANG' ? '#7c3aed' : i.state === 'DOWN' || (i.rules || []).some((r) => r.state === 'DOWN')
    ? '#c62828' : i.kind === 'AGENT' ? '#6b7280' : '#b35900');

  function incidentText(i) {
    const rules = (i.rules || []).map((r) => r.sentence || r.text).join('. ');
    const what = i.kind === 'HANG' ? `${i.hangs} hang${i.hangs === 1 ? '' : 's'}` + (i.causeSentence ? ': ' + i.causeSentence : '')
      : i.kind === 'AGENT' ? (i.detail || '') : (i.state || '') + (rules ? ': ' + rules : '');
    return `${clock(i.since)}–${i.open ? 'now' : clock(i.resolved)} ${i.kind} ${i.path || ''} ${what}`.replace(/\s+/g, ' ');
  }

  // one lane per path with incidents in the last hour, a bar per incident (open ones reach now)
  function timeline(box, incidents, maxLanes) {
    const now = Date.now();
    const from = now - HOUR_MS;
    const recent = incidents.filter((i) => i.open || Date.parse(i.resolved || i.updated) >= from);
    const lanes = [...new Set(recent.map((i) => i.path || 'agent'))];
    status.timeline = { incidents: recent.length, lanes: lanes.length };
    if (!recent.length) {
      box.replaceChildren(el('p', { class: 'muted' }, 'No alert in the last hour.'));
      return;
    }
    const shown = lanes.slice(0, maxLanes);
    const NS = 'http://www.w3.org/2000/svg';
    const svg = (tag, attrs) => {
      const e = document.createElementNS(NS, tag);
      Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
      return e;
    };
    const LANE = 18;
    const LABEL = 170;
    const W = 1000;
    const H = shown.length * LANE + 18;
    const x = (t) => LABEL + ((Math.max(t, from) - from) / HOUR_MS) * (W - LABEL - 4);
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': 'alerts of the last hour' });
    shown.forEach((lane, n) => {
      const y = n * LANE;
      const label = svg('text', { x: 0, y: y + 13, 'font-size': 11 });
      label.textContent = lane.length > 26 ? lane.slice(0, 25) + '…' : lane;
      chart.append(svg('line', { x1: LABEL, x2: W, y1: y + LANE - 1, y2: y + LANE - 1, stroke: '#eee' }), label);
      for (const i of recent.filter((i) => (i.path || 'agent') === lane)) {
        const x0 = x(Date.parse(i.since));
        const x1 = i.open ? x(now) : x(Date.parse(i.resolved));
        const bar = svg('rect', { x: x0, y: y + 3, width: Math.max(3, x1 - x0), height: LANE - 7, rx: 2, fill: KIND_COLOUR(i),
          'fill-opacity': i.open ? 0.9 : 0.55, 'data-incident': i.id });
        const title = svg('title', {});
        title.textContent = incidentText(i);
        bar.append(title);
        chart.append(bar);
      }
    });
    for (let m = 0; m <= 60; m += 15) {
      const t = svg('text', { x: x(from + m * 60000), y: H - 3, 'font-size': 10, fill: '#6b7280', 'text-anchor': m === 0 ? 'start' : m === 60 ? 'end' : 'middle' });
      t.textContent = m === 60 ? 'now' : clock(from + m * 60000);
      chart.append(t);
    }
    const open = recent.filter((i) => i.open);
    box.replaceChildren(chart,
      lanes.length > shown.length ? el('p', { class: 'muted' }, `and ${lanes.length - shown.length} more paths with alerts (see /api/alerts)`) : '',
      el('ul', { class: 'incidents' }, (open.length ? open : recent.slice(0, 5)).slice(0, 10).map((i) =>
        el('li', { class: i.open ? 'open' : '' }, incidentText(i)))));
  }

  // ---- lazy loading ----------------------------------------------------------------------------------------

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
    }), { rootMargin: '600px 0px' })
    : null;

  function lazy(element, loader) {
    loaders.set(element, loader);
    if (observer) {
      observer.observe(element);
    }
    return element;
  }

  function forget(element) {
    if (observer) {
      observer.unobserve(element);
    }
    loaders.delete(element);
    inView.delete(element);
  }

  /** Loads every lazy element in {@code elements} that is in view (all of them without IntersectionObserver). */
  async function loadVisible(elements) {
    for (const element of elements) {
      if (loaders.has(element) && !element.hidden && (!observer || inView.has(element))) {
        await loaders.get(element)();
      }
    }
  }

  // ---- overview --------------------------------------------------------------------------------------------

  // "us-east" matches names and tag values; "destination=feed" a tag; several words must all match
  function matches(p, filter) {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const tags = Object.entries(p.tags || {});
    return words.every((w) => {
      const eq = w.indexOf('=');
      if (eq > 0) {
        const [k, v] = [w.slice(0, eq), w.slice(eq + 1)];
        return tags.some(([tk, tv]) => tk.toLowerCase() === k && String(tv).toLowerCase().includes(v));
      }
      return p.name.toLowerCase().includes(w) || p.state.toLowerCase() === w || tags.some(([, tv]) => String(tv).toLowerCase().includes(w));
    });
  }

  function order(paths, by) {
    const p99 = (p) => (p.window.rttMs && p.window.rttMs.p99) || -1;
    const cmp = by === 'name' ? (a, b) => a.name.localeCompare(b.name)
      : by === 'p99' ? (a, b) => p99(b) - p99(a) || a.name.localeCompare(b.name)
        : (a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || a.name.localeCompare(b.name);
    return paths.slice().sort(cmp);
  }

  const rows = new Map();
  // the latest figures of rows off screen: their cards are rebuilt when they come into view, not on every refresh
  const pending = new Map();
  let lastPaths = [];

  function row(p) {
    let r = rows.get(p.name);
    if (r) {
      const holder = r.querySelector('[data-chart]');
      if (observer && !inView.has(holder)) {
        pending.set(p.name, p);
        return r;
      }
    } else {
      const holder = el('div', { class: 'chart', 'data-chart': p.name }, el('div', { class: 'plot' }, el('p', { class: 'muted' }, 'chart loads when in view')),
        el('p', { class: 'hang-causes muted' }));
      r = el('div', { class: 'row', 'data-row': p.name }, el('div', { class: 'card-slot' }), holder);
      lazy(holder, async () => {
        const latest = pending.get(p.name);
        if (latest) {
          pending.delete(p.name);
          r.querySelector('.card-slot').replaceChildren(card(latest));
        }
        const h = await get('/api/paths/' + encodeURIComponent(p.name) + '/history?minutes=60');
        holder.querySelector('.plot').replaceChildren();
        smokeChart(p.name, h, holder.querySelector('.plot'), { height: 170 });
      });
      rows.set(p.name, r);
    }
    pending.delete(p.name);
    r.querySelector('.card-slot').replaceChildren(card(p));
    return r;
  }

  // filter and sort move the rows that exist; charts out of view or filtered out are not drawn
  function arrange() {
    const t0 = performance.now();
    const filter = document.getElementById('filter').value;
    const by = document.getElementById('sort').value;
    const shown = order(lastPaths.filter((p) => matches(p, filter)), by);
    const keep = new Set(shown.map((p) => p.name));
    const box = document.getElementById('paths');
    for (const [name, r] of rows) {
      const hidden = !keep.has(name);
      r.hidden = hidden;
      r.querySelector('[data-chart]').hidden = hidden;
    }
    box.append(...shown.map((p) => rows.get(p.name)));
    document.getElementById('none').hidden = shown.length > 0 || lastPaths.length === 0;
    const byState = {};
    lastPaths.forEach((p) => { byState[p.state] = (byState[p.state] || 0) + 1; });
    document.getElementById('counts').textContent = `showing ${shown.length} of ${lastPaths.length}: ` +
      Object.keys(STATE_ORDER).filter((s) => byState[s]).map((s) => `${byState[s]} ${s}`).join(', ');
    status.shown = shown.map((p) => p.name);
    // groups of the ranking follow the filter too: a group is shown when one of its paths is
    document.querySelectorAll('#compare [data-destination]').forEach((g) => {
      const members = (g.getAttribute('data-members') || '').split('\n');
      g.hidden = !members.some((m) => keep.has(m));
    });
    status.timing.arrangeMs = performance.now() - t0;
  }

  async function refreshOverview() {
    const t0 = performance.now();
    const [paths, incidents] = await Promise.all([get('/api/paths'), get('/api/alerts?state=all').catch(() => [])]);
    status.timing.fetchMs = performance.now() - t0;
    lastPaths = paths;
    status.paths = paths.map((p) => ({ name: p.name, state: p.state }));
    document.getElementById('agent').textContent = paths.length + ' path(s)';
    const names = new Set(paths.map((p) => p.name));
    for (const [name, r] of rows) {
      if (!names.has(name)) {
        forget(r.querySelector('[data-chart]'));
        // a chart keeps its listeners until destroyed: with discovery churn they would pile up for the page's lifetime
        if (charts[name]) {
          charts[name].destroy();
          delete charts[name];
        }
        delete status.charts[name];
        r.remove();
        rows.delete(name);
        pending.delete(name);
      }
    }
    paths.forEach(row);
    timeline(document.getElementById('timeline'), incidents, 12);

    const destinations = [...new Set(paths.map((p) => p.tags && p.tags.destination).filter(Boolean))];
    const groups = destinations.length
      ? destinations.map((d) => [d, 'Best path to destination ' + d, '/api/compare?window=15m&destination=' + encodeURIComponent(d),
        paths.filter((p) => p.tags && p.tags.destination === d).map((p) => p.name)])
      : paths.length > 1 && paths.length <= COMPARE_ALL_UP_TO
        ? [['all paths', 'Best of all paths', '/api/compare?window=15m&paths=' + paths.map((p) => encodeURIComponent(p.name)).join(','),
          paths.map((p) => p.name)]] : [];
    const compare = document.getElementById('compare');
    const wanted = new Set(groups.map(([d]) => d));
    [...compare.children].filter((c) => !wanted.has(c.getAttribute('data-destination'))).forEach((c) => {
      forget(c);
      c.remove();
    });
    for (const [d, heading, url, members] of groups) {
      let holder = compare.querySelector(`[data-destination="${CSS.escape(d)}"]`);
      if (!holder) {
        holder = el('div', { 'data-destination': d }, el('h3', {}, heading), el('div', { class: 'ranking muted' }, 'loading…'));
        compare.append(lazy(holder, async () => {
          holder.querySelector('.ranking').replaceChildren(compareTable(await get(url)));
          holder.querySelector('.ranking').classList.remove('muted');
        }));
      }
      holder.setAttribute('data-members', members.join('\n'));
    }
    arrange();
    status.timing.renderMs = performance.now() - t0;
    await loadVisible(compare.children);
    await loadVisible([...rows.values()].map((r) => r.querySelector('[data-chart]')));
    status.timing.refreshMs = performance.now() - t0;
    status.timing.refreshes = (status.timing.refreshes || 0) + 1;
  }

  // ---- one path --------------------------------------------------------------------------------------------

  const WINDOWS = ['1m', '5m', '15m', '1h'];

  function windowsTable(views) {
    const d = (k) => (v) => v.window[k];
    const rowsDef = [
      ['cycles', (v) => v.window.cycles],
      ...['p10', 'p25', 'p50', 'p75', 'p90', 'p99', 'max'].map((q) => [`RTT ${q} ms`, (v) => ms(v.window.rttMs && v.window.rttMs[q])]),
      ['connect p50 ms', (v) => ms(v.window.connectMs && v.window.connectMs.p50)],
      ['TLS p50 ms', (v) => ms(v.window.tlsMs && v.window.tlsMs.p50)],
      ['kernel RTT p50 ms', (v) => ms(v.window.kernelRttMs && v.window.kernelRttMs.p50)],
      ['jitter ms', (v) => ms(d('jitterMs')(v))],
      ['spread (p99 − p50) ms', (v) => ms(d('spreadMs')(v))],
      ['loss', (v) => pct(d('lossRatio')(v))],
      ['late echoes', (v) => v.window.late],
      // a connect-mode path has no stream: its hangs are null, not 0
      ['hangs', (v) => v.window.hangs ? v.window.hangs.count : 'not measured'],
      ['longest hang ms', (v) => v.window.hangs ? ms(v.window.hangs.longestMs) : '–'],
      ['time hung ms', (v) => v.window.hangs ? ms(v.window.hangs.totalMs) : '–'],
      ['errors', (v) => Object.entries(v.window.errors || {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || '0'],
      ['one-way forward ms', (v) => ms(v.window.oneWay && v.window.oneWay.forwardMs)],
      ['one-way reverse ms', (v) => ms(v.window.oneWay && v.window.oneWay.reverseMs)],
      ['clock error ± ms', (v) => ms(v.window.oneWay && v.window.oneWay.clockErrorMs)],
      ['prober lag p99 ms', (v) => ms(v.window.measurement && v.window.measurement.selfLagP99Ms)],
    ];
    return el('div', { class: 'table-wrap' }, el('table', { class: 'windows' },
      el('thead', {}, el('tr', {}, el('th', {}, 'figure'), WINDOWS.map((w) => el('th', {}, 'last ' + w)))),
      el('tbody', {}, rowsDef.map(([label, f]) => el('tr', { 'data-figure': label }, el('td', {}, label), views.map((v) => el('td', {}, f(v))))))));
  }

  function baselineTable(baseline) {
    const entries = Object.entries(baseline || {});
    if (!entries.length) {
      return el('p', { class: 'muted' }, 'No rule of this path follows a baseline.');
    }
    return el('div', { class: 'table-wrap' }, el('table', { class: 'baseline' },
      el('thead', {}, el('tr', {}, ['figure', 'baseline', 'windows learned', 'held back'].map((h) => el('th', {}, h)))),
      el('tbody', {}, entries.map(([f, b]) => el('tr', { 'data-baseline': f }, el('td', {}, f),
        el('td', {}, b.value == null ? 'learning' : b.unit === 'ms' ? ms(b.value) + ' ms' : b.unit === 'ratio' ? pct(b.value) : b.value),
        el('td', {}, b.windows), el('td', {}, b.held))))));
  }

  function oneWay(v) {
    const o = v.window.oneWay;
    if (!o || o.forwardMs == null) {
      return el('p', { class: 'muted one-way' }, 'No one-way split yet: it needs timestamps from a pathwatch responder at the far end.');
    }
    const total = o.forwardMs + o.reverseMs;
    const fwd = total > 0 ? (o.forwardMs / total) * 100 : 50;
    return el('div', { class: 'one-way' },
      el('div', { class: 'split' }, el('span', { class: 'fwd', style: `width:${fwd.toFixed(1)}%` }, `→ ${ms(o.forwardMs)} ms`),
        el('span', { class: 'rev', style: `width:${(100 - fwd).toFixed(1)}%` }, `← ${ms(o.reverseMs)} ms`)),
      el('p', { class: 'muted' }, `Forward (prober → responder) and reverse, last 15 minutes; each carries the offset between the two clocks ` +
        `(clock error ± ${ms(o.clockErrorMs)} ms), the RTT does not.`));
  }

  async function refreshPath() {
    const t0 = performance.now();
    const name = single;
    const box = document.getElementById('path-page');
    const q = (w) => get('/api/paths/' + encodeURIComponent(name) + '?window=' + w);
    const [views, history, incidents] = await Promise.all([Promise.all(WINDOWS.map(q)),
      get('/api/paths/' + encodeURIComponent(name) + '/history?minutes=60'),
      get('/api/alerts?state=all&path=' + encodeURIComponent(name)).catch(() => [])]);
    const p = views[0];
    document.title = name + ' — pathwatch';
    document.getElementById('agent').textContent = p.target;
    if (!box.firstChild) {
      box.append(
        el('p', {}, el('a', { href: '/' }, '← all paths')),
        el('h2', { class: 'path-title' }),
        el('p', { class: 'path-sentence' }),
        el('section', {}, el('h2', {}, 'Last hour ', el('span', { class: 'muted' }, '(smoke chart: p10–p90, p25–p75, median, p99; hangs shaded)')),
          el('label', {}, el('input', { id: 'log', type: 'checkbox' }), ' log scale'),
          el('div', { class: 'chart big', 'data-chart': name }, el('div', { class: 'plot' }), el('p', { class: 'hang-causes muted' }))),
        el('section', {}, el('h2', {}, 'Windows'), el('div', { class: 'windows-box' })),
        el('section', {}, el('h2', {}, 'One-way split'), el('div', { class: 'one-way-box' })),
        el('section', {}, el('h2', {}, 'Baseline ', el('span', { class: 'muted' }, '(what the rules compare this path with)')), el('div', { class: 'baseline-box' })),
        el('section', {}, el('h2', {}, 'Alerts'), el('div', { class: 'timeline' }), el('div', { class: 'alert-list' })));
      wireLog(box.querySelector('#log'));
    }
    box.querySelector('.path-title').replaceChildren(el('span', {}, name + ' '), el('span', { class: 'state ' + p.state, 'data-state': p.state }, p.state),
      el('span', { class: 'muted' }, ' ' + p.target + ' ' + Object.entries(p.tags || {}).map(([k, v]) => `${k}=${v}`).join(' ')));
    box.querySelector('.path-sentence').textContent = why(p);
    box.querySelector('.path-sentence').title = (p.reasons || []).join('\n');
    smokeChart(name, history, box.querySelector('[data-chart] .plot'), { height: 300, legend: true });
    box.querySelector('.windows-box').replaceChildren(windowsTable(views));
    box.querySelector('.one-way-box').replaceChildren(oneWay(views[2]));
    box.querySelector('.baseline-box').replaceChildren(baselineTable(p.baseline));
    timeline(box.querySelector('.timeline'), incidents, 1);
    box.querySelector('.alert-list').replaceChildren(incidents.length
      ? el('ul', { class: 'incidents' }, incidents.slice(0, 20).map((i) => el('li', { class: i.open ? 'open' : '', 'data-incident': i.id }, incidentText(i))))
      : el('p', { class: 'muted' }, 'No alert for this path.'));
    status.pathPage = { name, windows: views.map((v) => v.window.seconds), baseline: Object.keys(p.baseline || {}).length, alerts: incidents.length,
      oneWay: !!(views[2].window.oneWay && views[2].window.oneWay.forwardMs != null) };
    status.timing.refreshMs = performance.now() - t0;
  }

  // ---- wiring ----------------------------------------------------------------------------------------------

  function redrawCharts() {
    if (single) {
      refresh();
    } else {
      // charts drawn so far are drawn again when next in view
      inView.clear();
      if (observer) {
        rows.forEach((r) => { const c = r.querySelector('[data-chart]'); observer.unobserve(c); observer.observe(c); });
      }
    }
  }

  function wireLog(box) {
    box.checked = logScale();
    box.addEventListener('change', () => {
      localStorage.setItem('pathwatch-log', box.checked ? '1' : '0');
      redrawCharts();
    });
  }

  async function refresh() {
    try {
      await (single ? refreshPath() : refreshOverview());
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      if (!status.rendered) {
        status.timing.firstRenderedAt = performance.now();
      }
      status.rendered = true;
      status.error = null;
    } catch (e) {
      status.error = String(e);
      document.getElementById('updated').textContent = 'update failed: ' + e.message;
    }
  }

  if (single) {
    document.getElementById('overview').hidden = true;
    document.getElementById('path-page').hidden = false;
  } else {
    let typing = null;
    document.getElementById('filter').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(arrange, 120);
    });
    document.getElementById('sort').addEventListener('change', arrange);
    wireLog(document.getElementById('log'));
  }

  // charts follow the page's width (a phone turned, a window resized)
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      document.querySelectorAll('[data-chart]').forEach((holder) => {
        const u = charts[holder.getAttribute('data-chart')];
        if (u) {
          u.setSize({ width: Math.max(200, holder.querySelector('.plot').clientWidth - 4), height: u.height });
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
