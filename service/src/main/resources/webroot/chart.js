// Small SVG time-series charts for the status page: no library, so nothing to download or build.
// draw(svg, spec) redraws one chart from scratch; at one point a second for five minutes that is a
// few hundred path commands, cheaper than keeping DOM nodes in step.
"use strict";

const StatusChart = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PAD = { left: 44, right: 10, top: 10, bottom: 22 };
  const TIME_STEPS_S = [10, 15, 30, 60, 120, 300];

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  // 0, then a 1/2/2.5/5 × 10^n step that gives about `count` ticks up to at least `max`.
  function niceTicks(max, count) {
    const raw = Math.max(max, 1e-9) / count;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(s => s >= raw);
    const ticks = [];
    for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(6)));
    return ticks;
  }

  function clock(t, withSeconds) {
    const d = new Date(t);
    const two = n => String(n).padStart(2, "0");
    return two(d.getHours()) + ":" + two(d.getMinutes()) + (withSeconds ? ":" + two(d.getSeconds()) : "");
  }

  function formatValue(v) {
    if (v >= 1000) return (v / 1000).toFixed(v % 1000 === 0 ? 0 : 1) + "k";
    return String(Number(v.toPrecision(3)));
  }

  // A path through the points; a null value breaks the line (no data is not zero).
  function pathOf(points, x, y, step) {
    let d = "";
    let open = false;
    for (const [t, v] of points) {
      if (v === null || v === undefined) { open = false; continue; }
      const px = x(t).toFixed(1);
      const py = y(v).toFixed(1);
      if (!open) d += "M" + px + " " + py;
      else if (step) d += "H" + px + "V" + py;
      else d += "L" + px + " " + py;
      open = true;
    }
    return d;
  }

  // The area under each unbroken run of points, down to zero.
  function areaOf(points, x, y) {
    let d = "";
    let run = [];
    const close = () => {
      if (run.length > 1) {
        const base = y(0).toFixed(1);
        d += "M" + run[0][0] + " " + base + run.map(([px, py]) => "L" + px + " " + py).join("") +
          "L" + run[run.length - 1][0] + " " + base + "Z";
      }
      run = [];
    };
    for (const [t, v] of points) {
      if (v === null || v === undefined) close();
      else run.push([x(t).toFixed(1), y(v).toFixed(1)]);
    }
    close();
    return d;
  }

  /**
   * spec: { tMin, tMax, series: [{ key, color, dash, width, step, area, points: [[t, v]] }],
   *         minMax (smallest y range), integer (whole-number ticks), target: { value, label },
   *         marks: [t] (decision times), unknown: [[t0, t1]] (spans without data) }
   */
  function draw(svg, spec) {
    const width = Math.max(svg.clientWidth || svg.parentNode.clientWidth || 300, 120);
    const height = Math.max(svg.clientHeight || 170, 80);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);

    const values = spec.series.flatMap(s => s.points.map(p => p[1])).filter(v => v !== null && v !== undefined);
    let max = Math.max(spec.minMax || 1, ...values);
    if (spec.target && spec.target.value) max = Math.max(max, spec.target.value * 1.25);
    let ticks = niceTicks(max * 1.05, 4);
    if (spec.integer) ticks = ticks.filter(v => Number.isInteger(v));
    const yMax = ticks[ticks.length - 1];
    const span = Math.max(spec.tMax - spec.tMin, 1);
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const x = t => PAD.left + (t - spec.tMin) / span * plotW;
    const y = v => PAD.top + plotH - Math.min(v, yMax) / yMax * plotH;

    const unknown = el("g", { class: "unknown" }, svg);
    for (const [t0, t1] of spec.unknown || []) {
      const x0 = Math.max(x(t0), PAD.left);
      el("rect", { x: x0, y: PAD.top, width: Math.max(x(t1) - x0, 1), height: plotH }, unknown);
    }

    const grid = el("g", { class: "grid" }, svg);
    const axis = el("g", { class: "axis" }, svg);
    for (const v of ticks) {
      el("line", { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }, grid);
      el("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end" }, axis).textContent = formatValue(v);
    }
    // As many time labels as fit: an "HH:MM:SS" label needs about 60 px.
    const maxLabels = Math.max(2, Math.min(6, Math.floor(plotW / 60)));
    const stepS = TIME_STEPS_S.find(s => span / 1000 / s <= maxLabels) || 600;
    const stepMs = stepS * 1000;
    for (let t = Math.ceil(spec.tMin / stepMs) * stepMs; t <= spec.tMax; t += stepMs) {
      el("line", { x1: x(t), x2: x(t), y1: PAD.top, y2: PAD.top + plotH }, grid);
      el("text", { x: x(t), y: height - 6, "text-anchor": "middle" }, axis).textContent = clock(t, stepS < 60);
    }
    el("line", { class: "base", x1: PAD.left, x2: width - PAD.right, y1: y(0), y2: y(0) }, axis);

    const marks = el("g", { class: "marks" }, svg);
    for (const t of spec.marks || []) {
      if (t >= spec.tMin && t <= spec.tMax) el("line", { x1: x(t), x2: x(t), y1: PAD.top, y2: PAD.top + plotH }, marks);
    }

    let plotted = 0;
    for (const s of spec.series) {
      const inRange = s.points.filter(p => p[0] >= spec.tMin - 1000);
      const d = pathOf(inRange, x, y, s.step);
      if (!d) continue;
      if (s.area) el("path", { class: "area", d: areaOf(inRange, x, y), fill: s.color, "fill-opacity": 0.12 }, svg);
      el("path", {
        class: "series", d, stroke: s.color, "stroke-width": s.width || 2,
        "stroke-dasharray": s.dash || "none", "data-series": s.key,
      }, svg);
      if (plotted === 0) plotted = inRange.filter(p => p[1] !== null && p[1] !== undefined).length;
    }

    if (spec.target && spec.target.value) {
      const g = el("g", { class: "target" }, svg);
      const ty = y(spec.target.value);
      el("line", { x1: PAD.left, x2: width - PAD.right, y1: ty, y2: ty }, g);
      el("text", { x: width - PAD.right - 4, y: ty - 5, "text-anchor": "end" }, g).textContent = spec.target.label;
    }
    svg.setAttribute("data-points", String(plotted));
  }

  // A small line sample for a legend entry, drawn like its series.
  function swatch(color, dash, width) {
    const svg = el("svg", { viewBox: "0 0 22 8", "aria-hidden": "true" });
    el("line", { x1: 1, x2: 21, y1: 4, y2: 4, stroke: color, "stroke-width": width || 2, "stroke-dasharray": dash || "none" }, svg);
    return svg;
  }

  return { draw, swatch, clock };
})();
