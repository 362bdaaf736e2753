/* Draws each chart's Plotly figure over its static SVG: hover, legend and the mode bar's
   "download as PNG". Without JavaScript, in print and in the PDF the SVG stays. */
(function () {
  'use strict';
  if (!window.Plotly) { return; }
  var language = document.documentElement.lang || 'en';
  var words = document.getElementById('chart-words');
  var locales = {};
  locales[language] = {dictionary: words ? JSON.parse(words.textContent) : {}};
  document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
    var source = figure.querySelector('script.chart-data');
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var live = document.createElement('div');
    live.className = spec.layout && spec.layout.height ? 'chart-live sized' : 'chart-live';
    // Plotly places its SVG text for a left-to-right page; on an Arabic page the figure is
    // mirrored by its own layout (web/charts.py) and each label still reads right to left.
    live.dir = 'ltr';
    figure.insertBefore(live, figure.firstChild);
    var layout = spec.layout || {};
    layout.autosize = true;
    window.Plotly.newPlot(live, spec.data, layout, {
      responsive: true,
      displaylogo: false,
      showLink: false,
      showSendToCloud: false,
      showEditInChartStudio: false,
      locale: language,
      locales: locales,
      modeBarButtonsToRemove: ['select2d', 'lasso2d'],
      toImageButtonOptions: {format: 'png', filename: spec.filename || 'chart', scale: 2}
    }).then(function () { figure.classList.add('is-live'); });
  });
}());
