// On the report form: when the map's pin moves (web/map.js sends "cp:pin"), ask for open
// reports of the same kind nearby (HTMX). Without JavaScript the server asks on sending.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !form.dataset.duplicatesUrl) { return; }
  if (!document.getElementById("duplicates")) {
    var holder = document.createElement("div");
    holder.id = "duplicates";
    form.parentNode.insertBefore(holder, form);
  }
  document.addEventListener("cp:pin", function (event) {
    var url = form.dataset.duplicatesUrl + "?category=" + encodeURIComponent(form.dataset.category) +
      "&lon=" + encodeURIComponent(event.detail.lon) + "&lat=" + encodeURIComponent(event.detail.lat);
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#duplicates", swap: "outerHTML" });
    }
  });
})();
