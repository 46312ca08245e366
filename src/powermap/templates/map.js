// powermap interactive map. Every text from the data goes on screen through textContent or
// vis-network's text tooltips; nothing here ever assigns innerHTML.
(function () {
  "use strict";
  var timings = { start: performance.now() };
  var data = JSON.parse(document.getElementById("powermap-data").textContent);
  var FOLD_PREFIX = data.fold_prefix;
  var ui = data.ui;
  var NO_DEPARTMENT = ui.no_department;

  var stanceColour = {}, stanceName = {};
  data.legend.stances.forEach(function (s) { stanceColour[String(s.value)] = s.colour; stanceName[String(s.value)] = s.name; });
  var roleLetter = {}, roleName = {};
  data.legend.roles.forEach(function (r) { roleLetter[r.id] = r.letter; roleName[r.id] = r.name; });
  var relationshipName = data.legend.relationships;

  var people = new Map();
  data.nodes.forEach(function (n) { people.set(n.id, n); });
  var highGap = new Set();
  data.gaps.forEach(function (g) { if (g.severity === "high") g.contacts.forEach(function (p) { highGap.add(p); }); });

  function departmentOf(n) { return n.department || ""; }
  function departmentLabel(d) { return d || NO_DEPARTMENT; }
  function letters(n) { return n.roles.map(function (r) { return roleLetter[r] || ""; }).join(""); }

  function tooltip(n) {
    var lines = [n.name];
    if (n.title) lines.push(n.title);
    var place = [n.department, ui.levels[n.level] || n.level].filter(Boolean).join(" \u00b7 ");
    if (place) lines.push(place);
    if (n.roles.length) lines.push(ui.role + ": " + n.roles.map(function (r) { return roleName[r] || r; }).join(", "));
    lines.push(ui.stance + ": " + (n.stance === null ? stanceName["null"] : stanceName[String(n.stance)] + " (" + n.stance + ")"));
    lines.push(ui.influence + ": " + (n.influence === null ? stanceName["null"] : n.influence + "/5") +
               " \u00b7 " + ui.effective + " " + Math.round(n.effective_influence * 100) + "%");
    lines.push(ui.relationship + ": " + (n.relationship === null ? stanceName["null"] : relationshipName[String(n.relationship)]));
    if (n.owner) lines.push(ui.owner + ": " + n.owner);
    if (n.competitor) lines.push(ui.leans_to + ": " + n.competitor);
    if (n.last_contact) lines.push(ui.last_contact + ": " + n.last_contact);
    if (n.notes) lines.push(ui.notes + ": " + n.notes);
    n.gaps.forEach(function (k) { var g = data.gaps[k]; lines.push(ui.gap + " (" + ui.grades[g.severity] + "): " + g.code); });
    return lines.join("\n");
  }

  var ringGaps = true;
  function personNode(n) {
    var colour = stanceColour[String(n.stance)] || stanceColour["null"];
    var tag = letters(n);
    var ringed = ringGaps && highGap.has(n.id);
    return {
      id: n.id, label: tag ? n.name + "\n" + tag : n.name, title: tooltip(n), x: n.x, y: n.y,
      shape: "dot", size: 8 + 22 * n.effective_influence,
      color: { background: colour, border: "#263238", highlight: { background: colour, border: "#000" },
               hover: { background: colour, border: "#000" } },
      borderWidth: 1 + 1.3 * (n.relationship || 0), borderWidthSelected: 2 + 1.3 * (n.relationship || 0),
      shapeProperties: { borderDashes: n.stance === null ? [3, 3] : false },
      shadow: ringed ? { enabled: true, color: "rgba(213,0,0,0.95)", size: 16, x: 0, y: 0 } : { enabled: false },
      font: { size: 16, color: "#263238", strokeWidth: 3, strokeColor: "#ffffff" }
    };
  }

  // -- folding: each folded department is one node -------------------------------------------
  var departments = new Map();
  data.nodes.forEach(function (n) {
    var d = departmentOf(n);
    if (!departments.has(d)) departments.set(d, []);
    departments.get(d).push(n);
  });
  var folded = new Set(data.fold ? departments.keys() : []);

  function departmentNode(d) {
    var members = departments.get(d), x = 0, y = Infinity, flagged = 0, support = 0;
    members.forEach(function (n) { x += n.x; y = Math.min(y, n.y); if (highGap.has(n.id)) flagged++; if (n.stance > 0) support++; });
    return {
      id: FOLD_PREFIX + d, label: departmentLabel(d) + "\n" + members.length + " " + ui.people, x: x / members.length, y: y,
      title: departmentLabel(d) + "\n" + members.length + " " + ui.people + ", " + support + " " + ui.supporters +
             (flagged ? ", " + flagged + " " + ui.flagged : "") + "\n" + ui.open,
      shape: "box", color: { background: "#eceff1", border: flagged ? "#d50000" : "#607d8b" },
      borderWidth: flagged ? 3 : 1, font: { size: 14 }, department: d
    };
  }

  function visibleId(personId) {
    var n = people.get(personId);
    return n && folded.has(departmentOf(n)) ? FOLD_PREFIX + departmentOf(n) : personId;
  }

  function edgeItems() {
    var seen = new Set(), items = [];
    data.edges.forEach(function (e, k) {
      var a = visibleId(e.from), b = visibleId(e.to);
      if (a === b) return;
      var key = a + "\u0000" + b + "\u0000" + e.kind;
      if (seen.has(key)) return;
      seen.add(key);
      if (e.kind === "reports") {
        items.push({ id: "e" + k, from: a, to: b, color: { color: "#9e9e9e" }, width: 1, kind: e.kind,
                     smooth: large ? false : { enabled: true, type: "cubicBezier", forceDirection: "vertical", roundness: 0.6 } });
      } else {
        // Dashed lines cost seconds of software rasterising on big maps: there, colour alone tells the kinds apart.
        items.push({ id: "e" + k, from: a, to: b, dashes: large ? false : (e.kind === "rivals" ? [2, 4] : [6, 4]),
                     color: { color: data.legend.links[e.kind] || "#1565c0" }, width: 1 + 2 * (e.weight || 0.5),
                     arrows: e.kind === "rivals" ? "" : (e.kind === "allies" ? "to, from" : "to"),
                     smooth: { enabled: true, type: "curvedCW", roundness: 0.2 }, title: e.kind, kind: e.kind });
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
  var network = new vis.Network(document.getElementById("map"), { nodes: nodes, edges: edges }, {
    layout: { improvedLayout: false, hierarchical: false },
    physics: { enabled: false, stabilization: { enabled: true, iterations: 200 },
               barnesHut: { gravitationalConstant: -4000, springLength: 120, avoidOverlap: 0.3 } },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large, multiselect: true },
    nodes: { scaling: { label: { drawThreshold: 6 } } },
    edges: { selectionWidth: 1 }
  });
  timings.network = performance.now();

  function refresh() {
    var ids = nodes.getIds();
    var wanted = nodeItems();
    var keep = new Set(wanted.map(function (n) { return n.id; }));
    nodes.remove(ids.filter(function (id) { return !keep.has(id); }));
    var shown = new Set(ids);
    // People already on screen keep where they are (the free layout may have moved them).
    nodes.update(wanted.map(function (n) {
      if (shown.has(n.id)) { delete n.x; delete n.y; }
      return n;
    }));
    edges.clear();
    edges.add(edgeItems());
    applyFilters();
  }

  function unfold(personIds) {
    var changed = false;
    personIds.forEach(function (p) {
      var n = people.get(p);
      if (n && folded.delete(departmentOf(n))) changed = true;
    });
    if (changed) refresh();
  }

  // -- filters -------------------------------------------------------------------------------
  function checkbox(container, value, text, checked) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.value = value; box.checked = checked;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text));
    container.appendChild(label);
    box.addEventListener("change", applyFilters);
    return box;
  }
  var roleBoxes = data.legend.roles.map(function (r) {
    return checkbox(document.getElementById("filter-roles"), r.id, r.letter + " " + r.name, true);
  });
  roleBoxes.push(checkbox(document.getElementById("filter-roles"), "", ui.no_role, true));
  var stanceBoxes = data.legend.stances.map(function (s) {
    return checkbox(document.getElementById("filter-stances"), String(s.value), s.name, true);
  });
  var departmentSelect = document.getElementById("filter-department");
  departments.forEach(function (members, d) {
    var option = document.createElement("option");
    option.value = d; option.textContent = departmentLabel(d) + " (" + members.length + ")";
    departmentSelect.appendChild(option);
  });
  departmentSelect.addEventListener("change", applyFilters);

  function checkedValues(boxes) {
    return new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
  }

  function applyFilters() {
    // Read the controls once, not once per person: big maps hold tens of thousands.
    var roles = checkedValues(roleBoxes), stances = checkedValues(stanceBoxes), department = departmentSelect.value;
    function passes(n) {
      var roleOk = n.roles.length ? n.roles.some(function (r) { return roles.has(r) || !(r in roleLetter); })
                                  : roles.has("");
      return roleOk && stances.has(String(n.stance)) && (department === "*" || departmentOf(n) === department);
    }
    var updates = [];
    departments.forEach(function (members, d) {
      if (folded.has(d)) {
        updates.push({ id: FOLD_PREFIX + d, hidden: !members.some(passes) });
      } else {
        members.forEach(function (n) { updates.push({ id: n.id, hidden: !passes(n) }); });
      }
    });
    nodes.update(updates);
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
    if (ids.length === 1) network.focus(ids[0], { scale: 1.2, animation: false });
    else network.fit({ nodes: ids, animation: false });
  }
  // plan.js (the plan's actions) asks for a path to be shown: the people on it, selected with their edges
  document.addEventListener("powermap:show", function (event) {
    var ids = event.detail.filter(function (id) { return people.has(id); });
    if (!ids.length) { network.unselectAll(); return; }
    unfold(ids); show(ids);
  });

  // -- gaps ----------------------------------------------------------------------------------
  var gapList = document.getElementById("gaps");
  data.gaps.forEach(function (g) {
    var item = document.createElement("li");
    var badge = document.createElement("span");
    badge.className = "sev sev-" + g.severity;
    badge.textContent = ui.grades[g.severity];
    var code = document.createElement("code");
    code.textContent = g.code;
    var message = document.createElement("div");
    message.textContent = g.message;
    var advice = document.createElement("div");
    advice.className = "advice";
    advice.textContent = g.advice;
    item.appendChild(badge); item.appendChild(code); item.appendChild(message); item.appendChild(advice);
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
    refresh();
  });

  // -- layout --------------------------------------------------------------------------------
  var treeButton = document.getElementById("layout-tree"), freeButton = document.getElementById("layout-free");
  treeButton.addEventListener("click", function () {
    network.setOptions({ physics: { enabled: false } });
    nodes.getIds().forEach(function (id) {
      var n = people.get(id);
      var item = n ? n : departmentNode(nodes.get(id).department);
      network.moveNode(id, item.x, item.y);
    });
    treeButton.classList.add("on"); freeButton.classList.remove("on");
    network.fit({ animation: false });
  });
  freeButton.addEventListener("click", function () {
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(large ? 60 : 200);
    freeButton.classList.add("on"); treeButton.classList.remove("on");
  });
  network.on("stabilized", function () {
    if (freeButton.classList.contains("on")) network.setOptions({ physics: { enabled: false } });
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // -- details and folding on click ------------------------------------------------------------
  var details = document.getElementById("details");
  network.on("click", function (event) {
    var id = event.nodes[0];
    if (id === undefined) { details.hidden = true; return; }
    var item = nodes.get(id);
    if (item && item.department !== undefined && String(id).indexOf(FOLD_PREFIX) === 0) {
      folded.delete(item.department);
      refresh();
      network.fit({ nodes: departments.get(item.department).map(function (n) { return n.id; }), animation: false });
      return;
    }
    var n = people.get(id);
    if (!n) return;
    details.textContent = tooltip(n);
    details.hidden = false;
  });
  network.on("doubleClick", function (event) {
    var n = people.get(event.nodes[0]);
    if (n && data.fold) { folded.add(departmentOf(n)); refresh(); }
  });

  timings.ui = performance.now();
  if (data.layout === "free") freeButton.click();
  network.once("afterDrawing", function () {
    timings.drawn = performance.now();
    document.body.setAttribute("data-ready", "true");
  });
  window.powermap = { network: network, nodes: nodes, edges: edges, data: data, unfold: unfold, timings: timings };
})();
