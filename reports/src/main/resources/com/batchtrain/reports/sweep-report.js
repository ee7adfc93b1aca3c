(function () {
  'use strict';
  // Everything from the data is put into the page with textContent, never as HTML: trial failure
  // reasons and hyperparameter values are arbitrary text.
  var data = JSON.parse(document.getElementById('sweep-data').textContent);
  var objective = data.objective;
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'className') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function num(v) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) { return '\u2014'; }
    if (Math.abs(v) >= 1000) { return Math.round(v).toLocaleString('en-US'); }
    if (v !== 0 && Math.abs(v) < 1e-3) { return v.toExponential(2); }
    return String(Number(v.toPrecision(4)));
  }

  function duration(seconds) {
    var s = Math.round(seconds);
    if (s < 60) { return s + ' s'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + ' min ' + (s % 60) + ' s'; }
    var h = Math.floor(m / 60);
    return h + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }

  function money(v) {
    if (v === null || v === undefined) { return '\u2014'; }
    // Cents hide what a short sweep costs: below 10 cents, two significant digits (as the CLI prints it).
    return '$' + (v >= 0.1 || v === 0 ? v.toFixed(2) : Number(v.toPrecision(2)).toString());
  }

  function hyperText(v) {
    if (v === null || v === undefined) { return '\u2014'; }
    if (typeof v === 'number') { return num(v); }
    if (typeof v === 'string') { return v; }
    return JSON.stringify(v);
  }

  function stateBadge(state) { return el('span', { className: 'state state-' + state, text: state }); }

  // Header and summary cards.
  document.getElementById('title').textContent = 'Sweep ' + data.sweepId;
  document.getElementById('subtitle').textContent = 'Objective: ' + objective.goal + ' ' + objective.metric
    + ' \u00b7 ' + data.totals.trials + ' trials \u00b7 generated ' + data.generatedAt;
  Array.prototype.forEach.call(document.querySelectorAll('.objective-name'), function (n) { n.textContent = objective.metric; });

  var byId = {};
  data.trials.forEach(function (t) { byId[t.trialId] = t; });

  function card(label, value, note, id) {
    var c = el('div', { className: 'card', id: id }, [el('div', { className: 'label', text: label }), el('div', { className: 'value', text: value })]);
    if (note) { c.appendChild(el('div', { className: 'note', text: note })); }
    return c;
  }
  var summary = document.getElementById('summary');
  var best = data.bestTrialId ? byId[data.bestTrialId] : null;
  summary.appendChild(card('best ' + objective.metric, best ? num(best.metrics[objective.metric]) : '\u2014',
    best ? 'trial ' + best.trialId : 'no succeeded trial yet', 'card-best'));
  summary.appendChild(card('trials', String(data.totals.trials), null, 'card-trials'));
  Object.keys(data.totals.byState).forEach(function (state) {
    summary.appendChild(card(state.toLowerCase(), String(data.totals.byState[state]), null, 'card-state-' + state));
  });
  summary.appendChild(card('compute time', duration(data.totals.computeSeconds), 'sum over all trials', 'card-compute'));
  summary.appendChild(costCard(data.cost, data.totals));

  // The sweep's recorded usage when the backend's records give it (every job and attempt); else the trials' own costs.
  function costCard(cost, totals) {
    if (cost === null) {
      var known = totals.costKnownTrials === totals.trials ? 'all trials'
        : 'known for ' + totals.costKnownTrials + ' of ' + totals.trials + ' trials';
      return card('cost', totals.costUsd === null ? 'unknown' : money(totals.costUsd), known, 'card-cost');
    }
    if (cost.unknown !== null) { return card('cost', 'unknown', cost.unknown, 'card-cost'); }
    var lost = (100 * cost.lostShare).toFixed(1) + ' % lost to retries (' + cost.lostAttempts + ' of ' + cost.attempts
      + ' attempts)';
    if (!cost.billed) {
      return card('cost', 'not billed', duration(cost.hours * 3600) + ' on this machine \u00b7 ' + lost, 'card-cost');
    }
    var usage = hoursText(cost.instanceHours).replace(' h', ' instance-hours')
      + (cost.gpuHours > 0 ? ' \u00b7 ' + hoursText(cost.gpuHours).replace(' h', ' GPU-hours') : '');
    return card('cost', (cost.exact ? '' : 'at most ') + money(cost.dollars), usage + ' \u00b7 ' + lost + ' \u00b7 '
      + cost.pricing, 'card-cost');
  }

  function hoursText(h) { return (h >= 10 ? h.toFixed(1) : h >= 0.01 ? h.toFixed(2) : h.toFixed(4)) + ' h'; }

  // Leaderboard: one column per fact, each with a sort key; missing values always sort last.
  var columns = [
    { name: 'rank', key: function (t) { return t.rank; }, show: function (t) { return t.rank === null ? '\u2014' : String(t.rank); }, numeric: true },
    { name: 'trial', key: function (t) { return t.trialId; }, show: function (t) { return t.trialId; } },
    { name: 'state', key: function (t) { return t.state; }, cell: function (t) { return stateBadge(t.state); } },
    { name: 'epochs', numeric: true, key: function (t) { return t.epochs; }, show: function (t) { return String(t.epochs); } }
  ];
  var metricNames = [objective.metric].concat(data.metricNames.filter(function (m) { return m !== objective.metric; }));
  metricNames.forEach(function (m) {
    columns.push({ name: m, numeric: true, objective: m === objective.metric,
      key: function (t) { var v = t.metrics[m]; return typeof v === 'number' ? v : null; },
      show: function (t) { return num(t.metrics[m]); } });
  });
  data.hyperparameterNames.forEach(function (h) {
    columns.push({ name: h, numeric: data.trials.every(function (t) { var v = t.hyperparameters[h]; return v === undefined || v === null || typeof v === 'number'; }),
      key: function (t) { var v = t.hyperparameters[h]; return v === undefined || v === null ? null : (typeof v === 'number' ? v : hyperText(v)); },
      show: function (t) { return hyperText(t.hyperparameters[h]); } });
  });
  columns.push({ name: 'compute', numeric: true, key: function (t) { return t.computeSeconds; }, show: function (t) { return duration(t.computeSeconds); } });
  columns.push({ name: 'cost', numeric: true, key: function (t) { return t.costUsd; }, show: function (t) { return money(t.costUsd); } });

  var table = document.getElementById('leaderboard');
  var headRow = el('tr');
  columns.forEach(function (c, i) {
    var th = el('th', { scope: 'col', 'data-column': c.name, className: (c.numeric ? 'num' : '') + (c.objective ? ' objective' : ''), text: c.name });
    if (i === 0) { th.setAttribute('aria-sort', 'ascending'); }
    th.addEventListener('click', function () { sortBy(i); });
    headRow.appendChild(th);
  });
  table.tHead.appendChild(headRow);

  var order = data.trials.slice();
  var sortState = { column: 0, ascending: true };

  function compare(a, b, column, ascending) {
    var ka = column.key(a);
    var kb = column.key(b);
    if (ka === null && kb === null) { return 0; }
    if (ka === null) { return 1; }
    if (kb === null) { return -1; }
    var r = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb), 'en', { numeric: true });
    return ascending ? r : -r;
  }

  function sortBy(index) {
    var ascending = sortState.column === index ? !sortState.ascending : true;
    // The objective column starts at its best end, like the ranking.
    if (sortState.column !== index && columns[index].objective) { ascending = objective.goal === 'minimize'; }
    sortState = { column: index, ascending: ascending };
    order = data.trials.slice().sort(function (a, b) {
      return compare(a, b, columns[index], ascending) || a.trialId.localeCompare(b.trialId);
    });
    Array.prototype.forEach.call(headRow.children, function (th, i) {
      if (i === index) { th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending'); } else { th.removeAttribute('aria-sort'); }
    });
    renderRows();
  }

  function renderRows() {
    var body = table.tBodies[0];
    while (body.firstChild) { body.removeChild(body.firstChild); }
    order.forEach(function (t) {
      var tr = el('tr', { 'data-trial-id': t.trialId, className: t.trialId === data.bestTrialId ? 'best' : '' });
      columns.forEach(function (c) {
        var td = el('td', { className: (c.numeric ? 'num' : '') + (c.objective ? ' objective' : '') });
        if (c.cell) { td.appendChild(c.cell(t)); } else { td.textContent = c.show(t); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  renderRows();

  // Hyperparameters against the objective: numeric ones on a linear or (when they span two or more
  // decades) log axis, anything else (strings, lists such as hidden_units) as categories.
  var grid = document.getElementById('hyperparameter-charts');
  var scored = data.trials.filter(function (t) { return typeof t.metrics[objective.metric] === 'number'; });
  if (scored.length === 0 || data.hyperparameterNames.length === 0) {
    grid.appendChild(el('p', { className: 'empty', text: 'No trial has reported ' + objective.metric + ' yet.' }));
  }
  data.hyperparameterNames.forEach(function (h, index) {
    if (scored.length === 0) { return; }
    var present = scored.filter(function (t) { return t.hyperparameters[h] !== undefined && t.hyperparameters[h] !== null; });
    if (present.length === 0) { return; }
    var numeric = present.every(function (t) { return typeof t.hyperparameters[h] === 'number'; });
    var xs = present.map(function (t) { return numeric ? t.hyperparameters[h] : hyperText(t.hyperparameters[h]); });
    var xScale = { title: { display: true, text: h } };
    if (numeric) {
      var min = Math.min.apply(null, xs);
      var max = Math.max.apply(null, xs);
      xScale.type = min > 0 && max / min >= 100 ? 'logarithmic' : 'linear';
    } else {
      xScale.type = 'category';
      xScale.labels = xs.filter(function (v, i) { return xs.indexOf(v) === i; }).sort(function (a, b) { return a.localeCompare(b, 'en', { numeric: true }); });
      xScale.offset = true;
    }
    var points = present.map(function (t, i) { return { x: xs[i], y: t.metrics[objective.metric], trialId: t.trialId }; });
    var canvas = el('canvas', { id: 'hp-chart-' + index, 'data-hyperparameter': h, 'aria-label': h + ' vs ' + objective.metric });
    grid.appendChild(el('div', { className: 'chart-box' }, [canvas]));
    new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [{ label: h, data: points,
        pointRadius: points.map(function (p) { return p.trialId === data.bestTrialId ? 7 : 4; }),
        pointBackgroundColor: points.map(function (p) { return p.trialId === data.bestTrialId ? '#d62728' : 'rgba(31,119,180,0.7)'; }),
        pointBorderColor: points.map(function (p) { return p.trialId === data.bestTrialId ? '#d62728' : '#1f77b4'; }) }] },
      options: { animation: false, maintainAspectRatio: false,
        scales: { x: xScale, y: { title: { display: true, text: objective.metric } } },
        plugins: { legend: { display: false }, title: { display: true, text: h + ' vs ' + objective.metric },
          tooltip: { callbacks: { label: function (ctx) { var p = ctx.raw; return p.trialId + ': ' + h + ' = ' + (numeric ? num(p.x) : p.x) + ', ' + objective.metric + ' = ' + num(p.y); } } } } }
    });
  });

  // The best trials' objective per epoch, overlaid; each selected checkpoint is the larger point.
  var hint = document.getElementById('learning-curves-hint');
  var curves = data.bestTrialIds.map(function (id) { return byId[id]; }).filter(function (t) {
    return t.history.metrics[objective.metric] !== undefined;
  });
  hint.textContent = curves.length === 0 ? 'No per-epoch ' + objective.metric + ' has been reported by a ranked trial.'
    : objective.metric + ' per epoch for the ' + curves.length + ' best trial' + (curves.length === 1 ? '' : 's') + '; the larger point marks each selected checkpoint.';
  if (curves.length > 0) {
    new Chart(document.getElementById('learning-curves'), {
      type: 'line',
      data: { datasets: curves.map(function (t, i) {
        var values = t.history.metrics[objective.metric];
        var points = t.history.epochs.map(function (e, j) { return { x: e, y: values[j] }; }).filter(function (p) { return p.y !== null; });
        return { label: t.trialId + ' (#' + t.rank + ', ' + num(t.metrics[objective.metric]) + ')', data: points,
          borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], tension: 0.15,
          pointRadius: points.map(function (p) { return p.x === t.history.selectedEpoch ? 6 : 2; }) };
      }) },
      options: { animation: false, maintainAspectRatio: false, parsing: true,
        scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } }, y: { title: { display: true, text: objective.metric } } },
        plugins: { legend: { position: 'right' } } }
    });
  } else {
    document.getElementById('learning-curves').parentNode.style.display = 'none';
  }

  // Failures with their reasons.
  var failed = data.trials.filter(function (t) { return t.state === 'FAILED'; });
  var failureBody = document.getElementById('failures').tBodies[0];
  if (failed.length === 0) {
    document.getElementById('failures-section').appendChild(el('p', { className: 'empty', text: 'No trial failed.' }));
    document.getElementById('failures').style.display = 'none';
  }
  failed.forEach(function (t) {
    failureBody.appendChild(el('tr', { 'data-trial-id': t.trialId }, [
      el('td', { text: t.trialId }),
      el('td', { className: 'reason', text: t.failureReason === null ? 'no reason reported' : t.failureReason }),
      el('td', { text: Object.keys(t.hyperparameters).map(function (k) { return k + '=' + hyperText(t.hyperparameters[k]); }).join(', ') }),
      el('td', { className: 'num', text: duration(t.computeSeconds) })]));
  });
  document.body.setAttribute('data-rendered', 'true');
})();
