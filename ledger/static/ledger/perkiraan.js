// "Perkiraan JP" on the submission form: asks the server (the same engine as verification) as the fields change.
(function () {
  "use strict";
  var form = document.getElementById("ajukan-form");
  var box = document.getElementById("perkiraan");
  if (!form || !box || !window.fetch) return;
  var text = box.querySelector("[data-estimate-text]");
  var explanation = box.querySelector("[data-estimate-explanation]");
  var fields = ["form", "scope", "start_date", "end_date", "quantity", "unit", "stated_jp"];
  var timer = null;
  var latest = 0;

  function ask() {
    var params = new URLSearchParams();
    fields.forEach(function (name) {
      var input = form.elements[name];
      if (input) params.set(name, input.value);
    });
    var mine = ++latest;
    fetch(box.dataset.url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (mine !== latest || !data.ok) return;
        text.textContent = data.text;
        explanation.textContent = data.explanation;
      })
      .catch(function () { /* the "Hitung perkiraan" button still works */ });
  }

  form.addEventListener("input", function (event) {
    if (fields.indexOf(event.target.name) === -1) return;
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  });
  form.addEventListener("change", function (event) {
    if (fields.indexOf(event.target.name) !== -1) ask();
  });
})();
