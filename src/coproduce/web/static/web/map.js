// The one map component (places/maps.py, web/includes/map.html). Draws each
// [data-cp-map] holder's JSON with Leaflet: the areas, the points (clustered), the
// council's streets when no tile URL is set (then nothing is fetched from outside), a
// "Use my location" button and, where the page asks for one, a pin to drag that fills
// the latitude and longitude inputs. Without JavaScript the holder's SVG and lists stay.
(function () {
  "use strict";
  if (!window.L) { return; }
  var L = window.L;
  var PALETTE = ["#1d70b8", "#4c2c92", "#00703c", "#f47738", "#d4351c", "#5694ca", "#85994b"];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function format(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }

  function pointIcon(label, className) {
    var html = document.createElement("span");
    html.className = "cp-marker__dot";
    html.setAttribute("aria-hidden", "true");
    return L.divIcon({ html: html, className: "cp-marker " + (className || ""), iconSize: [22, 22], iconAnchor: [11, 11] });
  }

  function clusterIcon(messages) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var html = '<span aria-hidden="true">' + count + "</span>";
      return L.divIcon({ html: html, className: "cp-cluster", iconSize: [40, 40] });
    };
  }

  function drawAreas(map, areas) {
    var features = areas.filter(function (a) { return a.geometry; }).map(function (a) {
      return { type: "Feature", properties: { name: a.name }, geometry: a.geometry };
    });
    var index = 0;
    return L.geoJSON({ type: "FeatureCollection", features: features }, {
      interactive: false,
      style: function () {
        var colour = PALETTE[index++ % PALETTE.length];
        return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.08 };
      }
    }).addTo(map);
  }

  function drawStreets(map, streets) {
    streets.forEach(function (street) {
      L.polyline(street.line, { color: "#505a5f", weight: 4, opacity: 0.7, interactive: false })
        .bindTooltip(street.name, { permanent: true, direction: "center", className: "cp-street-label" })
        .addTo(map);
    });
    function labels() { map.getContainer().classList.toggle("cp-leaflet--labels", map.getZoom() >= 14); }
    map.on("zoomend", labels);
    labels();
  }

  function drawPoints(map, points, messages) {
    var group = L.markerClusterGroup({ iconCreateFunction: clusterIcon(messages), showCoverageOnHover: false });
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { icon: pointIcon(point.label), title: point.label, keyboard: true });
      var content = element("p", "govuk-body-s govuk-!-margin-0");
      if (point.url) {
        var link = element("a", "govuk-link", point.label);
        link.href = point.url;
        content.appendChild(link);
      } else {
        content.textContent = point.label;
      }
      marker.bindPopup(content, { closeButton: false });
      group.addLayer(marker);
    });
    group.on("animationend", function () { nameClusters(map, messages); });
    map.on("zoomend moveend", function () { nameClusters(map, messages); });
    map.addLayer(group);
    nameClusters(map, messages);
    map.on("popupopen", function (event) {
      var link = event.popup.getElement().querySelector("a.govuk-link");
      if (link) { link.focus(); }
    });
    return group;
  }

  // A cluster is a button: say how many points it holds, since its figure is only seen.
  function nameClusters(map, messages) {
    map.getContainer().querySelectorAll(".cp-cluster").forEach(function (node) {
      var count = node.textContent.trim();
      node.setAttribute("aria-label", format(messages.cluster, { n: count }));
    });
  }

  function statusLine(holder) {
    var status = element("p", "govuk-body cp-map-status");
    status.setAttribute("aria-live", "polite");
    holder.appendChild(status);
    return status;
  }

  function pinPicker(map, data, holder, status) {
    var messages = data.messages;
    var lat = document.getElementById(data.pin.lat);
    var lon = document.getElementById(data.pin.lon);
    if (!lat || !lon) { return null; }
    var pin = null;

    function place(latlng, quiet) {
      if (!pin) {
        pin = L.marker(latlng, { draggable: true, keyboard: false, title: messages.pin, zIndexOffset: 1000, icon: pointIcon(messages.pin, "cp-marker--pin") }).addTo(map);
        pin.on("dragend", function () { set(pin.getLatLng()); });
      } else {
        pin.setLatLng(latlng);
      }
      if (!quiet) { set(latlng); }
    }

    function set(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      status.textContent = format(messages.placed, { lat: lat.value, lon: lon.value });
      document.dispatchEvent(new CustomEvent("cp:pin", { detail: { lat: lat.value, lon: lon.value } }));
    }

    function fromInputs() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place(L.latLng(a, b), true);
        return true;
      }
      return false;
    }

    map.on("click", function (event) { place(event.latlng); });
    lat.addEventListener("change", fromInputs);
    lon.addEventListener("change", fromInputs);
    var centre = element("button", "govuk-button govuk-button--secondary cp-map-button", messages.centre);
    centre.type = "button";
    centre.addEventListener("click", function () { place(map.getCenter()); });
    holder.appendChild(centre);
    if (fromInputs()) { map.setView(pin.getLatLng(), Math.max(map.getZoom(), 15)); }
    return { place: place };
  }

  function locator(map, holder, status, picker, messages) {
    var button = element("button", "govuk-button govuk-button--secondary cp-map-button", messages.locate);
    button.type = "button";
    var you = null;
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = messages.unsupported; return; }
      status.textContent = messages.finding;
      navigator.geolocation.getCurrentPosition(function (position) {
        var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        map.setView(latlng, 16);
        if (picker) {
          picker.place(latlng);
        } else {
          if (you) { you.setLatLng(latlng); } else { you = L.marker(latlng, { icon: pointIcon(messages.you, "cp-marker--you"), title: messages.you, keyboard: false }).addTo(map); }
          status.textContent = messages.located;
        }
      }, function () { status.textContent = messages.failed; }, { timeout: 10000 });
    });
    holder.appendChild(button);
  }

  // Suggestions under the address search box: choosing one moves the pin.
  function suggestions(map, data, picker, status) {
    var input = document.querySelector("[data-cp-geocode]");
    if (!input || !data.geocode || !picker) { return; }
    var list = element("ul", "govuk-list cp-suggestions");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    var fill = input.dataset.cpGeocodeFill ? document.getElementById(input.dataset.cpGeocodeFill) : null;
    var timer = null, asked = "";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", list.id);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
    function ask() {
      var text = input.value.trim();
      if (text === asked) { return; }
      asked = text;
      if (text.length < 2) { list.textContent = ""; return; }
      fetch(data.geocode + "?q=" + encodeURIComponent(text) + "&limit=5", { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { matches: [] }; })
        .then(function (answer) { if (text === asked) { show(answer.matches || []); } });
    }
    function show(matches) {
      list.textContent = "";
      matches.forEach(function (match) {
        var item = element("li");
        var choose = element("button", "govuk-button govuk-button--secondary cp-suggestion", match.name);
        choose.type = "button";
        choose.addEventListener("click", function () {
          var latlng = L.latLng(match.lat, match.lon);
          map.setView(latlng, match.kind === "street" ? 17 : 14);
          picker.place(latlng);
          if (fill && !fill.value) { fill.value = match.name; }
          list.textContent = "";
        });
        item.appendChild(choose);
        list.appendChild(item);
      });
      status.textContent = matches.length ? format(data.messages.suggestions, { n: matches.length }) : data.messages.none;
    }
  }

  function setUp(holder) {
    var data = JSON.parse(document.getElementById(holder.dataset.cpMap).textContent);
    var messages = data.messages;
    var box = element("div", "cp-leaflet");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", messages.map);
    var keys = element("p", "govuk-hint cp-map-keys", messages.keys + (data.points.length ? " " + messages.keysPoints : ""));
    keys.id = holder.dataset.cpMap + "-keys";
    box.setAttribute("aria-describedby", keys.id);
    var figure = holder.querySelector(".cp-map-fallback");
    var svg = figure.querySelector("svg");
    if (svg) { svg.style.display = "none"; }
    holder.insertBefore(keys, figure);
    holder.insertBefore(box, figure);
    var controls = element("div", "cp-map-controls");
    holder.insertBefore(controls, figure);
    var status = statusLine(controls);

    var map = L.map(box, {
      keyboard: true,
      zoomControl: false,
      attributionControl: true,
      zoomSnap: 0.5,
      minZoom: 3,
      maxZoom: 19
    });
    L.control.zoom({ zoomInTitle: messages.zoomIn, zoomOutTitle: messages.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 }).addTo(map);
    } else {
      box.classList.add("cp-leaflet--plain");
    }
    var areas = drawAreas(map, data.areas);
    var bounds = areas.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([0, 0], 2); }
    if (!data.tiles) { drawStreets(map, data.streets || []); }
    if (data.points.length) { drawPoints(map, data.points, messages); }
    var picker = data.pin ? pinPicker(map, data, controls, status) : null;
    locator(map, controls, status, picker, messages);
    suggestions(map, data, picker, status);
    controls.appendChild(status);
    holder.classList.add("cp-map--live");
  }

  document.querySelectorAll("[data-cp-map]").forEach(setUp);
})();
