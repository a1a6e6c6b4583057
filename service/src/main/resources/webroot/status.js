// The live status page: one card per service, fed by server-sent events from /api/stream.
// "hello" (on every connect and reconnect) replaces what the page holds with the server's last
// minutes; "tick" (every second) adds a point per service and the decisions published since.
// Times on the charts are the server's, so a client clock that is off does not skew them.
"use strict";

const MIN_SPAN_MS = 60_000;   // the charts show at least a minute, so the first seconds are not stretched
const STALE_AFTER_MS = 5_000; // no tick for this long: say so, and reconnect
const DECISIONS_KEPT = 50;    // per service, newest first

const SERIES = {
  load: { key: "rps", label: "requests", color: "#0072b2", area: true },
  desired: { key: "desired", label: "desired", color: "#e69f00", dash: "6 4", step: true },
  running: { key: "running", label: "running", color: "#0072b2", step: true },
  healthy: { key: "healthy", label: "healthy", color: "#009e73", width: 3, step: true },
  p95: { key: "p95Ms", label: "p95", color: "#d55e00" },
};

const page = {
  services: new Map(), // id → { meta, points: [], decisions: [], card }
  historyMs: 300_000,
  serverNow: 0,
  lastMessageAt: 0,
  source: null,
  drawPending: false,
};

// ---- the stream ---------------------------------------------------------------------------

function connect() {
  if (page.source) page.source.close();
  const source = new EventSource("/api/stream");
  page.source = source;
  source.addEventListener("hello", e => { onHello(JSON.parse(e.data)); setConnection("live", "live"); });
  source.addEventListener("tick", e => { onTick(JSON.parse(e.data)); setConnection("live", "live"); });
  source.onerror = () => {
    setConnection("reconnecting", "connection lost: reconnecting…");
    // The browser retries a dropped stream by itself; after an HTTP error it gives up, so start again.
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
  };
}

function setConnection(state, text) {
  document.body.dataset.connection = state;
  document.getElementById("connection").textContent = text;
}

setInterval(() => {
  if (page.lastMessageAt && Date.now() - page.lastMessageAt > STALE_AFTER_MS) {
    setConnection("stale", "no update for " + Math.round((Date.now() - page.lastMessageAt) / 1000) + " s: reconnecting…");
    page.lastMessageAt = Date.now();
    connect();
  }
}, 1000);

function onHello(msg) {
  page.lastMessageAt = Date.now();
  page.historyMs = msg.historySeconds * 1000;
  page.serverNow = msg.t;
  const seen = new Set();
  for (const s of msg.services) {
    const service = serviceOf(s.service);
    const { points, ...meta } = s;
    service.meta = meta;
    service.points = points;
    service.decisions = [];
    service.decisionsVersion++;
    seen.add(s.service);
  }
  for (const [id, service] of page.services) {
    if (!seen.has(id)) { service.card.remove(); page.services.delete(id); }
  }
  addDecisions(msg.decisions);
  scheduleDraw();
}

function onTick(msg) {
  page.lastMessageAt = Date.now();
  page.serverNow = msg.t;
  const reported = new Set();
  for (const s of msg.services) {
    const service = serviceOf(s.service);
    const { point, ...meta } = s;
    service.meta = meta;
    const last = service.points[service.points.length - 1];
    if (!last || point.t > last.t) service.points.push(point);
    reported.add(s.service);
  }
  const oldest = page.serverNow - page.historyMs;
  for (const [id, service] of page.services) {
    if (!reported.has(id)) service.meta = { ...service.meta, state: "gone" };
    while (service.points.length && service.points[0].t < oldest) service.points.shift();
    if (!service.points.length) { service.card.remove(); page.services.delete(id); }
  }
  addDecisions(msg.decisions);
  scheduleDraw();
}

function serviceOf(id) {
  let service = page.services.get(id);
  if (!service) {
    service = { meta: { service: id }, points: [], decisions: [], decisionsVersion: 0, card: createCard(id) };
    page.services.set(id, service);
    const cards = document.getElementById("services");
    const after = [...cards.children].find(c => c.dataset.service > id);
    cards.insertBefore(service.card, after || null);
  }
  return service;
}

function addDecisions(decisions) {
  for (const d of decisions) {
    const service = page.services.get(d.service);
    if (!service) continue;
    // A decision can come twice: in a hello's recent list and in the tick after it.
    if (service.decisions.some(o => o.seq === d.seq && o.ts === d.ts)) continue;
    service.decisions.push(d);
    service.decisionsVersion++;
  }
  for (const service of page.services.values()) {
    service.decisions.sort((a, b) => b.ts - a.ts || b.seq - a.seq);
    service.decisions.length = Math.min(service.decisions.length, DECISIONS_KEPT);
  }
}

// ---- drawing ------------------------------------------------------------------------------

function scheduleDraw() {
  if (page.drawPending) return;
  page.drawPending = true;
  requestAnimationFrame(() => { page.drawPending = false; draw(); });
}

function draw() {
  const cards = document.getElementById("services");
  cards.dataset.count = String(page.services.size);
  document.getElementById("empty").hidden = page.services.size > 0;
  let oldest = page.serverNow;
  for (const s of page.services.values()) if (s.points.length) oldest = Math.min(oldest, s.points[0].t);
  const span = Math.min(Math.max(page.serverNow - oldest, MIN_SPAN_MS), page.historyMs);
  const range = { tMin: page.serverNow - span, tMax: page.serverNow };
  for (const service of page.services.values()) drawCard(service, range);
}

function createCard(id) {
  const card = document.createElement("article");
  card.className = "card";
  card.dataset.service = id;
  card.innerHTML = `
    <div class="card-head"><h2></h2><span class="badge"></span><span class="bounds"></span></div>
    <p class="override" hidden></p>
    <p class="schedule" hidden></p>
    <div class="now"></div>
    <div class="charts">
      <div class="chart" data-chart="load"><h3>Load <span class="unit">requests/s</span></h3><svg role="img" aria-label="load in requests per second"></svg><div class="legend"></div></div>
      <div class="chart" data-chart="tasks"><h3>Tasks <span class="unit">count</span></h3><svg role="img" aria-label="desired, running and healthy tasks"></svg><div class="legend"></div></div>
      <div class="chart" data-chart="latency"><h3>Latency <span class="unit">p95, ms</span></h3><svg role="img" aria-label="p95 latency in milliseconds against its target"></svg><div class="legend"></div></div>
    </div>
    <div class="decisions"><h3>Recent decisions <span class="unit">newest first</span></h3><ol></ol></div>`;
  card.querySelector("h2").textContent = id;
  return card;
}

function series(points, def) {
  return { ...def, points: points.map(p => [p.t, p[def.key]]) };
}

function unknownSpans(points) {
  const spans = [];
  for (let i = 0; i < points.length; i++) {
    if (points[i].state !== "ok") {
      const end = i + 1 < points.length ? points[i + 1].t : points[i].t + 1000;
      const last = spans[spans.length - 1];
      if (last && last[1] >= points[i].t) last[1] = end; else spans.push([points[i].t, end]);
    }
  }
  return spans;
}

function drawCard(service, range) {
  const { meta, points, card } = service;
  const last = points[points.length - 1] || {};
  const spanNote = meta.panicSpanSeconds ? "over the last " + meta.panicSpanSeconds + " s" : "over the panic window";
  card.dataset.state = meta.state || "unknown";
  card.dataset.points = String(points.length);
  card.dataset.lastT = String(last.t || 0);
  // The newest figures as attributes too, for scripts and tests that read the page.
  for (const key of ["rps", "p95Ms", "desired", "running", "healthy"]) card.dataset[key] = last[key] ?? "";
  const badge = card.querySelector(".badge");
  badge.dataset.state = meta.state || "unknown";
  badge.textContent = meta.state === "gone" ? "no longer reported here" : (meta.state || "unknown");
  card.querySelector(".bounds").textContent =
    meta.minTasks != null ? `tasks ${meta.minTasks}–${meta.maxTasks}` : "";

  const target = meta.latencyTargetMs;
  const over = target && last.p95Ms != null && last.p95Ms > target;
  const now = card.querySelector(".now");
  now.innerHTML = "";
  addFigure(now, fmt(last.rps, 0), "requests/s");
  addFigure(now, fmt(last.p95Ms, 0) + " ms", "p95" + (target ? ` (target ${fmt(target, 0)} ms${over ? ", over" : ""})` : ""), over);
  addFigure(now, `${fmt(last.desired)} / ${fmt(last.running)} / ${fmt(last.healthy)}`, "tasks desired / running / healthy");

  const marks = service.decisions.filter(d => d.from !== d.to).map(d => d.ts);
  const unknown = unknownSpans(points);
  const charts = card.querySelectorAll(".chart");
  const load = series(points, SERIES.load);
  StatusChart.draw(charts[0].querySelector("svg"), { ...range, series: [load], minMax: 10, marks, unknown });
  legend(charts[0], [[SERIES.load, last.rps, "/s"]], spanNote);

  const tasks = [SERIES.desired, SERIES.running, SERIES.healthy].map(d => series(points, d));
  StatusChart.draw(charts[1].querySelector("svg"), {
    ...range, series: [tasks[1], tasks[2], tasks[0]], minMax: Math.max(meta.minTasks || 1, 4), integer: true, marks, unknown,
  });
  legend(charts[1], [[SERIES.desired, last.desired], [SERIES.running, last.running], [SERIES.healthy, last.healthy]]);

  StatusChart.draw(charts[2].querySelector("svg"), {
    ...range, series: [series(points, SERIES.p95)], minMax: 50, marks, unknown,
    target: target ? { value: target, label: `target ${fmt(target, 0)} ms` } : null,
  });
  legend(charts[2], [[SERIES.p95, last.p95Ms, " ms"]], target ? spanNote : spanNote + "; no latency target set");

  // Redrawn only when they change, so a list the reader has scrolled stays where it is.
  if (card.dataset.decisionsDrawn !== String(service.decisionsVersion)) {
    drawDecisions(card.querySelector(".decisions ol"), service.decisions);
    card.dataset.decisionsDrawn = String(service.decisionsVersion);
  }
}

function addFigure(parent, value, label, over) {
  const span = document.createElement("span");
  if (over) span.className = "over";
  const b = document.createElement("b");
  b.textContent = value;
  span.append(b, " " + label);
  parent.appendChild(span);
}

function legend(chart, entries, note) {
  const box = chart.querySelector(".legend");
  box.innerHTML = "";
  for (const [def, value, unit] of entries) {
    const key = document.createElement("span");
    key.className = "key";
    key.append(StatusChart.swatch(def.color, def.dash, def.width), `${def.label} ${fmt(value, 0)}${unit || ""}`);
    box.appendChild(key);
  }
  if (note) {
    const span = document.createElement("span");
    span.textContent = note;
    box.appendChild(span);
  }
}

function drawDecisions(list, decisions) {
  list.innerHTML = "";
  if (!decisions.length) {
    const none = document.createElement("li");
    none.className = "none";
    none.textContent = "No decision published yet.";
    list.appendChild(none);
    return;
  }
  for (const d of decisions) {
    const li = document.createElement("li");
    const direction = d.to > d.from ? "up" : d.to < d.from ? "down" : "hold";
    Object.assign(li.dataset, { direction, reason: d.reason, policy: d.policy, from: d.from, to: d.to, ts: d.ts });
    const arrow = { up: "▲", down: "▼", hold: "■" }[direction];
    li.innerHTML = `<span class="time"></span><span class="change"></span>
      <span class="why"><span class="reason"></span> <span class="policy"></span><span class="message"></span></span>`;
    li.querySelector(".time").textContent = StatusChart.clock(d.ts, true);
    li.querySelector(".change").textContent = `${arrow} ${d.from} → ${d.to}`;
    li.querySelector(".reason").textContent = d.reason;
    li.querySelector(".policy").textContent = "· " + d.policy;
    li.querySelector(".message").textContent = d.message;
    li.title = d.message;
    list.appendChild(li);
  }
}

function fmt(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return typeof digits === "number" ? Number(v).toFixed(digits) : String(v);
}

// ---- operators' overrides (the admin API) and schedules -----------------------------------

// Pauses, pins and the active schedule change seldom and are not in the stream: read them from
// /api/services every few seconds, and say on each card who paused or pinned the service, why, and
// until when, and which schedule's bounds are in force.
const OVERRIDES_EVERY_MS = 5_000;

function overrideText(s) {
  if (s.paused) return `paused by ${s.paused.by}: ${s.paused.reason} (since ${clock(s.paused.since)}); nothing is set until resumed`;
  if (s.pin && s.pin.holding) return `pinned at ${s.pin.count} by ${s.pin.by} until ${clock(s.pin.until)}: ${s.pin.reason}`;
  return "";
}

function scheduleText(s) {
  const a = s.schedule;
  if (!a) return "";
  const bounds = a.minTasks === a.maxTasks ? `pinned at ${a.minTasks}` : `tasks ${a.minTasks}–${a.maxTasks}`;
  return `schedule ${a.name}: ${bounds} (${a.text})`;
}

function clock(ms) {
  return new Date(ms).toISOString().substring(11, 19) + " UTC";
}

function showOverrides() {
  fetch("/api/services").then(r => r.ok ? r.json() : []).then(list => {
    for (const s of list) {
      const service = page.services.get(s.service);
      if (!service) continue;
      const p = service.card.querySelector(".override");
      const text = overrideText(s);
      p.textContent = text;   // text, never HTML: a reason is whatever the operator typed
      p.hidden = !text;
      p.dataset.kind = s.paused ? "paused" : (text ? "pinned" : "");
      service.card.dataset.override = p.dataset.kind;
      const scheduled = service.card.querySelector(".schedule");
      scheduled.textContent = scheduleText(s);
      scheduled.hidden = !s.schedule;
      service.card.dataset.schedule = s.schedule ? s.schedule.name : "";
    }
  }).catch(() => {});
}

setInterval(showOverrides, OVERRIDES_EVERY_MS);
setTimeout(showOverrides, 1000);

window.addEventListener("resize", scheduleDraw);
document.getElementById("empty").hidden = false;
connect();
