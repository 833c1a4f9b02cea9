/* The governors' pages: what every page does once plotly.js (loaded with defer) is there.
   Each chart draws itself (its own small script); this file only fits the charts to the
   printed page and back. Nothing here fetches anything. */
(function () {
  'use strict';
  /* On paper a chart is smaller than on screen, in smaller type (two to a row in a grid of
     charts), and its
     numbers are written on it: the bars carry theirs already, the lines get them at each
     point. Its table (the same numbers) is then left off the paper by the stylesheet. */
  var PRINT_SCALE = 0.62;
  var PRINT_SCALE_IN_GRID = 0.6;
  var PRINT_SCALE_HORIZONTAL = 0.65;  /* with the smaller type below, each label still fits */
  var PRINT_FONT = 10;
  var PRINT_FONT_HORIZONTAL = 9;
  var PRINT_WIDTH = 700;
  function lines(d) {
    return d.data.map(function (t, i) { return t.type === 'scatter' ? i : -1; })
      .filter(function (i) { return i >= 0; });
  }
  function label(d, on) {
    var traces = lines(d);
    if (!traces.length) { return; }
    /* %{y} is written as the axis writes its ticks, with their suffix (such as %) */
    window.Plotly.restyle(d, on ? {mode: 'lines+markers+text', texttemplate: '%{y}',
                                   textposition: 'top center', textfont: {size: 10}, cliponaxis: false}
                                : {mode: 'lines+markers', texttemplate: null}, traces);
  }
  function charts() {
    return Array.prototype.filter.call(document.querySelectorAll('.plotly-graph-div'),
      function (d) { return d.data && d.layout; });
  }
  /* measured: the print layout is already in force (printing to PDF), so each chart takes
     its box's width; otherwise (the browser's print dialog, which fires beforeprint while the
     screen layout is still in force) the width the stylesheet gives the chart on A4 in its
     --print-width property. A chart's --print-scale and --print-font, when the stylesheet sets
     them, are its printed height as a share of its height on screen and its type size. Returns a promise that settles when
     every chart is redrawn. */
  function fitForPrint(measured) {
    if (!window.Plotly) { return Promise.resolve(); }
    return Promise.all(charts().map(function (d) {
      if (!d.dataset.screenHeight) { d.dataset.screenHeight = String(parseInt(d.style.height, 10) || 300); }
      var grid = d.closest('.chart-grid');
      var horizontal = d.data.some(function (t) { return t.orientation === 'h'; });
      var style = window.getComputedStyle(d);
      var scale = parseFloat(style.getPropertyValue('--print-scale')) ||
        (horizontal ? PRINT_SCALE_HORIZONTAL : (grid ? PRINT_SCALE_IN_GRID : PRINT_SCALE));
      var height = Math.round(Number(d.dataset.screenHeight) * scale);
      var width = parseInt(style.getPropertyValue('--print-width'), 10) || PRINT_WIDTH;
      d.style.height = height + 'px';
      label(d, true);
      if (measured) {
        width = d.clientWidth;
      }
      var font = parseFloat(style.getPropertyValue('--print-font')) ||
        (horizontal ? PRINT_FONT_HORIZONTAL : PRINT_FONT);
      var update = {height: height, width: width, autosize: false, 'font.size': font};
      if (lines(d).length) {  /* room above the top point for its number */
        if (!d.dataset.screenMarginTop) { d.dataset.screenMarginTop = String(d._fullLayout.margin.t); }
        update['margin.t'] = Math.max(Number(d.dataset.screenMarginTop), 24);
      }
      return window.Plotly.relayout(d, update);
    }));
  }
  function fitForScreen() {
    if (!window.Plotly) { return; }
    charts().forEach(function (d) {
      if (!d.dataset.screenHeight) { return; }
      var height = Number(d.dataset.screenHeight);
      d.style.height = height + 'px';
      label(d, false);
      var update = {height: height, width: null, autosize: true, 'font.size': 13};
      if (d.dataset.screenMarginTop) { update['margin.t'] = Number(d.dataset.screenMarginTop); }
      window.Plotly.relayout(d, update);
    });
  }
  /* On screen the charts follow the window (not while printing: see CONFIG in charts.py). */
  var printing = false;
  var pending = null;
  function fitToWindow() {
    pending = null;
    if (printing || !window.Plotly || window.matchMedia('print').matches) { return; }
    charts().forEach(function (d) { window.Plotly.Plots.resize(d); });
  }
  window.addEventListener('resize', function () {
    if (pending === null) { pending = window.setTimeout(fitToWindow, 150); }
  });
  window.stockhamFitCharts = function (measured) { printing = true; return fitForPrint(measured); };
  window.addEventListener('beforeprint', function () { printing = true; fitForPrint(false); });
  window.addEventListener('afterprint', function () { printing = false; fitForScreen(); });
  /* Once the layout is final, fit each chart to its box. */
  window.addEventListener('load', function () {
    if (!window.Plotly) { return; }
    charts().forEach(function (d) { window.Plotly.Plots.resize(d); });
  });
})();
