// Link chart island (issue 14 item 5): Cytoscape.js over the audited API of the session's
// operation. Start from a subject or a syndicate; click a subject to expand it (a capped page,
// "+N more" for the next), a collection node to list its members; filters; select two subjects
// for the strongest path with every edge explained; layout lock; PNG/SVG export. The timeline
// island's brush (event "clew:brush") hides ties outside the window. Nothing is stored in the
// browser; every request goes to this origin.
import { api, clear, line } from "./api.js";

const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a6f00", "#5b3a8c"];
// Okabe–Ito, colour-blind safe; syndicate n gets colour n mod 8 (same on every page)

export function colourOf(syndicate) {
  const n = parseInt(String(syndicate || "").replace(/\D+/g, ""), 10);
  return Number.isFinite(n) ? PALETTE[n % PALETTE.length] : "#8a93a2";
}

const el = document.getElementById("chart");
const panel = document.getElementById("explain");
const status = document.getElementById("chart-status");
const form = document.getElementById("chart-filters");
const state = { locked: false, brush: null, expanded: new Set(), requests: 0, picked: [] };
const MAX_NODES = 5000; // TigerGraph's visualisation cap (ux guide): beyond it the browser struggles

const cy = cytoscape({
  container: el,
  autounselectify: true, // the two subjects of a path are picked with shift-click (state.picked)
  style: [
    { selector: "node", style: {
      label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
      "background-color": "data(colour)", width: 22, height: 22, color: "#1b1f24",
      "text-wrap": "ellipsis", "text-max-width": 110 } },
    { selector: "node[kind = 'collection']", style: {
      shape: "round-rectangle", width: 34, height: 22, "background-color": "#dfe3ea",
      "border-width": 1, "border-color": "#4a5260" } },
    { selector: "node[kind = 'more']", style: {
      shape: "tag", "background-color": "#ffffff", "border-width": 1, "border-style": "dashed",
      "border-color": "#4a5260", width: 30, height: 18 } },
    { selector: "node.start", style: { "border-width": 3, "border-color": "#1b1f24" } },
    { selector: "node.picked", style: { "border-width": 4, "border-color": "#f0a800" } },
    { selector: "edge", style: {
      width: "mapData(weight, 0, 4, 1, 6)", "line-color": "#9aa3b1", "curve-style": "bezier" } },
    { selector: "edge.path", style: { "line-color": "#d55e00", width: 6, "z-index": 9 } },
    { selector: "node.path", style: { "border-width": 4, "border-color": "#d55e00" } },
    { selector: ".out", style: { display: "none" } },
  ],
});

function say(text) {
  status.textContent = text;
}

function busy(delta) {
  state.requests += delta;
  el.dataset.state = state.requests ? "loading" : "ready";
}

function filterQuery() {
  const data = new FormData(form);
  const params = new URLSearchParams();
  const kinds = data.getAll("kinds");
  if (kinds.length && kinds.length < form.querySelectorAll("[name=kinds]").length) params.set("kinds", kinds.join(","));
  for (const name of ["countries", "min_weight", "since", "until"]) {
    const value = String(data.get(name) || "").trim();
    if (value) params.set(name, value);
  }
  return params;
}

function nodeData(n) {
  return { id: n.id, label: n.label, kind: n.kind, syndicate: n.syndicate_id, country: n.country,
           size: n.size, of: n.of, offset: n.offset, colour: colourOf(n.syndicate_id) };
}

const MAX_FIT_ZOOM = 1.4; // labels stay near their 10 px when a small chart is fitted to the box
const COSE_MAX = 150; // force-directed (cose) layout up to this many nodes; concentric by degree above

function layout(randomize) {
  const big = cy.nodes().length > COSE_MAX; // cose is quadratic per iteration: 300 nodes took ~40 s
  cy.layout(big ? { name: "concentric", concentric: (n) => n.degree(), levelWidth: () => 4, animate: false }
                : { name: "cose", animate: false, randomize, fit: true, padding: 40,
                    nodeRepulsion: () => 12000, idealEdgeLength: () => 90, nodeOverlap: 40 }).run();
  if (cy.zoom() > MAX_FIT_ZOOM) { // a few nodes fitted to the box would be drawn huge
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

function add(chart, near) {
  if (cy.nodes().length + chart.nodes.length > MAX_NODES) {
    say(`The chart holds ${cy.nodes().length} nodes; ${MAX_NODES} is the most it draws. Filter or start again.`);
    return;
  }
  const elements = [];
  const seen = new Set();
  for (const n of chart.nodes) {
    if (seen.has(n.id) || cy.getElementById(n.id).nonempty()) continue;
    seen.add(n.id);
    const position = near ? { x: near.x + (Math.random() - 0.5) * 160, y: near.y + (Math.random() - 0.5) * 160 } : undefined;
    elements.push({ group: "nodes", data: nodeData(n), position });
  }
  for (const e of chart.edges) {
    if (seen.has(e.id) || cy.getElementById(e.id).nonempty()) continue;
    seen.add(e.id);
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, weight: e.weight,
                                            kinds: e.kinds, evidence: e.evidence, first: e.first, last: e.last } });
  }
  cy.batch(() => cy.add(elements)); // one style pass for the whole page of elements
  const fresh = elements.some((x) => x.group === "nodes");
  if (!state.locked && fresh) layout(false);
  cy.batch(applyBrush);
  say(`${cy.nodes("[kind = 'subject']").length} subjects, ${cy.edges().length} ties shown`);
}

async function load(path, near, extra = {}) {
  busy(1);
  try {
    const params = filterQuery();
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const query = params.toString();
    add(await api(path + (query ? `?${query}` : "")), near);
  } catch (err) {
    say(`Could not load: ${err.message}`);
  } finally {
    busy(-1);
  }
}

async function restart() {
  const { subject, syndicate, cap } = el.dataset;
  cy.elements().remove();
  state.expanded.clear();
  state.picked = [];
  document.getElementById("path-button").disabled = true;
  if (subject) await load(`/chart/subjects/${encodeURIComponent(subject)}`);
  else await load(`/chart/syndicates/${encodeURIComponent(syndicate)}`, null, cap ? { cap } : {});
  const first = el.dataset.subject;
  if (first) {
    cy.getElementById(first).addClass("start");
    state.expanded.add(first);
  }
}

cy.on("tap", "node", async (event) => {
  const node = event.target;
  const d = node.data();
  const at = node.position();
  if (d.kind === "more") {
    const of = d.of || "";
    node.remove();
    if (of.startsWith("hub:")) await load(`/chart/gatherings/${encodeURIComponent(of.slice(4))}`, at, { offset: d.offset });
    else if (of.startsWith("syn:")) {
      const { cap } = el.dataset; // the next page of members, as many as the first
      await load(`/chart/syndicates/${encodeURIComponent(of.slice(4))}`, at, cap ? { offset: d.offset, cap } : { offset: d.offset });
    } else if (of) await load(`/chart/subjects/${encodeURIComponent(of)}`, at, { offset: d.offset });
    return;
  }
  if (event.originalEvent?.shiftKey) {
    if (d.kind === "subject") pick(node);
    return;
  }
  if (d.kind === "collection" && !state.expanded.has(d.id)) {
    state.expanded.add(d.id);
    await load(`/chart/gatherings/${encodeURIComponent(d.id.slice(4))}`, at);
  } else if (d.kind === "subject" && !state.expanded.has(d.id)) {
    state.expanded.add(d.id);
    await load(`/chart/subjects/${encodeURIComponent(d.id)}`, at);
  }
  showNode(d);
});

cy.on("tap", "edge", (event) => showEdge(event.target.data()));
function pick(node) {
  // shift-click toggles a subject in the pair (the oldest of three drops out)
  const id = node.id();
  state.picked = state.picked.includes(id) ? state.picked.filter((p) => p !== id) : [...state.picked, id].slice(-2);
  cy.nodes().removeClass("picked");
  for (const p of state.picked) cy.getElementById(p).addClass("picked");
  document.getElementById("path-button").disabled = state.picked.length !== 2;
  say(`Picked for a path: ${state.picked.map((p) => cy.getElementById(p).data("label")).join(" and ")}`);
}

function evidenceList(parent, evidence) {
  const list = line(parent, "ul", "", "evidence");
  for (const v of evidence) {
    const where = v.source ? ` — ${v.source}${v.locator ? `, ${v.locator}` : ""}` : "";
    line(list, "li", `${v.kind}: ${v.what}${v.at ? ` on ${v.at.slice(0, 10)}` : ""}${where}`);
  }
}

function showNode(d) {
  clear(panel);
  line(panel, "h2", d.label);
  if (d.kind === "subject") {
    line(panel, "p", `Syndicate ${d.syndicate || "none"} · country ${d.country || "unknown"}`);
    const link = line(panel, "a", "Open the subject page");
    link.href = `/subjects/${encodeURIComponent(d.id)}`;
  } else if (d.kind === "collection") {
    line(panel, "p", `A gathering of ${d.size} subjects, folded into one node. Click it to list them.`);
  }
}

function showEdge(d) {
  clear(panel);
  const a = cy.getElementById(d.source).data("label");
  const b = cy.getElementById(d.target).data("label");
  line(panel, "h2", `${a} — ${b}`);
  const kinds = Object.entries(d.kinds).sort((x, y) => y[1] - x[1]).map(([k, w]) => `${k} ${w}`);
  line(panel, "p", `Tie weight ${d.weight}: ${kinds.join(", ")}`);
  evidenceList(panel, d.evidence);
}

async function findPath() {
  const [a, b] = state.picked;
  busy(1);
  try {
    const found = await api(`/chart/paths/${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
    cy.elements().removeClass("path");
    clear(panel);
    panel.dataset.path = found.found ? "found" : "none";
    if (!found.found) {
      line(panel, "p", "These two subjects are not connected in the network.");
      return;
    }
    const names = Object.fromEntries(found.stops.map((s) => [s.subject_id, s]));
    add({ nodes: found.stops.map((s) => ({ id: s.subject_id, kind: "subject", label: s.name || s.subject_id,
                                           syndicate_id: s.syndicate_id, country: s.country, size: 1 })),
          edges: found.hops.map((h) => ({ ...h, id: [h.source, h.target].sort().join("|"), first: null, last: null })) });
    line(panel, "h2", `Path: ${found.hops.length} hop${found.hops.length === 1 ? "" : "s"}`);
    const steps = line(panel, "ol", "", "path-steps");
    for (const h of found.hops) {
      const from = names[h.source] || {}, to = names[h.target] || {};
      const item = line(steps, "li", `${from.name || h.source} (${from.country || "?"}) → ${to.name || h.target} (${to.country || "?"}): ${h.summary}`);
      evidenceList(item, h.evidence);
      cy.getElementById([h.source, h.target].sort().join("|")).addClass("path");
      cy.getElementById(h.source).addClass("path");
      cy.getElementById(h.target).addClass("path");
    }
  } catch (err) {
    say(`No path: ${err.message}`);
  } finally {
    busy(-1);
  }
}

function applyBrush() {
  const w = state.brush;
  cy.elements().removeClass("out");
  if (!w) return;
  cy.edges().forEach((e) => {
    const { first, last } = e.data();
    const target = e.target().data("kind");
    if (target === "collection" || target === "more") return;
    if (!first || last < w.since || first > w.until) e.addClass("out");
  });
  cy.nodes("[kind = 'subject']").forEach((n) => {
    // decided from the classes, not ":visible" (style is applied lazily after addClass)
    if (!n.hasClass("start") && n.connectedEdges().filter((e) => !e.hasClass("out")).length === 0) n.addClass("out");
  });
}

document.addEventListener("clew:brush", (event) => {
  state.brush = event.detail;
  applyBrush();
  say(state.brush ? `Ties from ${state.brush.since.slice(0, 10)} to ${state.brush.until.slice(0, 10)}` : "All times");
});

function download(href, name) {
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);
}

export function svgOf() {
  // cytoscape-svg is GPL-3.0, so the SVG is written here from the laid-out positions
  const box = cy.elements(":visible").boundingBox();
  const pad = 30;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x1 - pad} ${box.y1 - pad} ${box.w + 2 * pad} ${box.h + 2 * pad}" font-family="sans-serif" font-size="10">`];
  cy.edges(":visible").forEach((e) => {
    const s = e.source().position(), t = e.target().position();
    const colour = e.hasClass("path") ? "#d55e00" : "#9aa3b1";
    parts.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="${colour}" stroke-width="${Math.min(6, 1 + e.data("weight"))}"/>`);
  });
  cy.nodes(":visible").forEach((n) => {
    const p = n.position();
    parts.push(`<circle cx="${p.x}" cy="${p.y}" r="11" fill="${n.data("colour") || "#dfe3ea"}" stroke="#1b1f24"/>`);
    parts.push(`<text x="${p.x}" y="${p.y + 24}" text-anchor="middle">${escapeXml(n.data("label"))}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

document.getElementById("path-button").addEventListener("click", findPath);
document.getElementById("lock").addEventListener("change", (event) => {
  state.locked = event.target.checked;
  if (state.locked) cy.nodes().lock();
  else cy.nodes().unlock();
});
document.getElementById("relayout").addEventListener("click", () => {
  cy.nodes().unlock();
  layout(true);
  if (state.locked) cy.nodes().lock();
});
document.getElementById("export-png").addEventListener("click", () => {
  download(cy.png({ full: true, bg: "#ffffff", scale: 2 }), "clew-chart.png");
});
document.getElementById("export-svg").addEventListener("click", () => {
  const url = URL.createObjectURL(new Blob([svgOf()], { type: "image/svg+xml" }));
  download(url, "clew-chart.svg");
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  restart();
});

window.clewChart = { cy, state, svgOf };
restart();
