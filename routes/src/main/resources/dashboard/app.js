// Kor'tana's dashboard: the same APIs an operator calls, read every two seconds with the key given above (kept for
// this browser tab only). What a key may not see says so instead of showing nothing.
"use strict";
const $ = (id) => document.getElementById(id);
let key = sessionStorage.getItem("kortana.key") || "";

$("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  key = $("key").value.trim();
  sessionStorage.setItem("kortana.key", key);
  $("key").value = "";
  refresh();
});

async function api(path, options = {}) {
  const headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
  if (key) headers["Authorization"] = "Bearer " + key;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { detail: text }; }
  return { status: response.status, body };
}

function text(value) { return value === null || value === undefined ? "–" : String(value); }
function percent(value) { return value === null || value === undefined ? "–" : (100 * value).toFixed(1) + " %"; }
function cell(row, value, cls) {
  const td = document.createElement("td");
  td.textContent = text(value);
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}
function fill(tbody, items, render, empty) {
  tbody.replaceChildren();
  if (!items || items.length === 0) {
    const row = document.createElement("tr");
    const td = cell(row, empty);
    td.colSpan = 5;
    td.className = "muted";
    tbody.appendChild(row);
    return;
  }
  items.forEach((item) => { const row = document.createElement("tr"); render(row, item); tbody.appendChild(row); });
}
function refused(tbody, response, what, role = "an admin") {
  fill(tbody, [], null, response.status === 403 ? what + " needs " + role + " key" : response.status === 401
      ? "give an API key above" : "unavailable (" + response.status + ")");
}

async function refreshReady() {
  const ready = await fetch("/observe/health/ready");
  $("ready").textContent = ready.status === 200 ? "ready" : "not ready";
  $("ready").className = "badge " + (ready.status === 200 ? "ok" : "down");
}

async function refreshAutonomy() {
  const r = await api("/api/metrics/autonomy?window=24h");
  if (r.status !== 200) { $("autonomy-tasks").textContent = "–"; return; }
  const a = r.body;
  $("autonomy-index").textContent = percent(a.autonomyIndex);
  $("self-healing").textContent = percent(a.selfHealingCoverage);
  $("autonomy-tasks").textContent = text(a.tasks);
  $("human-actions").textContent = text(a.humanActions);
  $("incidents").textContent = text(a.incidents);
  const smoke = a.deploymentConfidence || {};
  $("smoke").textContent = smoke.smokeDurationMs === undefined ? "none"
      : (smoke.smokePassed ? "passed, " : "FAILED, ") + smoke.smokeDurationMs + " ms";
}

async function refreshHealth() {
  const r = await api("/api/heartbeats");
  const alerts = $("alerts");
  alerts.replaceChildren();
  if (r.status !== 200) { refused($("components"), r, "the cluster's heartbeats"); return; }
  r.body.alerts.forEach((a) => {
    const li = document.createElement("li");
    li.textContent = a.node + " / " + a.component + ": " + a.problem;
    alerts.appendChild(li);
  });
  // Per instance: each failing component on a row of its own, the healthy ones on one row (hover to name them).
  const rows = [];
  const byNode = new Map();
  r.body.components.forEach((c) => {
    if (!byNode.has(c.node)) byNode.set(c.node, []);
    byNode.get(c.node).push(c);
  });
  byNode.forEach((components, node) => {
    components.filter((c) => !c.ok).forEach((c) => rows.push({ node, component: c.component, state: c.detail || "failing",
      ok: false, ageMs: c.ageMs }));
    const ok = components.filter((c) => c.ok);
    if (ok.length > 0) rows.push({ node, component: ok.length + " components", names: ok.map((c) => c.component).join(", "),
      state: "ok", ok: true, ageMs: Math.min(...ok.map((c) => c.ageMs)) });
  });
  fill($("components"), rows, (row, c) => {
    cell(row, c.node);
    const name = cell(row, c.component);
    if (c.names) name.title = c.names;
    cell(row, c.state, c.ok ? "okstate" : "failing");
    cell(row, Math.round(c.ageMs / 1000) + " s ago");
  }, "no heartbeats yet");
}

async function refreshTasks() {
  const r = await api("/api/tasks?limit=50");
  if (r.status !== 200) { refused($("tasks"), r, "the tasks"); return; }
  const tasks = r.body.tasks || [];
  $("tasks-count").textContent = "(" + tasks.length + " shown)";
  const counts = {};
  tasks.forEach((t) => { counts[t.status] = (counts[t.status] || 0) + 1; });
  $("status-counts").textContent = Object.entries(counts).map(([s, n]) => s + " " + n).join(" · ");
  $("throughput").textContent = throughput(tasks);
  fill($("tasks"), tasks, (row, t) => {
    row.className = "clickable" + (t.taskId === chosenTask ? " chosen" : "");
    row.onclick = () => { chosenTask = t.taskId; refreshTimeline(); refreshTasks(); };
    cell(row, t.taskId);
    cell(row, t.status, t.status === "FAILED" ? "failing" : "");
    cell(row, (t.goal || "").slice(0, 80));
    cell(row, t.traceId ? t.traceId.slice(0, 16) : "–").title = t.traceId || "tracing off when it was accepted";
    cell(row, t.updatedAt);
  }, "no tasks yet");
}

let chosenTask = null;

/** Throughput and latency of the listed tasks that ended in the last five minutes (the list holds the 50 latest). */
function throughput(tasks) {
  const since = Date.now() - 5 * 60 * 1000;
  const ended = tasks.filter((t) => ["COMPLETED", "FAILED", "REJECTED", "CANCELLED"].includes(t.status)
    && Date.parse(t.updatedAt) >= since);
  if (ended.length === 0) return "no task of the list ended in the last 5 min";
  const took = ended.map((t) => Date.parse(t.updatedAt) - Date.parse(t.createdAt)).sort((a, b) => a - b);
  const at = (q) => took[Math.min(took.length - 1, Math.floor(q * took.length))];
  return ended.length + " ended in the last 5 min (" + (ended.length / 5).toFixed(1) + "/min); accepted to ended: p50 "
    + (at(0.5) / 1000).toFixed(1) + " s, p95 " + (at(0.95) / 1000).toFixed(1) + " s";
}

async function refreshTimeline() {
  if (!chosenTask) return;
  $("timeline-task").textContent = chosenTask;
  const r = await api("/api/tasks/" + encodeURIComponent(chosenTask) + "/events");
  if (r.status !== 200) { refused($("timeline"), r, "the task's events"); return; }
  fill($("timeline"), r.body.events || [], (row, e) => {
    cell(row, (e.at || "").slice(11, 23)).title = e.at;
    cell(row, e.name, /FAIL|DENIED|DEAD/.test(e.name) ? "failing" : "");
    cell(row, e.status);
    cell(row, e.node);
    cell(row, e.detail ? JSON.stringify(e.detail).slice(0, 120) : "");
  }, "no events");
}

async function refreshApprovals() {
  const r = await api("/api/approvals");
  if (r.status !== 200) { refused($("approvals"), r, "deciding", "an approver"); return; }
  fill($("approvals"), (r.body.approvals || []).filter((a) => a.taskId), (row, a) => {
    cell(row, a.taskId);
    cell(row, a.step);
    cell(row, a.tool);
    cell(row, a.rule);
    const td = document.createElement("td");
    ["approve", "reject"].forEach((decision) => {
      const b = document.createElement("button");
      b.textContent = decision;
      b.onclick = async () => {
        await api("/api/approvals/" + encodeURIComponent(a.taskId), { method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ decision, step: a.step, argsHash: a.argsHash, comment: "from the dashboard" }) });
        ticks = 0;
        refresh();
      };
      td.appendChild(b);
    });
    row.appendChild(td);
  }, "nothing waits");
}

async function refreshDeadLetters() {
  const r = await api("/api/dead-letters?limit=20");
  if (r.status !== 200) { refused($("dead-letters"), r, "the dead letters"); return; }
  fill($("dead-letters"), r.body.deadLetters, (row, d) => {
    cell(row, d.id);
    cell(row, d.taskId);
    cell(row, d.kind);
    cell(row, (d.message || "").slice(0, 100));
    const td = document.createElement("td");
    if (!d.replayedAt) {
      const b = document.createElement("button");
      b.textContent = "replay";
      b.onclick = async () => { await api("/api/dead-letters/" + d.id + "/replay", { method: "POST" }); ticks = 0; refresh(); };
      td.appendChild(b);
    }
    row.appendChild(td);
  }, "none");
}

async function refreshModels() {
  const r = await api("/api/models");
  if (r.status !== 200) { refused($("models"), r, "the models"); return; }
  fill($("models"), r.body.models, (row, m) => {
    const h = m.health || {};
    cell(row, m.name);
    cell(row, m.provider);
    cell(row, h.misconfigured ? "misconfigured" : h.circuit, h.circuit === "CLOSED" && !h.misconfigured ? "okstate" : "failing");
    cell(row, h.calls);
    cell(row, h.failures);
    cell(row, h.latencyEwmaMs == null ? "–" : Math.round(h.latencyEwmaMs) + " ms");
    cell(row, m.today ? "$" + m.today.costUsd : "–");
  }, "no models");
}

let ticks = 0;

async function refresh() {
  // The autonomy figures are a query over the day's tasks: every 30 s is live enough; the rest every 2 s.
  const autonomy = ticks++ % 15 === 0 ? refreshAutonomy() : Promise.resolve();
  await Promise.allSettled([refreshReady(), autonomy, refreshHealth(), refreshTasks(), refreshApprovals(),
    refreshDeadLetters(), refreshModels(), refreshTimeline()]);
  $("updated").textContent = "updated " + new Date().toLocaleTimeString();
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
}

refresh();
setInterval(refresh, 2000);
