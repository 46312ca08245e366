// The plan's actions in the map's side panel: clicking one shows its path (the people who carry us, then the
// person it is about). Text goes on screen through textContent only; map.js listens for "powermap:show".
(function () {
  var data = JSON.parse(document.getElementById("powermap-data").textContent);
  var list = document.getElementById("plan");
  if (!list || !data.plan) return;
  data.plan.forEach(function (a) {
    var item = document.createElement("li");
    var text = document.createElement("div");
    text.textContent = a.action;
    item.appendChild(text);
    if (a.member) {
      var who = document.createElement("div");
      who.className = "member";
      who.textContent = a.member;
      item.appendChild(who);
    }
    item.addEventListener("click", function () {
      var active = !item.classList.contains("active");
      Array.prototype.forEach.call(list.children, function (li) { li.classList.remove("active"); });
      if (active) item.classList.add("active");
      document.dispatchEvent(new CustomEvent("powermap:show", { detail: active ? a.via.concat(a.people || [a.contact]) : [] }));
    });
    list.appendChild(item);
  });
})();
