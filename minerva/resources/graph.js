(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("graph");
  var NS = svg.namespaceURI;
  var COLORS = { problem: "#d1495b", cause: "#e89f1c", measure: "#1b9e77", report: "#3d6fb6" };
  var KIND_NAMES = { problem: "问题 problem", cause: "原因 cause", measure: "措施 measure", report: "报告 report" };
  var MEASURE_KINDS = { temporary: "临时 temporary", permanent: "永久 permanent",
    preventive: "预防 preventive", unspecified: "未注明 unspecified" };
  var nodes = data.nodes, edges = data.edges, n = nodes.length;
  var byId = {};
  nodes.forEach(function (d, i) { d.index = i; byId[d.id] = d; });
  var reportById = {};
  nodes.forEach(function (d) { if (d.kind === "report") { reportById[d.id.split(":")[1]] = d; } });
  var neighbours = nodes.map(function () { return []; });
  edges.forEach(function (e) { neighbours[e[0]].push(e[1]); neighbours[e[1]].push(e[0]); });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svgEl(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function short(text, max) { text = text || ""; return text.length > max ? text.slice(0, max - 1) + "…" : text; }
  function radius(d) { return d.kind === "report" ? 7 : 5 + 2.5 * Math.sqrt(d.support_reports || 1); }

  // ---------------------------------------------------------------- header
  document.getElementById("page-title").textContent = data.title || "minerva";
  var counts = {};
  nodes.forEach(function (d) { counts[d.kind] = (counts[d.kind] || 0) + 1; });
  document.getElementById("summary").textContent = ["problem", "cause", "measure", "report"].map(function (k) {
    return (counts[k] || 0) + " " + KIND_NAMES[k].split(" ")[0];
  }).join(" · ") + " · " + (data.generator || "") + " · " + (data.generated || "");
  var kindBox = document.getElementById("kinds");
  ["problem", "cause", "measure", "report"].forEach(function (k) {
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-kind": k });
    box.checked = true;
    box.addEventListener("change", function () { svg.classList.toggle("hide-" + k, !box.checked); });
    var swatch = el("span", { "class": "swatch" });
    swatch.style.background = COLORS[k];
    label.appendChild(box); label.appendChild(swatch); label.appendChild(document.createTextNode(KIND_NAMES[k]));
    kindBox.appendChild(label);
  });

  // ---------------------------------------------------------------- layout (force-directed, seeded)
  var seed = 20240601;
  function random() {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  var xs = new Float64Array(n), ys = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
  var K = 60, spread = Math.sqrt(n) * K * 0.8 + 1;
  for (var i = 0; i < n; i++) {
    var a = random() * 2 * Math.PI, r = spread * Math.sqrt(random());
    xs[i] = r * Math.cos(a); ys[i] = r * Math.sin(a);
  }
  var cell = 3 * K, temperature = spread / 3;
  var iterations = n > 3000 ? 80 : n > 800 ? 150 : 300;
  var cooling = Math.pow(0.5 / temperature, 1 / iterations);
  for (var it = 0; it < iterations; it++) {
    dx.fill(0); dy.fill(0);
    var grid = new Map();
    for (i = 0; i < n; i++) {
      var key = Math.floor(xs[i] / cell) + "," + Math.floor(ys[i] / cell);
      var bucket = grid.get(key);
      if (bucket) { bucket.push(i); } else { grid.set(key, [i]); }
    }
    for (i = 0; i < n; i++) {
      var cx = Math.floor(xs[i] / cell), cy = Math.floor(ys[i] / cell);
      for (var ox = -1; ox <= 1; ox++) {
        for (var oy = -1; oy <= 1; oy++) {
          var near = grid.get((cx + ox) + "," + (cy + oy));
          if (!near) { continue; }
          for (var q = 0; q < near.length; q++) {
            var j = near[q];
            if (j === i) { continue; }
            var ddx = xs[i] - xs[j], ddy = ys[i] - ys[j], d2 = ddx * ddx + ddy * ddy;
            if (d2 < 0.01) { ddx = random() - 0.5; ddy = random() - 0.5; d2 = 0.5; }
            if (d2 > cell * cell) { continue; }
            var f = K * K / d2;
            dx[i] += ddx * f; dy[i] += ddy * f;
          }
        }
      }
    }
    for (q = 0; q < edges.length; q++) {
      var s = edges[q][0], t = edges[q][1];
      var ex = xs[s] - xs[t], ey = ys[s] - ys[t], dist = Math.sqrt(ex * ex + ey * ey) || 0.01;
      var pull = dist / K;
      dx[s] -= ex * pull; dy[s] -= ey * pull; dx[t] += ex * pull; dy[t] += ey * pull;
    }
    for (i = 0; i < n; i++) {
      dx[i] -= xs[i] * 0.03; dy[i] -= ys[i] * 0.03;
      var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (len > 0) {
        var step = Math.min(len, temperature) / len;
        xs[i] += dx[i] * step; ys[i] += dy[i] * step;
      }
    }
    temperature *= cooling;
  }

  // ---------------------------------------------------------------- drawing
  var view = svgEl("g", { id: "viewport" });
  var edgeLayer = svgEl("g", { "class": "edges" }), nodeLayer = svgEl("g", { "class": "nodes" });
  view.appendChild(edgeLayer); view.appendChild(nodeLayer); svg.appendChild(view);
  var edgeEls = edges.map(function (e) {
    var line = svgEl("line", {
      x1: xs[e[0]].toFixed(1), y1: ys[e[0]].toFixed(1), x2: xs[e[1]].toFixed(1), y2: ys[e[1]].toFixed(1),
      "class": "edge r-" + e[2] + " k-" + nodes[e[0]].kind + " k-" + nodes[e[1]].kind,
      "stroke-width": (0.8 + Math.log(e[3] || 1)).toFixed(2)
    });
    edgeLayer.appendChild(line);
    return line;
  });
  var nodeEls = nodes.map(function (d, i) {
    var failed = d.kind === "measure" && (d.ineffective || 0) > (d.effective || 0);
    var g = svgEl("g", { "class": "node k-" + d.kind + (failed ? " failed" : ""), "data-id": d.id,
      transform: "translate(" + xs[i].toFixed(1) + "," + ys[i].toFixed(1) + ")" });
    var circle = svgEl("circle", { r: radius(d).toFixed(1), fill: COLORS[d.kind] || "#888" });
    var tip = svgEl("title");
    tip.textContent = KIND_NAMES[d.kind] + ": " + d.label;
    circle.appendChild(tip);
    var label = svgEl("text", { x: (radius(d) + 3).toFixed(1), y: "4" });
    label.textContent = short(d.label, 16);
    var always = n <= 400 && (d.kind === "problem" || (d.support_reports || 0) >= 3);
    if (!always) { label.setAttribute("class", "hidden"); }
    g.appendChild(circle); g.appendChild(label);
    g.addEventListener("click", function (event) { event.stopPropagation(); select(i); });
    nodeLayer.appendChild(g);
    return g;
  });
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e, q) { incident[e[0]].push(q); incident[e[1]].push(q); });

  // ---------------------------------------------------------------- pan and zoom
  var state = { x: 0, y: 0, k: 1 };
  function apply() {
    view.setAttribute("transform", "translate(" + state.x + "," + state.y + ") scale(" + state.k + ")");
  }
  function fit() {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    if (!n) { state = { x: w / 2, y: h / 2, k: 1 }; apply(); return; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < n; i++) {
      minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]);
      minY = Math.min(minY, ys[i]); maxY = Math.max(maxY, ys[i]);
    }
    var k = Math.min(w / (maxX - minX + 120), h / (maxY - minY + 80), 2.5);
    state = { k: k, x: w / 2 - k * (minX + maxX) / 2, y: h / 2 - k * (minY + maxY) / 2 };
    apply();
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = svg.getBoundingClientRect(), px = event.clientX - box.left, py = event.clientY - box.top;
    var factor = Math.exp(-event.deltaY * 0.0015), k = Math.max(0.05, Math.min(8, state.k * factor));
    state.x = px - (px - state.x) * k / state.k; state.y = py - (py - state.y) * k / state.k; state.k = k;
    apply();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest(".node")) { return; }
    drag = { x: event.clientX, y: event.clientY, sx: state.x, sy: state.y, moved: false };
    svg.classList.add("panning");
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var mx = event.clientX - drag.x, my = event.clientY - drag.y;
    if (Math.abs(mx) + Math.abs(my) > 3) { drag.moved = true; }
    state.x = drag.sx + mx; state.y = drag.sy + my; apply();
  });
  window.addEventListener("pointerup", function () {
    svg.classList.remove("panning");
    setTimeout(function () { drag = null; }, 0);
  });
  svg.addEventListener("click", function () { if (!drag || !drag.moved) { clear(); } });
  document.getElementById("fit").addEventListener("click", fit);
  window.addEventListener("resize", fit);
  document.getElementById("all-labels").addEventListener("change", function (event) {
    svg.classList.toggle("all-labels", event.target.checked);
  });

  // ---------------------------------------------------------------- selection and evidence panel
  var body = document.getElementById("panel-body"), hint = document.getElementById("panel-hint");
  var selected = -1;
  function clear() {
    selected = -1;
    svg.classList.remove("focus");
    nodeEls.forEach(function (g) { g.classList.remove("near", "selected"); });
    edgeEls.forEach(function (line) { line.classList.remove("near"); });
    body.replaceChildren(); hint.hidden = false;
  }
  function select(i) {
    clear();
    selected = i;
    svg.classList.add("focus");
    nodeEls[i].classList.add("near", "selected");
    neighbours[i].forEach(function (j) { nodeEls[j].classList.add("near"); });
    incident[i].forEach(function (q) { edgeEls[q].classList.add("near"); });
    hint.hidden = true;
    show(nodes[i]);
  }
  function section(title) { body.appendChild(el("h3", null, title)); }
  function list(items, render) {
    var ul = el("ul");
    items.forEach(function (item) { var li = el("li"); render(li, item); ul.appendChild(li); });
    body.appendChild(ul);
  }
  function reportItem(li, report) {
    li.appendChild(nodeLink(report));
    li.appendChild(el("div", { "class": "meta" }, [report.org || "—", report.date || "—"].join(" · ")));
    (report.files || []).forEach(function (f) { li.appendChild(el("div", { "class": "meta" }, f)); });
  }
  function nodeLink(d) {
    var link = el("span", { role: "button", tabindex: "0", "class": "link" }, d.label);
    function go() { select(d.index); centre(d.index); }
    link.addEventListener("click", go);
    link.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
    return link;
  }
  function centre(i) {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    state.x = w / 2 - state.k * xs[i]; state.y = h / 2 - state.k * ys[i];
    apply();
  }
  function show(d) {
    body.replaceChildren();
    var badge = el("span", { "class": "badge" }, KIND_NAMES[d.kind] || d.kind);
    badge.style.background = COLORS[d.kind] || "#888";
    body.appendChild(badge);
    body.appendChild(el("h2", { id: "panel-title" }, d.label));
    if (d.kind === "report") {
      body.appendChild(el("div", { "class": "meta" }, [d.org || "—", d.date || "—"].join(" · ")));
      section("文件 files");
      list(d.files || [], function (li, f) { li.textContent = f; });
    } else {
      var facts = [];
      if (d.fivem1e) { facts.push("5M1E: " + d.fivem1e); }
      if (d.measure_kind) { facts.push(MEASURE_KINDS[d.measure_kind] || d.measure_kind); }
      facts.push("支持 support: " + d.support_reports + " 份报告 reports, " + d.support_cases + " 个案例 cases");
      if (d.first_date) {
        facts.push(d.first_date === d.last_date ? d.first_date : d.first_date + " – " + d.last_date);
      }
      facts.forEach(function (text) { body.appendChild(el("div", { "class": "meta" }, text)); });
      if (d.kind === "measure") {
        var effect = el("div", { "class": "effect", id: "panel-effect" });
        effect.appendChild(el("span", { "class": "eff-yes" }, "有效 effective " + (d.effective || 0)));
        effect.appendChild(el("span", { "class": "eff-no" }, "无效 ineffective " + (d.ineffective || 0)));
        effect.appendChild(el("span", { "class": "eff-na" }, "未评价 not evaluated " + (d.not_evaluated || 0)));
        body.appendChild(effect);
      }
      var others = (d.texts || []).filter(function (t) { return t !== d.label; });
      if (others.length) {
        section("其他说法 other wordings");
        list(others, function (li, t) { li.textContent = t; });
      }
      var reports = (d.reports || []).map(function (id) { return reportById[id]; }).filter(Boolean);
      if (reports.length) { section("报告 reports"); list(reports, reportItem); }
    }
    ["problem", "cause", "measure"].forEach(function (kind) {
      var linked = neighbours[d.index].map(function (j) { return nodes[j]; })
        .filter(function (x, pos, all) { return x.kind === kind && all.indexOf(x) === pos; });
      if (!linked.length) { return; }
      section("相关" + KIND_NAMES[kind].split(" ")[0] + " linked " + KIND_NAMES[kind].split(" ")[1] + "s");
      list(linked, function (li, x) { li.appendChild(nodeLink(x)); });
    });
  }

  // ---------------------------------------------------------------- search
  var search = document.getElementById("search");
  search.addEventListener("input", function () {
    var needle = search.value.trim().toLowerCase();
    nodes.forEach(function (d, i) {
      var hay = [d.label].concat(d.texts || []).join("\n").toLowerCase();
      nodeEls[i].classList.toggle("match", needle.length > 0 && hay.indexOf(needle) >= 0);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    var hit = nodeEls.findIndex(function (g) { return g.classList.contains("match"); });
    if (hit >= 0) { select(hit); centre(hit); }
  });

  fit();
  document.body.setAttribute("data-ready", "1");
})();
