/* Dashboard charts (Chart.js from /vendor/chart.js). Data comes from the page's JSON block, so
   there is no inline script (CSP). Each chart also has a table beside it for screen readers. */
(function () {
  'use strict';
  var block = document.getElementById('report-chart-data');
  if (!block || typeof window.Chart === 'undefined') return;
  var data = JSON.parse(block.textContent || '{}');
  var Chart = window.Chart;
  var colours = ['#6b7280', '#c55a11', '#2e75b6', '#3a7d22', '#b3261e'];
  var moduleColours = ['#1f4e79', '#c55a11', '#3a7d22'];
  var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = reduced ? false : Chart.defaults.animation;
  Chart.defaults.maintainAspectRatio = false;
  window.reportCharts = [];

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) window.reportCharts.push(new Chart(canvas, config));
  }

  // Share of each state per module, as 100 % stacked bars.
  make('chart-share', {
    type: 'bar',
    data: {
      labels: data.modules,
      datasets: data.statuses.map(function (label, s) {
        return {
          label: label,
          backgroundColor: colours[s],
          data: data.share.map(function (counts) {
            var total = counts.reduce(function (a, b) {
              return a + b;
            }, 0);
            return total ? Math.round((counts[s] / total) * 1000) / 10 : 0;
          }),
        };
      }),
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: {
          stacked: true,
          max: 100,
          ticks: {
            callback: function (v) {
              return v + ' %';
            },
          },
        },
        y: { stacked: true },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: function (c) {
              return c.dataset.label + ': ' + c.raw + ' %';
            },
          },
        },
      },
    },
  });

  make('chart-weekly', {
    type: 'line',
    data: {
      labels: data.weeks.map(function (w) {
        var p = w.week.split('-');
        return p[2] + '.' + p[1] + '.';
      }),
      datasets: data.modules.map(function (title, m) {
        return {
          label: title,
          borderColor: moduleColours[m],
          backgroundColor: moduleColours[m],
          cubicInterpolationMode: 'monotone',
          data: data.weeks.map(function (w) {
            return w.counts[m];
          }),
        };
      }),
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  });

  make('chart-scores', {
    type: 'bar',
    data: {
      labels: data.scores.map(function (_, i) {
        return i * 10 + '–' + (i === 9 ? 100 : i * 10 + 9);
      }),
      datasets: [{ label: data.labels.countAxis, backgroundColor: '#2e75b6', data: data.scores }],
    },
    options: {
      scales: {
        x: { title: { display: true, text: data.labels.scoresAxis + ' (%)' } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: false } },
    },
  });
})();
