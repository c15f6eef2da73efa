// Mosaic's analyst UI: a hash-routed single page over the read-only JSON API of `mosaic serve`.
//
// Safety rule: article text, names and snippets are data. Every string from the API reaches the
// page through text nodes (h() below never parses HTML), and the server's Content-Security-Policy
// refuses inline script. Links are built only from our own routes or http(s) URLs.
'use strict';

const STATUS = ['asserted', 'claimed', 'denied', 'unconfirmed', 'speculative', 'planned'];
const STATUS_COLOUR = { asserted: '#2e7d32', claimed: '#e08a00', denied: '#c62828',
  unconfirmed: '#7b4fa0', speculative: '#607d8b', planned: '#1565c0', unknown: '#9aa5b1' };
const TYPE_COLOUR = { person: '#d6487e', organization: '#2f6db5', place: '#3c9a3c', group: '#d08a1c' };

// ---------- DOM helpers (no innerHTML anywhere) ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'href') el.setAttribute('href', safeHref(v));
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}
// Our routes ("#/...") and http(s) URLs only: a javascript: URL from an article never becomes a link.
function safeHref(v) {
  const str = String(v);
  if (str.startsWith('#/')) return str;
  try {
    const u = new URL(str, location.href);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (e) { /* not a URL */ }
  return '#/';
}
const main = () => document.getElementById('main');
function show(...nodes) { const m = main(); m.replaceChildren(); append(m, nodes); }
function statusBadge(st) { const v = STATUS.includes(st) ? st : 'unknown'; return h('span', { class: `status ${v}`, title: `status: ${st || 'unknown'}` }, st || 'unknown'); }
function typeLabel(e) { return h('span', { class: 'type' }, e.type + (e.kind ? ` · ${e.kind}` : '')); }
function entityLink(e) { return h('a', { href: `#/entity/${e.id}`, 'data-entity': e.id }, e.name); }
function docLink(id, label) { return h('a', { href: `#/doc/${encodeURIComponent(id)}` }, label || id.slice(0, 10)); }
// "text [[span]] text" -> text with the span in <mark>.
function snippet(str) {
  const out = h('span', { class: 'snippet' });
  const parts = String(str || '').split(/\[\[|\]\]/);
  parts.forEach((p, i) => append(out, [i % 2 ? h('mark', {}, p) : p]));
  return out;
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({ error: { status: r.status, message: r.statusText } }));
  if (!r.ok) throw new Error((body.error && body.error.message) || `HTTP ${r.status}`);
  return body;
}
function errorBox(e) { return h('div', { class: 'error' }, `Could not load: ${e.message}`); }

// ---------- map: Natural Earth countries drawn as SVG, no tiles ----------
let worldPromise = null;
function world() {
  if (!worldPromise) {
    worldPromise = fetch('vendor/countries-50m.json').then((r) => r.json())
      .then((topo) => topojson.feature(topo, topo.objects.countries));
  }
  return worldPromise;
}
// points: [{lat, lon, label, kind: 'place'|'event', status, href, title}]
function mapView(points, opts = {}) {
  const width = 640, height = opts.height || 400;
  const svg = s('svg', { class: 'map', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Map of places and events' });
  const pts = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  if (!pts.length) svg.appendChild(s('text', { x: 20, y: 30 }, 'No geocoded places or events.'));
  world().then((countries) => {
    const projection = d3.geoMercator();
    if (pts.length) {
      // Fit the bulk of the points (the middle 70-84% when there are many), so one far-away
      // place does not shrink the region the reports are about; clamp to what Mercator can show.
      const q = (arr, f) => { const v = [...arr].sort((a, b) => a - b); return v[Math.min(v.length - 1, Math.max(0, Math.round(f * (v.length - 1))))]; };
      const lo = pts.length > 30 ? 0.15 : pts.length > 10 ? 0.08 : 0, hi = 1 - lo;
      const lons = pts.map((p) => p.lon), lats = pts.map((p) => p.lat);
      const [x0, x1, y0, y1] = [q(lons, lo), q(lons, hi), q(lats, lo), q(lats, hi)];
      const pad = Math.max(2, (x1 - x0) * 0.15, (y1 - y0) * 0.15);
      const clampLat = (v) => Math.max(-75, Math.min(80, v)), clampLon = (v) => Math.max(-180, Math.min(180, v));
      const box = { type: 'MultiPoint', coordinates: [
        [clampLon(x0 - pad), clampLat(y0 - pad)], [clampLon(x1 + pad), clampLat(y1 + pad)]] };
      projection.fitExtent([[10, 10], [width - 10, height - 10]], box);
    } else {
      projection.fitExtent([[10, 10], [width - 10, height - 10]], { type: 'MultiPoint', coordinates: [[14, 44], [42, 58]] });
    }
    projection.clipExtent([[0, 0], [width, height]]);
    const path = d3.geoPath(projection);
    const land = s('g', {});
    for (const f of countries.features) {
      const d = path(f);
      if (d) land.appendChild(s('path', { class: 'land', d }, s('title', {}, (f.properties && f.properties.name) || '')));
    }
    svg.insertBefore(land, svg.firstChild);
    const marks = s('g', {});
    for (const p of pts) {
      const xy = projection([p.lon, p.lat]);
      if (!xy) continue;
      const isEvent = p.kind === 'event';
      const mark = s('circle', { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: isEvent ? 5 : 6,
        class: isEvent ? 'event' : 'place', fill: isEvent ? STATUS_COLOUR[p.status] || STATUS_COLOUR.unknown : null,
        'data-label': p.label }, s('title', {}, p.title || p.label));
      const g = s('g', {}, mark);
      if (!isEvent && p.labelled !== false) g.appendChild(s('text', { x: (xy[0] + 8).toFixed(1), y: (xy[1] + 4).toFixed(1) }, p.label));
      if (p.href) { g.style.cursor = 'pointer'; g.addEventListener('click', () => { location.hash = p.href; }); }
      marks.appendChild(g);
    }
    svg.appendChild(marks);
  }).catch((e) => svg.appendChild(s('text', { x: 20, y: 50 }, `Map unavailable: ${e.message}`)));
  return svg;
}

function eventPoints(events) {
  return events.filter((e) => e.lat !== null && e.lon !== null).map((e) => ({
    lat: e.lat, lon: e.lon, kind: 'event', status: e.status, label: e.type,
    title: `${e.type}${e.date && e.date.value ? ' · ' + e.date.value : ''} · ${e.status}` +
      `${e.places && e.places.length ? ' · ' + e.places.map((p) => p.name).join(', ') : ''}`,
    href: `#/doc/${encodeURIComponent(e.doc_id)}` }));
}
// Places as map points; only the `labelled` most mentioned get a label (the rest a tooltip), so
// labels in a crowded region stay readable.
function placePoints(entities, labelled = 12) {
  const geo = entities.filter((e) => e.geo);
  const top = new Set([...geo].sort((a, b) => (b.mentions || 0) - (a.mentions || 0)).slice(0, labelled).map((e) => e.id));
  return geo.map((e) => ({ lat: e.geo.lat, lon: e.geo.lon, kind: 'place', labelled: top.has(e.id),
    label: e.name, title: `${e.name} (${e.geo.precision || 'place'}${e.geo.country ? ', ' + e.geo.country : ''}${e.mentions ? ', ' + e.mentions + ' mentions' : ''})`,
    href: `#/entity/${e.id}` }));
}

// ---------- timeline ----------
function eventDate(e) { return e.date && (e.date.start || e.date.value) ? Date.parse((e.date.start || e.date.value).slice(0, 10)) : NaN; }
function timelineView(events) {
  const dated = events.filter((e) => Number.isFinite(eventDate(e))).sort((a, b) => eventDate(a) - eventDate(b));
  const width = 900, height = 90;
  const svg = s('svg', { class: 'timeline', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Timeline of events' });
  if (!dated.length) { svg.appendChild(s('text', { x: 10, y: 45 }, 'No dated events.')); return svg; }
  // With many events, the axis spans the 5th-95th percentile so that one historical date ("since
  // 1948") does not squeeze the rest into a point; events outside sit at the ends.
  const times = dated.map(eventDate);
  const cut = dated.length > 10 ? Math.floor(dated.length * 0.05) : 0;
  let t0 = times[cut], t1 = times[times.length - 1 - cut];
  if (t1 - t0 < 864e5 * 30) { t0 -= 864e5 * 15; t1 += 864e5 * 15; }
  const x = (t) => 30 + (width - 60) * (Math.min(t1, Math.max(t0, t)) - t0) / (t1 - t0);
  svg.appendChild(s('line', { class: 'axis', x1: 30, x2: width - 30, y1: 60, y2: 60 }));
  const fmt = (t) => new Date(t).toISOString().slice(0, 10);
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (t1 - t0) * i / 4;
    svg.appendChild(s('text', { x: x(t) - 28, y: 80 }, fmt(t)));
  }
  const stack = {};
  for (const e of dated) {
    const cx = Math.round(x(eventDate(e)));
    const k = Math.round(cx / 8);
    stack[k] = (stack[k] || 0) + 1;
    const c = s('circle', { cx, cy: 60 - 9 * stack[k], r: 4, fill: STATUS_COLOUR[e.status] || STATUS_COLOUR.unknown },
      s('title', {}, `${fmt(eventDate(e))} ${e.type} (${e.status}${e.attribution && e.attribution.source ? ', per ' + e.attribution.source : ''})`));
    c.style.cursor = 'pointer';
    c.addEventListener('click', () => { location.hash = `#/doc/${encodeURIComponent(e.doc_id)}`; });
    svg.appendChild(c);
  }
  return svg;
}

// ---------- events and relations, coloured by status, with their source ----------
function eventItem(e) {
  const who = (label, list) => (list && list.length ? [` ${label} `, list.map((x, i) => [i ? ', ' : '', entityLink(x)])] : []);
  return h('li', { class: `fact ${STATUS.includes(e.status) ? e.status : ''}` },
    statusBadge(e.status), ' ', h('b', {}, e.type + (e.subtype ? ` / ${e.subtype}` : '')),
    e.date && e.date.value ? h('span', { class: 'muted' }, ` · ${e.date.value}`) : h('span', { class: 'muted' }, ' · undated'),
    who('by', e.actors), who('against', e.targets), who('in', e.places),
    e.casualties ? h('span', { class: 'muted' }, ` · ${e.casualties}`) : null,
    h('div', { class: 'small muted' }, 'source: ',
      e.attribution && e.attribution.source ? `${e.attribution.source}` : 'the article',
      e.attribution && e.attribution.cue ? ` (“${e.attribution.cue}”)` : '', ' · ', docLink(e.doc_id, 'open document')),
    h('div', {}, snippet(e.evidence && e.evidence.snippet)));
}
function relationItem(r) {
  return h('li', { class: `fact ${STATUS.includes(r.status) ? r.status : ''}` },
    statusBadge(r.status), ' ', entityLink(r.subject), ` — ${r.type} → `, entityLink(r.object),
    h('div', { class: 'small muted' }, 'source: ', r.attribution || 'the article', ' · ', docLink(r.evidence.doc_id, 'open document')),
    h('div', {}, snippet(r.evidence.snippet)));
}

// ---------- network ----------
function networkView(graph) {
  const box = h('div', { id: 'network', role: 'img', 'aria-label': 'Network of actors' });
  const legend = h('div', { class: 'small muted legend' }, 'Edges: solid = relation, dashed = shared event; colour = status. ',
    Object.entries(TYPE_COLOUR).map(([t, c]) => h('span', {}, '● ', t)));
  legend.querySelectorAll('span').forEach((sp, i) => { sp.style.color = Object.values(TYPE_COLOUR)[i]; });
  setTimeout(() => {
    if (typeof cytoscape !== 'function') return;
    const elements = [];
    for (const n of graph.nodes) {
      elements.push({ data: { id: String(n.id), label: n.name, type: n.type, centre: n.centre ? 1 : 0 } });
    }
    graph.edges.forEach((e, i) => elements.push({ data: { id: `e${i}`, source: String(e.source), target: String(e.target),
      label: e.type, kind: e.kind, colour: STATUS_COLOUR[e.status] || STATUS_COLOUR.unknown } }));
    const cy = cytoscape({ container: box, elements, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 1.6,
      layout: { name: graph.nodes.length > 2 ? 'cose' : 'grid', animate: false, randomize: false, padding: 20 },
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'background-color': '#888', width: 18, height: 18,
          'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#fff', 'text-outline-width': 2 } },
        ...Object.entries(TYPE_COLOUR).map(([t, c]) => ({ selector: `node[type = "${t}"]`, style: { 'background-color': c } })),
        { selector: 'node[centre = 1]', style: { width: 30, height: 30, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#12263f' } },
        { selector: 'edge', style: { width: 2, 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)',
          'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, color: '#555',
          'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
        { selector: 'edge[kind = "event"]', style: { 'line-style': 'dashed' } },
      ] });
    cy.on('tap', 'node', (ev) => { location.hash = `#/entity/${ev.target.id()}`; });
    window.__cy = cy;  // for the end-to-end test
  }, 0);
  return [box, legend];
}

// ---------- pages ----------
async function overview() {
  show(h('p', { class: 'muted' }, 'Loading…'));
  const [stats, docs, places, events] = await Promise.all([api('/api/stats'), api('/api/documents?limit=20'),
    api('/api/entities?limit=300'), api('/api/events?limit=500')]);
  show(h('h1', {}, 'Overview'),
    h('p', { class: 'muted', id: 'stats' }, `${stats.documents} documents · ${stats.entities} entities · ${stats.mentions} mentions · ` +
      `${stats.events} events · ${stats.relations} relations (${stats.backend})`),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Map of places and events'), mapView([...placePoints(places.items, 8), ...eventPoints(events.items)])),
      h('section', { class: 'card' }, h('h2', {}, 'Most mentioned'), h('ul', { class: 'plain' },
        places.items.slice(0, 15).map((e) => h('li', {}, entityLink(e), ' ', typeLabel(e), h('span', { class: 'muted small' }, ` · ${e.mentions} mentions in ${e.documents} documents`)))))),
    h('h2', {}, 'Timeline of events'), timelineView(events.items),
    h('h2', {}, 'Latest documents'), documentTable(docs.items));
}
function documentTable(items) {
  return h('table', { class: 'list' }, h('tr', {}, h('th', {}, 'Published'), h('th', {}, 'Title')),
    items.map((d) => h('tr', {}, h('td', { class: 'muted' }, d.published || '—'), h('td', {}, docLink(d.doc_id, d.title || d.url)))));
}
async function documents() {
  const docs = await api('/api/documents?limit=200');
  show(h('h1', {}, `Documents (${docs.total})`), documentTable(docs.items));
}

async function searchPage(q) {
  document.getElementById('q').value = q;
  show(h('p', { class: 'muted' }, `Searching “${q}”…`));
  // Text the full-text index cannot parse still finds entities by name.
  const r = await api(`/api/search?q=${encodeURIComponent(q)}&limit=30`).catch(async (e) => ({
    entities: (await api(`/api/entities?q=${encodeURIComponent(q)}&limit=30`)).items, documents: [], error: e.message }));
  show(h('h1', {}, `Results for “${q}”`),
    h('div', { class: 'grid' },
      h('section', { class: 'card', id: 'entity-results' }, h('h2', {}, `Entities (${r.entities.length})`),
        r.entities.length ? h('ul', { class: 'plain' }, r.entities.map((e) => h('li', {}, entityLink(e), ' ', typeLabel(e),
          h('span', { class: 'muted small' }, ` · ${e.mentions} mentions in ${e.documents} documents`)))) : h('p', { class: 'muted' }, 'No entity.')),
      h('section', { class: 'card', id: 'text-results' }, h('h2', {}, `In the text (${r.documents.length})`),
        r.documents.length ? h('ul', { class: 'plain' }, r.documents.map((d) => h('li', {}, docLink(d.doc_id, d.title || d.url),
          h('span', { class: 'muted small' }, d.published ? ` · ${d.published}` : ''), h('div', {}, snippet(d.snippet)))))
          : h('p', { class: 'muted' }, r.error ? `Text search failed: ${r.error}` : 'No document.'))));
}

async function entityPage(id) {
  show(h('p', { class: 'muted' }, 'Loading…'));
  const p = await api(`/api/entity/${id}`);
  const graph = await api(`/api/graph/${id}`).catch(() => ({ nodes: [], edges: [] }));
  const events = [...p.events_as_actor, ...p.events_as_target];
  const neighbours = graph.nodes.filter((n) => n.geo);
  // Places named in the entity's (first few) documents, by their store-wide ids.
  const docs = await Promise.all(p.documents_list.slice(0, 6).map((d) => api(`/api/documents/${encodeURIComponent(d.doc_id)}`).catch(() => null)));
  const cooccurring = new Map();
  for (const g of docs.filter(Boolean)) {
    for (const e of g.entities || []) {
      if (!e.geo || !e.store_id || e.store_id === p.id) continue;
      const c = cooccurring.get(e.store_id) || { id: e.store_id, name: e.name, geo: e.geo, mentions: 0 };
      c.mentions += e.mentions.length;
      cooccurring.set(e.store_id, c);
    }
  }
  const points = [...placePoints(p.geo ? [p] : []), ...placePoints(neighbours.filter((n) => n.id !== p.id)),
    ...placePoints([...cooccurring.values()], 10), ...eventPoints(events)];
  document.title = `${p.name} · Mosaic`;
  show(h('h1', { id: 'entity-name' }, p.name), h('p', {}, typeLabel(p), h('span', { class: 'muted' },
      ` · ${p.mentions} mentions in ${p.documents} documents` + (p.geo ? ` · ${p.geo.lat.toFixed(3)}, ${p.geo.lon.toFixed(3)} (${p.geo.precision || ''})` : ''))),
    h('div', { class: 'grid' },
      h('section', { class: 'card' },
        h('h2', {}, 'Names and spellings'), h('div', { id: 'aliases' }, p.aliases.map((a) => h('span', { class: 'chip' }, a.text, h('b', {}, a.mentions)))),
        h('h2', {}, 'Roles'), p.roles.length ? h('div', {}, p.roles.map((r) => h('span', { class: 'chip' }, r.title, h('b', {}, r.documents)))) : h('p', { class: 'muted' }, 'None stated.'),
        h('h2', {}, `Documents (${p.documents_list.length})`), h('ul', { class: 'plain' }, p.documents_list.map((d) =>
          h('li', {}, docLink(d.doc_id, d.title || d.url), h('span', { class: 'muted small' }, ` · ${d.published || ''} · ${d.mentions} mentions`))))),
      h('section', { class: 'card' }, h('h2', {}, 'Map'), h('p', { class: 'small muted' }, 'Places of its events, of the actors linked to it, and places named in the same reports.'), h('div', { id: 'entity-map' }, mapView(points)))),
    h('h2', {}, `Network (${graph.nodes.length} actors, ${graph.edges.length} links)`), networkView(graph),
    h('h2', {}, 'Timeline'), timelineView(events),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, `Events as actor (${p.events_as_actor.length})`),
        p.events_as_actor.length ? h('ul', { class: 'plain' }, p.events_as_actor.map(eventItem)) : h('p', { class: 'muted' }, 'None.')),
      h('section', { class: 'card' }, h('h2', {}, `Events as target (${p.events_as_target.length})`),
        p.events_as_target.length ? h('ul', { class: 'plain' }, p.events_as_target.map(eventItem)) : h('p', { class: 'muted' }, 'None.'))),
    h('h2', {}, `Relations (${p.relations.length})`), p.relations.length ? h('ul', { class: 'plain' }, p.relations.map(relationItem)) : h('p', { class: 'muted' }, 'None.'),
    h('h2', {}, 'Evidence'), h('ul', { class: 'plain' }, p.evidence.map((e) => h('li', {}, snippet(e.snippet), ' ', docLink(e.doc_id, 'open')))));
}

// The document with every mention, date, number and event trigger highlighted with its type.
async function docPage(id) {
  show(h('p', { class: 'muted' }, 'Loading…'));
  const g = await api(`/api/documents/${encodeURIComponent(id)}`);
  const cps = Array.from(g.text || '');  // offsets are code points
  const spans = [];
  const byLocal = {};
  for (const e of g.entities || []) {
    byLocal[e.id] = e;
    for (const m of e.mentions) spans.push({ start: m.start, end: m.end, cls: e.type, label: e.kind && e.kind !== 'other' ? `${e.type}:${e.kind}` : e.type,
      title: `${e.name} (${e.type}${e.kind ? ' · ' + e.kind : ''})`, href: e.store_id ? `#/entity/${e.store_id}` : null, prio: 2 });
  }
  for (const d of g.dates || []) spans.push({ start: d.start, end: d.end, cls: 'date', label: 'date', title: `${d.type}: ${d.value || 'unresolved'}${d.note ? ' — ' + d.note : ''}`, prio: 1 });
  for (const q of g.quantities || []) spans.push({ start: q.start, end: q.end, cls: 'quantity', label: q.role || 'number', title: `${q.approx || ''} ${q.value}`, prio: 0 });
  for (const ev of g.events || []) {
    const t = ev.trigger || {};
    if (Number.isFinite(t.start)) spans.push({ start: t.start, end: t.end, cls: 'trigger', label: `event:${ev.type}`,
      title: `${ev.type} · ${ev.attribution ? ev.attribution.status : ''}`, prio: 3 });
  }
  // Nested or overlapping spans: keep the higher-priority, then the longer one.
  spans.sort((a, b) => a.start - b.start || b.prio - a.prio || (b.end - b.start) - (a.end - a.start));
  const text = h('div', { class: 'doctext', id: 'doctext' });
  let pos = 0;
  for (const sp of spans) {
    if (sp.start < pos || sp.end > cps.length || sp.end <= sp.start) continue;
    text.appendChild(document.createTextNode(cps.slice(pos, sp.start).join('')));
    const mark = h('mark', { class: `ent ${sp.cls}`, title: sp.title, 'data-type': sp.label }, cps.slice(sp.start, sp.end).join(''));
    if (sp.href) mark.addEventListener('click', () => { location.hash = sp.href; });
    text.appendChild(mark);
    pos = sp.end;
  }
  text.appendChild(document.createTextNode(cps.slice(pos).join('')));
  const doc = g.doc || {};
  document.title = `${doc.title || 'Document'} · Mosaic`;
  const name = (lid) => (byLocal[lid] ? byLocal[lid].name : lid);
  const events = (g.events || []).map((ev) => {
    const st = ev.attribution ? ev.attribution.status : '';
    return h('li', { class: `fact ${st}` }, statusBadge(st), ' ', h('b', {}, ev.type), ev.subtype ? ` / ${ev.subtype}` : '',
      ev.actors && ev.actors.length ? ` by ${ev.actors.map(name).join(', ')}` : '',
      ev.targets && ev.targets.length ? ` against ${ev.targets.map(name).join(', ')}` : '',
      ev.places && ev.places.length ? ` in ${ev.places.map(name).join(', ')}` : '',
      ev.date && ev.date.value ? ` · ${ev.date.value}` : '',
      h('div', { class: 'small muted' }, 'source: ', ev.attribution && ev.attribution.source_text ? ev.attribution.source_text : 'the article',
        ev.attribution && ev.attribution.cue ? ` (“${ev.attribution.cue}”)` : ''));
  });
  show(h('h1', { id: 'doc-title' }, doc.title || doc.url || id),
    h('p', { class: 'muted' }, doc.published || 'undated', ' · ', doc.url ? h('a', { href: doc.url, rel: 'noreferrer' }, doc.url) : ''),
    h('p', { class: 'legend small' }, ['person', 'organization', 'place', 'group', 'date', 'quantity', 'trigger'].map((t) => h('span', { class: `ent ${t}` }, t === 'trigger' ? 'event trigger' : t))),
    text,
    h('h2', {}, `Events (${events.length})`), events.length ? h('ul', { class: 'plain' }, events) : h('p', { class: 'muted' }, 'None found.'));
}

// ---------- router ----------
async function route() {
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  try {
    let m;
    if ((m = path.match(/^\/entity\/(\d+)$/))) await entityPage(m[1]);
    else if ((m = path.match(/^\/doc\/([A-Za-z0-9_-]+)$/))) await docPage(m[1]);
    else if (path === '/search') await searchPage(params.get('q') || '');
    else if (path === '/documents') await documents();
    else await overview();
  } catch (e) {
    show(errorBox(e));
  }
  document.body.dataset.ready = hash;  // the end-to-end test waits for this
}
document.getElementById('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = document.getElementById('q').value.trim();
  if (q) location.hash = `#/search?q=${encodeURIComponent(q)}`;
});
window.addEventListener('hashchange', route);
route();
