// Enhances the knapsack ballot: the budget bar follows the ticked boxes as you choose.
// Without JavaScript the "Update the budget bar" button asks the server instead.
(function () {
  "use strict";
  var bar = document.querySelector(".cp-budget-bar");
  if (!bar) { return; }
  var budget = parseInt(bar.getAttribute("data-budget"), 10);
  var status = document.getElementById("budget-status");
  var fill = document.getElementById("budget-fill");
  var check = document.getElementById("check");
  if (check) { check.style.display = "none"; }
  var format = function (pence) {
    var pounds = Math.floor(pence / 100), rest = pence % 100;
    return "£" + pounds.toLocaleString("en-GB") + (rest ? "." + String(rest).padStart(2, "0") : "");
  };
  var template = status.getAttribute("data-template");
  var update = function () {
    var spent = 0;
    document.querySelectorAll("input[name=choice]:checked").forEach(function (box) {
      spent += parseInt(box.getAttribute("data-cost"), 10);
    });
    var over = spent > budget;
    fill.style.width = Math.min(100, Math.round(100 * spent / budget)) + "%";
    fill.style.background = over ? "#d4351c" : "#00703c";
    status.textContent = template.replace("{spent}", format(spent)).replace("{budget}", format(budget))
      .replace("{left}", format(Math.max(budget - spent, 0))) + (over ? " " + status.getAttribute("data-over") : "");
  };
  document.querySelectorAll("input[name=choice]").forEach(function (box) {
    box.addEventListener("change", update);
  });
})();
