// Country map island (issue 14 item 6): d3-geo over world-atlas's 1:110m countries, served
// from this origin (no tiles, no other host: which countries an analyst looks at is a leak).
// A choropleth of subjects, phone numbers or money per country, arcs for money flows and
// cross-border ties, and a click on a country (or its row in the table) lists its subjects
// with the evidence that placed them there.
import { api, clear, line } from "./api.js";

const ATLAS = "/static/vendor/world-atlas-2.0.2/countries-110m.json";
const svg = d3.select("#map");
const panel = document.getElementById("country-panel");
const measure = document.getElementById("map-measure");
const showMoney = document.getElementById("map-money");
const showTies = document.getElementById("map-ties");
const strongest = document.getElementById("map-top");
const status = document.getElementById("map-status");
const WIDTH = 960, HEIGHT = 500;

let data = null, features = [], byNumeric = new Map(), path = null;

function value(c) {
  return c ? c[measure.value] || 0 : 0;
}

function paint() {
  const figures = new Map(data.countries.map((c) => [c.numeric, c]));
  const top = d3.max(data.countries, value) || 1;
  const colour = d3.scaleSequentialSqrt(d3.interpolateBlues).domain([0, top]);
  svg.selectAll("path.country")
    .attr("fill", (f) => (value(figures.get(f.id)) ? colour(value(figures.get(f.id))) : "#eef0f3"))
    .classed("has-data", (f) => Boolean(value(figures.get(f.id))));
  const legend = document.getElementById("map-legend");
  legend.textContent = `${measure.selectedOptions[0].textContent}: 0 to ${top.toLocaleString()}` +
    (measure.value === "sent" || measure.value === "received" ? ` ${data.currency}` : "");
  drawArcs();
}

function centre(code) {
  const c = data.countries.find((x) => x.country === code);
  const f = c && byNumeric.get(c.numeric);
  return f ? path.centroid(f) : null;
}

function strongestOf(kind) {
  // the strongest arcs of a kind first: hundreds of flows drawn at once hide the countries
  const all = data.arcs.filter((a) => a.kind === kind).sort((x, y) => y.value - x.value);
  return strongest.value === "all" ? all : all.slice(0, Number(strongest.value));
}

function drawArcs() {
  const wanted = [...(showMoney.checked ? strongestOf("money") : []), ...(showTies.checked ? strongestOf("ties") : [])];
  const top = d3.max(wanted, (a) => a.value) || 1;
  const width = d3.scaleSqrt().domain([0, top]).range([0.8, 5]);
  const drawn = wanted.map((a) => ({ ...a, from: centre(a.source), to: centre(a.target) })).filter((a) => a.from && a.to);
  svg.select("g.arcs").selectAll("path.arc")
    .data(drawn, (a) => `${a.kind}:${a.source}:${a.target}`)
    .join("path")
    .attr("class", (a) => `arc ${a.kind}`)
    .attr("d", (a) => {
      const [x1, y1] = a.from, [x2, y2] = a.to;
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.25, my = (y1 + y2) / 2 + (x2 - x1) * 0.25;
      return `M${x1},${y1} Q${mx},${my} ${x2},${y2}`;
    })
    .attr("stroke-width", (a) => width(a.value))
    .attr("marker-end", (a) => (a.kind === "money" ? "url(#arrow)" : null))
    .selectAll("title").data((a) => [a]).join("title")
    .text((a) => (a.kind === "money"
      ? `${a.source} → ${a.target}: ${a.value.toLocaleString()} ${data.currency} in ${a.count} payments`
      : `${a.source} — ${a.target}: ${a.count} ties`));
  const counts = ["money", "ties"].map((k) => [wanted.filter((a) => a.kind === k).length, data.arcs.filter((a) => a.kind === k).length]);
  status.textContent = `${data.countries.length} countries with figures; arcs drawn: ` +
    `${counts[0][0]} of ${counts[0][1]} money flows, ${counts[1][0]} of ${counts[1][1]} cross-border tie pairs`;
}

async function openCountry(code) {
  panel.dataset.state = "loading";
  clear(panel);
  panel.dataset.country = code;
  line(panel, "h2", `Subjects placed in ${code}`);
  let found;
  try {
    found = await api(`/map/countries/${encodeURIComponent(code)}`);
  } catch (err) {
    line(panel, "p", `Could not load: ${err.message}`, "error");
    panel.dataset.state = "error";
    return;
  }
  if (!found.subjects.length) {
    line(panel, "p", "No subject has this as its chosen country.", "empty");
    panel.dataset.state = "ready";
    return;
  }
  const list = line(panel, "ol", "", "placed");
  for (const s of found.subjects) {
    const item = line(list, "li", "");
    const link = line(item, "a", s.name || s.subject_id);
    link.href = `/subjects/${encodeURIComponent(s.subject_id)}`;
    line(item, "span", ` · syndicate ${s.syndicate_id || "none"} · confidence ${s.confidence}` +
      (s.others.length ? ` · also ${s.others.join(", ")}` : ""), "hint");
    const ev = line(item, "ul", "", "evidence");
    for (const e of s.evidence) line(ev, "li", e);
  }
  if (found.more) line(panel, "p", `+${found.more} more`, "hint");
  panel.dataset.state = "ready";
}

function table() {
  const body = document.querySelector("#map-table tbody");
  clear(body);
  for (const c of [...data.countries].sort((a, b) => b.subjects - a.subjects || a.country.localeCompare(b.country))) {
    const row = line(body, "tr", "");
    const cell = line(row, "td", "");
    const button = line(cell, "button", c.country, "link");
    button.type = "button";
    button.addEventListener("click", () => openCountry(c.country));
    for (const k of ["subjects", "phones", "sent", "received"]) line(row, "td", c[k].toLocaleString(), "num");
    if (!byNumeric.has(c.numeric)) row.className = "unmapped";
  }
}

async function start() {
  svg.attr("data-state", "loading");
  const [atlas, figures] = await Promise.all([
    fetch(ATLAS, { credentials: "same-origin" }).then((r) => r.json()),
    api("/map"),
  ]);
  data = figures;
  features = topojson.feature(atlas, atlas.objects.countries).features;
  byNumeric = new Map(features.map((f) => [f.id, f]));
  const projection = d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features });
  path = d3.geoPath(projection);
  svg.attr("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  const defs = svg.append("defs");
  defs.append("marker").attr("id", "arrow").attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
    .attr("markerUnits", "userSpaceOnUse") // the same small head on thin and thick arcs
    .attr("markerWidth", 7).attr("markerHeight", 7).attr("orient", "auto-start-reverse")
    .append("path").attr("d", "M0,0 L10,5 L0,10 z").attr("class", "arrow-head");
  const world = svg.append("g").attr("class", "world");
  const code = new Map(data.countries.map((c) => [c.numeric, c.country]));
  world.selectAll("path.country").data(features).join("path")
    .attr("class", "country")
    .attr("d", path)
    .attr("data-country", (f) => code.get(f.id) || null)
    .on("click", (event, f) => code.get(f.id) && openCountry(code.get(f.id)))
    .append("title").text((f) => {
      const c = data.countries.find((x) => x.numeric === f.id);
      return c ? `${f.properties.name}: ${c.subjects} subjects, ${c.phones} phone numbers` : f.properties.name;
    });
  world.append("g").attr("class", "arcs");
  svg.call(d3.zoom().scaleExtent([1, 8]).on("zoom", (event) => world.attr("transform", event.transform)));
  paint();
  table();
  svg.attr("data-state", "ready");
}

measure.addEventListener("change", paint);
showMoney.addEventListener("change", drawArcs);
showTies.addEventListener("change", drawArcs);
strongest.addEventListener("change", drawArcs);
window.clewMap = { openCountry };
start().catch((err) => {
  status.textContent = `Could not draw the map: ${err.message}`;
  svg.attr("data-state", "error");
});
