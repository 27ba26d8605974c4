// Enhances the report form: tap the map (or use the phone's location) to set lon/lat,
// then ask for open reports nearby. Without JavaScript the address field does the job.
(function () {
  "use strict";
  var picker = document.querySelector(".cp-map-picker");
  if (!picker) { return; }
  var form = document.getElementById("report-form");
  var lon = form.querySelector("input[name=lon]");
  var lat = form.querySelector("input[name=lat]");
  var svg = picker.querySelector("svg");
  var status = document.getElementById("pin-status");
  var minLon = parseFloat(picker.dataset.minLon), minLat = parseFloat(picker.dataset.minLat);
  var scale = parseFloat(picker.dataset.scale), height = parseFloat(picker.dataset.height);
  var pin = null;
  picker.hidden = false;

  function show(x, y) {
    if (!pin) {
      pin = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      pin.setAttribute("r", "8");
      pin.setAttribute("fill", "#d4351c");
      pin.setAttribute("stroke", "#ffffff");
      pin.setAttribute("stroke-width", "3");
      svg.appendChild(pin);
    }
    pin.setAttribute("cx", x);
    pin.setAttribute("cy", y);
  }

  function suggest() {
    var url = picker.dataset.duplicatesUrl + "?category=" + encodeURIComponent(picker.dataset.category) +
      "&lon=" + lon.value + "&lat=" + lat.value;
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#duplicates", swap: "outerHTML" });
    }
  }

  function place(lonValue, latValue, message) {
    lon.value = lonValue.toFixed(6);
    lat.value = latValue.toFixed(6);
    show((lonValue - minLon) * scale, height - (latValue - minLat) * scale);
    status.textContent = message;
    suggest();
  }

  if (!document.getElementById("duplicates")) {
    var holder = document.createElement("div");
    holder.id = "duplicates";
    form.parentNode.insertBefore(holder, form);
  }
  if (lon.value && lat.value) {
    show((parseFloat(lon.value) - minLon) * scale, height - (parseFloat(lat.value) - minLat) * scale);
  }

  svg.addEventListener("click", function (event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(svg.getScreenCTM().inverse());
    place(local.x / scale + minLon, (height - local.y) / scale + minLat, picker.dataset.msgPlaced);
  });

  document.getElementById("use-location").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = picker.dataset.msgUnsupported; return; }
    status.textContent = picker.dataset.msgFinding;
    navigator.geolocation.getCurrentPosition(function (position) {
      place(position.coords.longitude, position.coords.latitude, picker.dataset.msgLocated);
    }, function () { status.textContent = picker.dataset.msgFailed; });
  });
})();
