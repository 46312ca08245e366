// powermap interactive map. Every text from the data goes on screen through textContent, canvas
// fillText or vis-network's text tooltips; nothing here ever assigns innerHTML.
(function () {
  "use strict";
  var timings = { start: performance.now() };
  var data = JSON.parse(document.getElementById("powermap-data").textContent);
  var FOLD_PREFIX = data.fold_prefix;
  var ui = data.ui;
  var NO_DEPARTMENT = ui.no_department;
  var CARD = data.card;               // card size and the font sizes the layout was made for
  var MIN_PX = 11;                     // a name is readable from 11 CSS px
  var FONT = getComputedStyle(document.body).fontFamily;

  var stance = {};
  data.legend.stances.forEach(function (s) { stance[String(s.value)] = s; });
  var roleChip = {}, roleName = {};
  data.legend.roles.forEach(function (r) { roleChip[r.id] = r.chip; roleName[r.id] = r.name; });
  var relationshipName = data.legend.relationships;
  var linkStyle = data.legend.links;

  var people = new Map();
  data.nodes.forEach(function (n) { people.set(n.id, n); });
  var MAX_INFLUENCE = Math.max.apply(null, data.nodes.map(function (n) { return n.effective_influence; }).concat([1e-9]));
  var labelled = data.nodes.filter(function (n) { return n.label !== null && n.label !== undefined; })
    .sort(function (a, b) { return a.label - b.label; });
  var highGap = new Set();
  data.gaps.forEach(function (g) { if (g.severity === "high") g.contacts.forEach(function (p) { highGap.add(p); }); });

  function departmentOf(n) { return n.department || ""; }
  function departmentLabel(d) { return d || NO_DEPARTMENT; }

  function tooltip(n) {
    var lines = [n.name];
    if (n.title) lines.push(n.title);
    var place = [n.department, ui.levels[n.level] || n.level].filter(Boolean).join(" \u00b7 ");
    if (place) lines.push(place);
    if (n.roles.length) lines.push(ui.role + ui.colon + n.roles.map(function (r) { return roleName[r] || r; }).join(ui.list_sep));
    var s = stance[String(n.stance)];
    lines.push(ui.stance + ui.colon + s.glyph + " " + s.name);
    lines.push(ui.influence + ui.colon + (n.influence === null ? stance["null"].name : n.influence + "/5") +
               " \u00b7 " + ui.effective + " " + Math.round(n.effective_influence * 100) + "%" +
               (n.rank ? " \u00b7 #" + n.rank : ""));
    lines.push(ui.relationship + ui.colon + (n.relationship ? relationshipName[String(n.relationship)] : ui.not_engaged));
    if (n.owner) lines.push(ui.owner + ui.colon + n.owner);
    if (n.competitor) lines.push(ui.leans_to + ui.colon + n.competitor);
    if (n.last_contact) lines.push(ui.last_contact + ui.colon + n.last_contact);
    if (n.notes) lines.push(ui.notes + ui.colon + n.notes);
    n.gaps.forEach(function (k) { var g = data.gaps[k]; lines.push(ui.aside.replace("{text}", ui.gap).replace("{aside}", ui.grades[g.severity]) + ui.colon + g.message); });
    return lines.join("\n");
  }

  // -- drawing one card ------------------------------------------------------------------------
  var ringGaps = true;
  var W = CARD.w, H = CARD.h, BAND = CARD.band;

  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y); ctx.lineTo(x + w - r, y); ctx.quadraticCurveTo(x + w, y, x + w, y + r);
    ctx.lineTo(x + w, y + h - r); ctx.quadraticCurveTo(x + w, y + h, x + w - r, y + h);
    ctx.lineTo(x + r, y + h); ctx.quadraticCurveTo(x, y + h, x, y + h - r);
    ctx.lineTo(x, y + r); ctx.quadraticCurveTo(x, y, x + r, y);
    ctx.closePath();
  }

  function drawPerson(ctx, n, cx, cy, selected, hover) {
    var x = cx - W / 2, y = cy - H / 2;
    var s = stance[String(n.stance)];
    var scale = ctx.getTransform().a / (window.devicePixelRatio || 1);
    if (ringGaps && highGap.has(n.id)) {
      roundRect(ctx, x - 5, y - 5, W + 10, H + 10, 8);
      ctx.fillStyle = "rgba(213,0,0,0.85)"; ctx.fill();
    }
    roundRect(ctx, x, y, W, H, 5);
    ctx.fillStyle = n.relationship ? "#ffffff" : "#f3f4f5"; ctx.fill();
    if (scale * CARD.name_px < 3) {  // far out: a coloured block is all anyone can see
      ctx.fillStyle = s.colour; ctx.fillRect(x, y, BAND, H);
      return;
    }
    ctx.save();
    roundRect(ctx, x, y, W, H, 5); ctx.clip();
    ctx.fillStyle = s.colour; ctx.fillRect(x, y, BAND, H);
    ctx.restore();
    ctx.textBaseline = "middle"; ctx.textAlign = "center";
    ctx.fillStyle = s.ink;
    ctx.font = "700 " + CARD.glyph_px + "px " + FONT;
    ctx.fillText(s.glyph, x + BAND / 2, y + H / 2);
    // border: depth of the relationship; dashed grey = not engaged
    roundRect(ctx, x, y, W, H, 5);
    if (n.relationship) {
      ctx.setLineDash([]); ctx.strokeStyle = "#263238"; ctx.lineWidth = 0.8 + 0.9 * n.relationship;
    } else {
      ctx.setLineDash([5, 4]); ctx.strokeStyle = "#78909c"; ctx.lineWidth = 1.5;
    }
    if (selected || hover) { ctx.setLineDash([]); ctx.strokeStyle = "#000"; ctx.lineWidth = selected ? 4 : 3; }
    ctx.stroke();
    ctx.setLineDash([]);
    // influence: a bar along the top edge, full for the most influential person on the map
    ctx.fillStyle = "#5e35b1";
    ctx.fillRect(x + BAND + 2, y + 2, Math.max(2, (W - BAND - 8) * n.effective_influence / MAX_INFLUENCE), 4);
    var left = x + BAND + 7, room = W - BAND - 12;
    ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
    ctx.fillStyle = "#1c262b";
    ctx.font = "700 " + CARD.name_px + "px " + FONT;
    var nameRoom = n.relationship ? room : room - 16;
    ctx.fillText(n.name, left, y + 18.5, nameRoom);  // clear of the influence bar, Chinese glyphs too
    if (!n.relationship) {  // "not engaged" mark in the corner
      ctx.strokeStyle = "#607d8b"; ctx.lineWidth = 1.6;
      ctx.beginPath(); ctx.arc(x + W - 11, y + 12, 5.5, 0, 2 * Math.PI); ctx.moveTo(x + W - 15, y + 16);
      ctx.lineTo(x + W - 7, y + 8); ctx.stroke();
    }
    ctx.font = CARD.title_px + "px " + FONT;
    ctx.fillStyle = "#37474f";
    n.lines.forEach(function (line, k) { ctx.fillText(line, left, y + 31 + k * (CARD.title_px + 1), room); });
    // role chips and the owner's initials along the bottom edge
    var chipY = y + H - 14, chipX = left;
    ctx.font = "700 " + CARD.chip_px + "px " + FONT;
    var end = x + W - (n.initials ? 26 : 6);
    n.roles.forEach(function (r) {
      var text = roleChip[r];
      if (!text) return;
      var w = ctx.measureText(text).width + 8;
      if (chipX + w > end) return;
      roundRect(ctx, chipX, chipY, w, 13, 3);
      ctx.fillStyle = "#37474f"; ctx.fill();
      ctx.fillStyle = "#ffffff"; ctx.fillText(text, chipX + 4, chipY + 10);
      chipX += w + 3;
    });
    if (n.initials) {
      ctx.beginPath(); ctx.arc(x + W - 13, y + H - 11, 9, 0, 2 * Math.PI);
      ctx.fillStyle = "#e3f2fd"; ctx.fill(); ctx.strokeStyle = "#1565c0"; ctx.lineWidth = 1; ctx.stroke();
      ctx.fillStyle = "#0d47a1"; ctx.textAlign = "center"; ctx.font = "700 " + (CARD.chip_px - 1) + "px " + FONT;
      ctx.fillText(n.initials, x + W - 13, y + H - 7.5);
    }
  }

  function drawDepartment(ctx, d, cx, cy, selected, hover) {
    var members = departments.get(d), flagged = flaggedIn.get(d) || 0;
    var x = cx - W / 2, y = cy - H / 2;
    roundRect(ctx, x, y, W, H, 6);
    ctx.fillStyle = "#eceff1"; ctx.fill();
    ctx.strokeStyle = selected || hover ? "#000" : (flagged ? "#d50000" : "#607d8b");
    ctx.lineWidth = flagged ? 3 : 1.5; ctx.stroke();
    ctx.textAlign = "left"; ctx.textBaseline = "alphabetic"; ctx.fillStyle = "#1c262b";
    ctx.font = "700 " + CARD.name_px + "px " + FONT;
    ctx.fillText(departmentLabel(d), x + 10, y + 20, W - 20);
    ctx.font = CARD.title_px + "px " + FONT; ctx.fillStyle = "#37474f";
    ctx.fillText(members.length + " " + ui.people + " \u00b7 " + (supportIn.get(d) || 0) + " " + ui.supporters, x + 10, y + 38, W - 20);
    if (flagged) { ctx.fillStyle = "#b71c1c"; ctx.fillText(flagged + " " + ui.flagged, x + 10, y + 54, W - 20); }
  }

  function renderer(args) {
    var id = args.id, n = people.get(id);
    return {
      drawNode: function () {
        if (n) drawPerson(args.ctx, n, args.x, args.y, args.state.selected, args.state.hover);
        else drawDepartment(args.ctx, String(id).slice(FOLD_PREFIX.length), args.x, args.y, args.state.selected, args.state.hover);
      },
      nodeDimensions: { width: W, height: H }
    };
  }

  // -- folding: each folded department is one card in a grid above the org chart ---------------
  var departments = new Map(), flaggedIn = new Map(), supportIn = new Map();
  data.nodes.forEach(function (n) {
    var d = departmentOf(n);
    if (!departments.has(d)) departments.set(d, []);
    departments.get(d).push(n);
    if (highGap.has(n.id)) flaggedIn.set(d, (flaggedIn.get(d) || 0) + 1);
    if (n.stance > 0) supportIn.set(d, (supportIn.get(d) || 0) + 1);
  });
  var folded = new Set(data.fold ? departments.keys() : []);
  var gridSpot = new Map();
  (function () {
    var names = Array.from(departments.keys()).sort(function (a, b) {
      return (flaggedIn.get(b) || 0) - (flaggedIn.get(a) || 0) || departments.get(b).length - departments.get(a).length;
    });
    var columns = Math.max(1, Math.ceil(Math.sqrt(names.length * 1.55 * (H + 30) / (W + 24))));
    var rows = Math.ceil(names.length / columns);
    names.forEach(function (d, k) {
      gridSpot.set(d, { x: (k % columns) * (W + 24) + W / 2, y: -(rows - Math.floor(k / columns)) * (H + 30) - 60 + H / 2 });
    });
  })();

  function departmentNode(d) {
    var members = departments.get(d), spot = gridSpot.get(d), flagged = flaggedIn.get(d) || 0;
    return {
      id: FOLD_PREFIX + d, x: spot.x, y: spot.y, shape: "custom", ctxRenderer: renderer, department: d,
      title: departmentLabel(d) + "\n" + members.length + " " + ui.people + ", " + (supportIn.get(d) || 0) + " " +
             ui.supporters + (flagged ? ", " + flagged + " " + ui.flagged : "") + "\n" + ui.open
    };
  }

  var freeLayout = false;
  function personNode(n) {
    return { id: n.id, x: n.x, y: n.y, shape: "custom", ctxRenderer: renderer, title: tooltip(n) };
  }

  function visibleId(personId) {
    var n = people.get(personId);
    return n && folded.has(departmentOf(n)) ? FOLD_PREFIX + departmentOf(n) : personId;
  }

  function linkEdge(e, k, a, b) {
    var style = linkStyle[e.kind] || linkStyle.influences;
    var colour = { color: style.colour, highlight: style.colour, hover: style.colour, inherit: false };
    // drawn the way influence flows: "a trusts b" means b influences a
    var from = e.kind === "trusts" ? b : a, to = e.kind === "trusts" ? a : b;
    return { id: "e" + k, from: from, to: to, kind: e.kind, color: colour, dashes: style.dashes,
             width: 1.2 + 2 * (e.weight == null ? 0.5 : e.weight), title: ui.links[e.kind] || e.kind,
             arrows: (e.kind === "rivals" || e.kind === "works_with") ? { to: false } :
                     (e.kind === "allies" ? { to: { enabled: true, scaleFactor: 0.7 }, from: { enabled: true, scaleFactor: 0.7 } }
                                          : { to: { enabled: true, scaleFactor: 0.7 } }),
             endPointOffset: { from: 2, to: 2 },
             smooth: { enabled: true, type: "curvedCW", roundness: 0.18 } };
  }

  function edgeItems() {
    var seen = new Set(), items = [];
    data.edges.forEach(function (e, k) {
      if (e.kind === "reports" && !freeLayout) return;  // the org chart draws its own elbow connectors
      var a = visibleId(e.from), b = visibleId(e.to);
      if (a === b) return;
      var key = a + "\u0000" + b + "\u0000" + e.kind;
      if (seen.has(key)) return;
      seen.add(key);
      if (e.kind === "reports") {
        items.push({ id: "e" + k + "\u0000" + a + "\u0000" + b, from: a, to: b, kind: e.kind,
                     color: { color: "#9e9e9e", inherit: false }, width: 1, smooth: false });
      } else {
        items.push(linkEdge(e, k + "\u0000" + a + "\u0000" + b, a, b));
      }
    });
    return items;
  }

  function nodeItems() {
    var items = [];
    departments.forEach(function (members, d) {
      if (folded.has(d)) items.push(departmentNode(d));
      else members.forEach(function (n) { items.push(personNode(n)); });
    });
    return items;
  }

  var large = data.nodes.length > 1500;
  timings.parsed = performance.now();
  var nodes = new vis.DataSet(nodeItems());
  var edges = new vis.DataSet(edgeItems());
  timings.datasets = performance.now();
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    layout: { improvedLayout: false, hierarchical: false },
    physics: { enabled: false, stabilization: { enabled: true, iterations: 200, updateInterval: 10 },
               barnesHut: { gravitationalConstant: -6000, springLength: 160, avoidOverlap: 0.5 } },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large, multiselect: true },
    edges: { selectionWidth: 0, hoverWidth: 0.5 }
  });
  timings.network = performance.now();

  // -- reporting lines: elbows from the layout, one path, drawn under the cards ----------------
  var hidden = new Set();
  network.on("beforeDrawing", function (ctx) {
    if (freeLayout) return;
    ctx.beginPath();
    data.connectors.forEach(function (c) {
      var boss = people.get(c[0]), report = people.get(c[1]);
      if (folded.has(departmentOf(boss)) || folded.has(departmentOf(report)) || hidden.has(c[0]) || hidden.has(c[1])) return;
      var p = c[2];
      ctx.moveTo(p[0], p[1]);
      for (var k = 2; k < p.length; k += 2) ctx.lineTo(p[k], p[k + 1]);
    });
    ctx.strokeStyle = "#9aa5ab"; ctx.lineWidth = 1.3; ctx.setLineDash([]);
    ctx.stroke();
  });

  // -- names over a zoomed-out map: the department heads and key people, at a readable size ----------
  var named = [];  // who carries a readable name on screen now (labels drawn over the overview)
  var shownDepartments = [];  // the departments named over the overview now (on their heads' labels)
  network.on("afterDrawing", function (ctx) {
    named = [];
    shownDepartments = [];
    var scale = network.getScale();
    if (scale * CARD.name_px >= MIN_PX) return;  // the cards' own names are readable
    var rect = container.getBoundingClientRect();
    var ids = labelled.filter(function (n) { return !hidden.has(n.id) && !folded.has(departmentOf(n)); })
      .map(function (n) { return n.id; });
    var positions = network.getPositions(ids), taken = [];
    var px = MIN_PX + 1;
    ctx.save();
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    var bold = "700 " + px / scale + "px " + FONT, small = "600 " + (px - 1) / scale + "px " + FONT;
    ids.forEach(function (id) {
      var n = people.get(id), p = positions[id];
      if (!p) return;
      var at = network.canvasToDOM(p);
      var department = leadsDepartment(n) ? n.department : null;  // the head of a department says which
      ctx.font = bold;
      var w = ctx.measureText(n.name).width * scale;
      if (department) { ctx.font = small; w = Math.max(w, ctx.measureText(department).width * scale); }
      w += 8;
      var h = department ? 2 * px + 6 : px + 6;
      // over the card; a department's head, who may sit right under the person above, else just above or below it
      var box = null;
      (department ? [0, -h - 1, h + 1] : [0]).some(function (dy) {
        var b = { x0: at.x - w / 2, y0: at.y + dy - h / 2, x1: at.x + w / 2, y1: at.y + dy + h / 2 };
        if (b.x0 < 0 || b.y0 < 0 || b.x1 > rect.width || b.y1 > rect.height) return false;
        if (taken.some(function (t) { return b.x0 < t.x1 && t.x0 < b.x1 && b.y0 < t.y1 && t.y0 < b.y1; })) return false;
        box = b;
        return true;
      });
      if (!box) return;
      taken.push(box);
      named.push(id);
      if (department) shownDepartments.push(department);
      p = { x: p.x, y: p.y + (box.y0 + box.y1 - 2 * at.y) / 2 / scale };
      roundRect(ctx, p.x - w / 2 / scale, p.y - h / 2 / scale, w / scale, h / scale, 3 / scale);
      ctx.fillStyle = "rgba(255,255,255,0.92)"; ctx.fill();
      ctx.strokeStyle = stance[String(n.stance)].colour; ctx.lineWidth = 2 / scale; ctx.stroke();
      if (department) {
        ctx.font = small; ctx.fillStyle = "#546e7a";
        ctx.fillText(department, p.x, p.y - (px / 2 + 1) / scale);
        ctx.font = bold; ctx.fillStyle = "#1c262b";
        ctx.fillText(n.name, p.x, p.y + (px / 2 + 1) / scale);
      } else {
        ctx.fillStyle = "#1c262b";
        ctx.fillText(n.name, p.x, p.y);
      }
    });
    ctx.restore();
  });
  function leadsDepartment(n) {  // the first person of a department down the reporting line
    var boss = n.reports_to ? people.get(n.reports_to) : null;
    return Boolean(n.department) && (!boss || boss.department !== n.department);
  }
  function namedPeople() {  // for tests and scripts: who is named legibly in the current view
    if (network.getScale() * CARD.name_px < MIN_PX) return named.slice();
    var rect = container.getBoundingClientRect(), scale = network.getScale();
    var ids = visibleIds().filter(function (id) { return people.has(id); }), positions = network.getPositions(ids);
    return ids.filter(function (id) {
      var p = network.canvasToDOM(positions[id]), hw = W / 2 * scale, hh = H / 2 * scale;
      return p.x - hw >= 0 && p.y - hh >= 0 && p.x + hw <= rect.width && p.y + hh <= rect.height;
    });
  }

  // -- the view: the whole map where names stay readable; a small map across its width; else an overview ----
  function visibleIds() {
    return nodes.getIds({ filter: function (item) { return !item.hidden; } });
  }
  function bounds(ids) {
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }, positions = network.getPositions(ids);
    ids.forEach(function (id) {
      var p = positions[id];
      box.x0 = Math.min(box.x0, p.x - W / 2); box.y0 = Math.min(box.y0, p.y - H / 2);
      box.x1 = Math.max(box.x1, p.x + W / 2); box.y1 = Math.max(box.y1, p.y + H / 2);
    });
    return box;
  }
  function overview() {  // the whole map: whole cards, and the key people named over it
    var ids = visibleIds();
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1.3) network.moveTo({ scale: 1.3, animation: false });
    if (network.getScale() * CARD.name_px >= MIN_PX) return;
    var box = bounds(ids), rect = container.getBoundingClientRect();
    var across = (rect.width - 24) / (box.x1 - box.x0);
    if (across * CARD.name_px >= MIN_PX) {  // a small map: its full width, readable, from the top
      var scale = Math.min(across, 1.3);
      network.moveTo({ position: { x: (box.x0 + box.x1) / 2, y: box.y0 - 12 / scale + rect.height / 2 / scale },
                       scale: scale, animation: false });
    }
  }
  // the view the page chose (not the reader): followed when the window changes size, until the reader pans or zooms
  var chosen = { ids: undefined, kept: true };
  function fitReadable(ids) {
    chosen = { ids: ids, kept: true };
    if (!ids) { overview(); return; }
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    if (network.getScale() > 1.3) network.moveTo({ scale: 1.3, animation: false });  // one card: not poster-sized
    if (network.getScale() * CARD.name_px >= MIN_PX) return;
    var box = bounds(ids);
    var scale = (MIN_PX + 0.2) / CARD.name_px;
    var rect = container.getBoundingClientRect();
    network.moveTo({ position: { x: box.x0 - 12 / scale + rect.width / 2 / scale, y: box.y0 - 12 / scale + rect.height / 2 / scale },
                     scale: scale, animation: false });
  }

  var counter = document.getElementById("shown");
  function count() {
    var shown = 0;
    departments.forEach(function (members, d) {
      members.forEach(function (n) { if (!hidden.has(n.id)) shown++; });
    });
    counter.textContent = ui.n_of_m.replace("{n}", shown.toLocaleString()).replace("{m}", data.nodes.length.toLocaleString());
  }

  function refresh(fitTo) {
    var t0 = performance.now();
    var ids = nodes.getIds();
    var wanted = nodeItems();
    var keep = new Set(wanted.map(function (n) { return n.id; }));
    var gone = ids.filter(function (id) { return !keep.has(id); });
    gone.forEach(function (id) { hideState.delete(id); });
    nodes.remove(gone);
    var t1 = performance.now();
    var shown = new Set(ids);
    // Only what is new goes in: people already on screen keep their place and their drawing.
    nodes.add(wanted.filter(function (n) { return !shown.has(n.id); }));
    var t2 = performance.now();
    var wantedEdges = edgeItems(), wantedIds = new Set(wantedEdges.map(function (e) { return e.id; }));
    var haveIds = new Set(edges.getIds());
    edges.remove(Array.from(haveIds).filter(function (id) { return !wantedIds.has(id); }));
    edges.add(wantedEdges.filter(function (e) { return !haveIds.has(e.id); }));
    var t3 = performance.now();
    applyFilters(fitTo);
    timings.refresh = { remove: t1 - t0, add: t2 - t1, edges: t3 - t2, filters: performance.now() - t3 };
  }

  function unfold(personIds) {
    var changed = false;
    personIds.forEach(function (p) {
      var n = people.get(p);
      if (n && folded.delete(departmentOf(n))) changed = true;
    });
    if (changed) refresh(false);
  }

  // -- filters -------------------------------------------------------------------------------
  function checkbox(container, value, text, checked) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.value = value; box.checked = checked;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text));
    container.appendChild(label);
    box.addEventListener("change", function () { applyFilters(true); });
    return box;
  }
  var roleBoxes = data.legend.roles.map(function (r) {
    return checkbox(document.getElementById("filter-roles"), r.id, r.label, true);
  });
  roleBoxes.push(checkbox(document.getElementById("filter-roles"), "", ui.no_role, true));
  var stanceBoxes = data.legend.stances.map(function (s) {
    return checkbox(document.getElementById("filter-stances"), String(s.value), s.glyph + " " + s.name, true);
  });
  var departmentSelect = document.getElementById("filter-department");
  departments.forEach(function (members, d) {
    var option = document.createElement("option");
    option.value = d; option.textContent = departmentLabel(d) + " (" + members.length + ")";
    departmentSelect.appendChild(option);
  });
  departmentSelect.addEventListener("change", function () { applyFilters(true); });

  function checkedValues(boxes) {
    return new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
  }

  var hideState = new Map();  // what vis was last told, per node id (absent: shown, as added)
  var details = document.getElementById("details"), shownDetails = null;  // whose details are open
  function applyFilters(fit) {
    // Read the controls once, not once per person: big maps hold tens of thousands.
    var roles = checkedValues(roleBoxes), stances = checkedValues(stanceBoxes), department = departmentSelect.value;
    function passes(n) {
      var roleOk = n.roles.length ? n.roles.some(function (r) { return roles.has(r) || !(r in roleChip); })
                                  : roles.has("");
      return roleOk && stances.has(String(n.stance)) && (department === "*" || departmentOf(n) === department);
    }
    var updates = [];
    hidden = new Set();
    function set(id, hide) {  // only what changes goes to vis: each update costs it a node rebuild
      if ((hideState.get(id) || false) !== hide) { hideState.set(id, hide); updates.push({ id: id, hidden: hide }); }
    }
    departments.forEach(function (members, d) {
      var any = false;
      members.forEach(function (n) { if (passes(n)) any = true; else hidden.add(n.id); });
      if (folded.has(d)) set(FOLD_PREFIX + d, !any);
      else members.forEach(function (n) { set(n.id, hidden.has(n.id)); });
    });
    if (updates.length) nodes.update(updates);
    if (shownDetails !== null && (hidden.has(shownDetails) || folded.has(departmentOf(people.get(shownDetails))))) {
      details.hidden = true; shownDetails = null;  // their person is off the map now: no stale card
    }
    count();
    if (fit) fitReadable();
  }

  // -- search --------------------------------------------------------------------------------
  var names = document.getElementById("names");
  data.nodes.slice(0, 5000).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.name;
    names.appendChild(option);
  });
  var search = document.getElementById("search"), result = document.getElementById("search-result");
  function find() {
    var query = search.value.trim().toLowerCase();
    if (!query) { result.textContent = ""; network.unselectAll(); return; }
    var hits = data.nodes.filter(function (n) {
      return n.name.toLowerCase().indexOf(query) >= 0 || (n.title || "").toLowerCase().indexOf(query) >= 0;
    }).map(function (n) { return n.id; });
    result.textContent = hits.length === 1 ? ui.match_one : ui.match_many.replace("{n}", hits.length);
    if (!hits.length) return;
    unfold(hits);
    show(hits);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(); });

  function show(ids) {
    network.selectNodes(ids);
    if (ids.length === 1) network.focus(ids[0], { scale: Math.max(network.getScale(), 1.0), animation: false });
    else fitReadable(ids);
  }
  // plan.js (the plan's actions) asks for a path to be shown: the people on it, selected with their edges
  document.addEventListener("powermap:show", function (event) {
    var ids = event.detail.filter(function (id) { return people.has(id); });
    if (!ids.length) { network.unselectAll(); return; }
    unfold(ids); show(ids);
  });

  // -- gaps ----------------------------------------------------------------------------------
  var gapList = document.getElementById("gaps");
  // one item per kind of gap: its line, its people once, its advice once (data.gaps keeps each gap)
  data.gap_groups.forEach(function (g) {
    var item = document.createElement("li");
    var badge = document.createElement("span");
    badge.className = "sev sev-" + g.severity;
    badge.textContent = ui.grades[g.severity] + (g.count > 1 ? " \u00d7" + g.count : "");
    var message = document.createElement("span");
    message.textContent = g.message;
    item.appendChild(badge); item.appendChild(message);
    if (g.people_line) {
      var who = document.createElement("div");
      who.className = "people";
      who.textContent = g.people_line;
      item.appendChild(who);
    }
    g.advice.forEach(function (text) {
      var advice = document.createElement("div");
      advice.className = "advice";
      advice.textContent = text;
      item.appendChild(advice);
    });
    item.addEventListener("click", function () {
      var active = !item.classList.contains("active");
      Array.prototype.forEach.call(gapList.children, function (li) { li.classList.remove("active"); });
      if (!active) { network.unselectAll(); return; }
      item.classList.add("active");
      if (g.contacts.length) { unfold(g.contacts); show(g.contacts); }
    });
    gapList.appendChild(item);
  });
  document.getElementById("ring-gaps").addEventListener("change", function (event) {
    ringGaps = event.target.checked;
    network.redraw();
  });

  // -- layout: one batched update either way ------------------------------------------------
  var treeButton = document.getElementById("layout-tree"), freeButton = document.getElementById("layout-free");
  treeButton.addEventListener("click", function () {
    network.setOptions({ physics: { enabled: false } });
    freeLayout = false;
    // one batched update, of only the cards that are off their place (each costs vis a node rebuild)
    var now = network.getPositions(), moves = [];
    Object.keys(now).forEach(function (id) {
      var n = people.get(id);
      var spot = n ? n : gridSpot.get(String(id).slice(FOLD_PREFIX.length));
      if (spot && (now[id].x !== spot.x || now[id].y !== spot.y)) moves.push({ id: id, x: spot.x, y: spot.y });
    });
    if (moves.length) nodes.update(moves);
    edges.remove(edges.getIds({ filter: function (e) { return e.kind === "reports"; } }));
    treeButton.classList.add("on"); freeButton.classList.remove("on");
    fitReadable();
  });
  if (data.nodes.length > data.free_layout_max) {
    freeButton.disabled = true;
    freeButton.title = ui.free_too_big.replace("{n}", data.free_layout_max.toLocaleString());
  }
  freeButton.addEventListener("click", function () {
    if (freeButton.disabled) return;
    freeLayout = true;
    // a second click (or the page opening in free layout) finds the reporting edges there already
    edges.add(edgeItems().filter(function (e) { return e.kind === "reports" && edges.get(e.id) === null; }));
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(200);
    freeButton.classList.add("on"); treeButton.classList.remove("on");
  });
  function settled() {  // physics stops once it has settled (or used its iterations): nothing keeps the page busy
    network.setOptions({ physics: { enabled: false } });
    if (freeLayout) overview();
  }
  network.on("stabilized", settled);
  network.on("stabilizationIterationsDone", settled);
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  network.on("dragStart", function () { chosen.kept = false; });
  network.on("zoom", function () { chosen.kept = false; });
  var resizing = false;
  window.addEventListener("resize", function () {  // a window opened small and then enlarged, a phone turned
    if (resizing || !chosen.kept) return;
    resizing = true;
    window.requestAnimationFrame(function () {
      resizing = false;
      if (chosen.kept) fitReadable(chosen.ids);
    });
  });

  // -- details and folding on click ------------------------------------------------------------
  network.on("click", function (event) {
    var id = event.nodes[0];
    if (id === undefined) { details.hidden = true; shownDetails = null; return; }
    var item = nodes.get(id);
    if (item && item.department !== undefined && String(id).indexOf(FOLD_PREFIX) === 0) {
      folded.delete(item.department);
      refresh(false);
      fitReadable(departments.get(item.department).filter(function (n) { return !hidden.has(n.id); })
                  .map(function (n) { return n.id; }));
      return;
    }
    var n = people.get(id);
    if (!n) return;
    details.textContent = tooltip(n);
    details.hidden = false;
    shownDetails = n.id;
  });
  network.on("doubleClick", function (event) {
    var n = people.get(event.nodes[0]);
    if (n && data.fold) { folded.add(departmentOf(n)); refresh(true); }
  });

  timings.ui = performance.now();
  applyFilters(false);
  fitReadable();
  if (data.layout === "free") freeButton.click();
  network.once("afterDrawing", function () {
    timings.drawn = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  window.powermap = { network: network, nodes: nodes, edges: edges, data: data, unfold: unfold, timings: timings,
                      fitReadable: fitReadable, named: namedPeople,
                      departments: function () { return shownDepartments.slice(); } };
})();
