// Timeline island (issue 14 item 7): vis-timeline over the audited API. Payments, calls,
// messages, memberships, events and tip reports of a subject or syndicate, one row per kind.
// The brush is two draggable time bars (or the two date fields beside them): events outside
// it fade, and "clew:brush" tells the link chart on the same page to hide ties outside it.
import { api } from "./api.js";

const el = document.getElementById("timeline");
const since = document.getElementById("brush-since");
const until = document.getElementById("brush-until");
const summary = document.getElementById("timeline-status");
const KINDS = ["payment", "call", "message", "membership", "event", "tip-report"];

function day(date) {
  return new Date(date).toISOString().slice(0, 10);
}

function path() {
  const { subject, syndicate } = el.dataset;
  return subject
    ? `/timeline/subjects/${encodeURIComponent(subject)}`
    : `/timeline/syndicates/${encodeURIComponent(syndicate)}`;
}

let timeline = null;
let items = null;

function brush(fromDay, toDay, tell = true) {
  const lo = `${fromDay}T00:00:00Z`, hi = `${toDay}T23:59:59Z`;
  since.value = fromDay;
  until.value = toDay;
  if (timeline) {
    timeline.setCustomTime(new Date(lo), "brush-since");
    timeline.setCustomTime(new Date(hi), "brush-until");
    items.update(items.get().map((it) => ({ id: it.id, className: `k-${it.kind}${it.start < lo || it.start > hi ? " out" : ""}` })));
  }
  el.dataset.brush = `${fromDay}/${toDay}`;
  const inside = items ? items.get().filter((it) => it.start >= lo && it.start <= hi).length : 0;
  summary.textContent = `${inside} events from ${fromDay} to ${toDay}`;
  if (tell) document.dispatchEvent(new CustomEvent("clew:brush", { detail: { since: lo, until: hi } }));
}

function clearBrush() {
  if (!items) return;
  items.update(items.get().map((it) => ({ id: it.id, className: `k-${it.kind}` })));
  delete el.dataset.brush;
  summary.textContent = `${items.length} events`;
  document.dispatchEvent(new CustomEvent("clew:brush", { detail: null }));
}

async function start() {
  el.dataset.state = "loading";
  let found;
  try {
    found = await api(path());
  } catch (err) {
    summary.textContent = `Could not load the timeline: ${err.message}`;
    el.dataset.state = "error";
    return;
  }
  const undated = Object.entries(found.undated).map(([k, n]) => `${n} ${k}`).join(", ");
  if (!found.events.length) {
    summary.textContent = `No dated events${undated ? ` (undated: ${undated})` : ""}.`;
    el.dataset.state = "ready";
    return;
  }
  items = new vis.DataSet(found.events.map((e) => ({
    id: e.id, group: e.kind, kind: e.kind, start: e.start, end: e.end || undefined,
    // a dot on its kind's row (the row names the kind; words in hundreds of dots overlap): the
    // tooltip says what it is and where it comes from
    type: e.end ? "range" : "point", content: "", className: `k-${e.kind}`,
    title: `${e.title}${e.source ? ` — ${e.source}${e.locator ? `, ${e.locator}` : ""}` : ""}`,
  })));
  const present = new Set(found.events.map((e) => e.kind));
  const groups = new vis.DataSet(KINDS.filter((k) => present.has(k)).map((k) => ({ id: k, content: k })));
  const first = found.events[0].start, last = found.events[found.events.length - 1].start;
  timeline = new vis.Timeline(el, items, groups, {
    stack: false, zoomKey: "ctrlKey", maxHeight: "320px", showCurrentTime: false, // as tall as its rows
    tooltip: { followMouse: true }, xss: { disabled: false },
  });
  timeline.addCustomTime(new Date(first), "brush-since");
  timeline.addCustomTime(new Date(last), "brush-until");
  timeline.on("timechanged", () => {
    const a = timeline.getCustomTime("brush-since"), b = timeline.getCustomTime("brush-until");
    brush(day(Math.min(a, b)), day(Math.max(a, b)));
  });
  since.value = day(first);
  until.value = day(last);
  summary.textContent = `${found.events.length} events${found.more ? ` (+${found.more} more not shown)` : ""}` +
    `${undated ? `; undated: ${undated}` : ""}`;
  el.dataset.state = "ready";
}

document.getElementById("timeline-brush").addEventListener("submit", (event) => {
  event.preventDefault();
  if (since.value && until.value) brush(since.value <= until.value ? since.value : until.value,
                                       since.value <= until.value ? until.value : since.value);
});
document.getElementById("brush-clear").addEventListener("click", clearBrush);

window.clewTimeline = { get timeline() { return timeline; }, brush };
start();
