// Filter and sort the project table. Without JavaScript the table is complete and
// the filter form, which needs the script, stays hidden.
(function () {
  "use strict";
  var table = document.getElementById("all");
  var form = document.getElementById("filters");
  if (!table || !form) return;
  form.hidden = false;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("count");
  var template = count ? count.textContent.replace(/\d+/, "{n}") : "{n}";

  function apply() {
    var f = {};
    ["district", "status", "category", "level"].forEach(function (k) {
      var el = form.elements[k];
      f[k] = el ? el.value : "";
    });
    var q = (form.elements.q && form.elements.q.value || "").trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = Object.keys(f).every(function (k) { return !f[k] || r.getAttribute("data-" + k) === f[k]; });
      if (ok && q) ok = r.cells[0].textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = template.replace("{n}", shown);
  }

  function sortBy(th, index) {
    var numeric = th.getAttribute("data-sort") === "num";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var key = function (r) {
      var c = r.cells[index];
      var v = c.getAttribute("data-value");
      return numeric ? parseFloat(v !== null ? v : c.textContent) : c.textContent.trim();
    };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var d = numeric ? x - y : x.localeCompare(y, document.documentElement.lang);
      return asc ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  // A button in each sortable header: reachable with Tab, pressed with Enter or Space;
  // the header's aria-sort tells the order.
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    if (!th.hasAttribute("data-sort")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th, i); });
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  var params = new URLSearchParams(location.search);
  params.forEach(function (v, k) { if (form.elements[k]) form.elements[k].value = v; });
  apply();
})();
