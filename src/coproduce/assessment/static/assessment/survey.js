// Hides conditional questions until their condition is met. Without JavaScript every
// question shows, with a hint saying when to answer it; the server ignores the rest.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var conditional = form.querySelectorAll("[data-show-if]");

  function chosen(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function visible(block) {
    var parent = form.querySelector("[data-name='" + block.dataset.showIf + "']") ||
      document.getElementById("question-" + block.dataset.showIf.slice(1));
    if (parent && parent.hidden) { return false; }
    return chosen(block.dataset.showIf).indexOf(block.dataset.showIfValue) !== -1;
  }

  function update() {
    conditional.forEach(function (block) { block.hidden = !visible(block); });
  }

  form.addEventListener("change", update);
  update();
})();
