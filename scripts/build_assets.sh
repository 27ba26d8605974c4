#!/usr/bin/env bash
# Build the front-end assets from the npm registry's packages into Django static files.
# Runs at set-up time only: nothing is downloaded when the platform runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/coproduce/web/static/vendor
if [ ! -d node_modules/govuk-frontend ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/leaflet.markercluster ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p "$out/govuk" "$out/htmx" "$out/axe" "$out/leaflet"
npx --no-install sass --quiet --no-source-map --style=compressed --load-path=node_modules \
  src/coproduce/web/assets/coproduce.scss "$out/coproduce.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk/"
rm -rf "$out/govuk/assets" && cp -r node_modules/govuk-frontend/dist/govuk/assets "$out/govuk/assets"
rm -rf "$out/govuk/assets/fonts"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
# Leaflet and its marker clustering: the maps (web/static/web/map.js); tiles only from MAP_TILE_URL.
# The source maps go too: the scripts name them, and collectstatic's manifest checks them.
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
  node_modules/leaflet/dist/leaflet.css "$out/leaflet/"
rm -rf "$out/leaflet/images" && cp -r node_modules/leaflet/dist/images "$out/leaflet/images"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
  node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
  node_modules/leaflet.markercluster/dist/MarkerCluster.css \
  node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$out/leaflet/"
# axe-core: only the browser tests load it (tests/accessibility.py), to check every page they visit.
cp node_modules/axe-core/axe.min.js "$out/axe/"
echo "assets built in $out"
