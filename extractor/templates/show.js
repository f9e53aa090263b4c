// The review page's behaviour: hovering, clicking or focusing a mark (or a row of the
// record) shows that value's details and lights up every fragment and row of it.
(function () {
  "use strict";
  var values = JSON.parse(document.getElementById("values").textContent);
  var detail = document.getElementById("detail");

  function clear() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }

  function show(id) {
    var v = values[id];
    if (!v) { return; }
    clear();
    document.querySelectorAll('[data-value="' + id + '"]').forEach(function (el) { el.classList.add("active"); });
    var h = document.createElement("h2");
    h.textContent = v.label + " · " + v.field;
    var dl = document.createElement("dl");
    [["as written", v.text], ["normalized", v.value]].concat(v.details).forEach(function (pair) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = pair[0];
      dd.textContent = pair[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    detail.replaceChildren(h, dl);
    detail.dataset.value = id;
  }

  function onEvent(event) {
    var el = event.target.closest("[data-value]");
    if (el) {
      event.stopPropagation();
      show(el.dataset.value);
      if (event.type === "click" && el.tagName === "TR") {
        var mark = document.getElementById(el.dataset.value + "-0");
        if (mark) { mark.scrollIntoView({block: "center"}); mark.focus({preventScroll: true}); }
      }
    }
  }

  ["mouseover", "focusin", "click"].forEach(function (type) {
    document.getElementById("text").addEventListener(type, onEvent);
    document.getElementById("record").addEventListener(type, onEvent);
  });
})();
