// Bundles the page into one folder the server serves (build/web by default):
// web/src as is, Leaflet and leaflet.markercluster from node_modules, and the
// world's country outlines (world-atlas, Natural Earth 1:110m, public domain)
// converted from TopoJSON to GeoJSON, so that the map needs no network.
// Usage: node web/build.mjs OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || path.join(here, '..', 'build', 'web'));
const modules = path.join(here, 'node_modules');

if (!fs.existsSync(path.join(modules, 'leaflet'))) {
  // CMake builds this target with everything else; without npm ci the rest of
  // the project still builds, and the e2e test skips with this reason.
  console.warn(`web: ${modules} is missing (run npm ci in web/); page not built`);
  process.exit(0);
}

const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
};

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(path.join(here, 'src'))) copy(path.join(here, 'src', f), path.join(out, f));

const vendor = path.join(out, 'vendor');
copy(path.join(modules, 'leaflet/dist/leaflet.js'), path.join(vendor, 'leaflet/leaflet.js'));
copy(path.join(modules, 'leaflet/dist/leaflet.css'), path.join(vendor, 'leaflet/leaflet.css'));
copy(path.join(modules, 'leaflet/dist/images'), path.join(vendor, 'leaflet/images'));
copy(path.join(modules, 'leaflet/LICENSE'), path.join(vendor, 'leaflet/LICENSE'));
for (const f of ['leaflet.markercluster.js', 'MarkerCluster.css', 'MarkerCluster.Default.css'])
  copy(path.join(modules, 'leaflet.markercluster/dist', f), path.join(vendor, 'markercluster', f));
copy(path.join(modules, 'leaflet.markercluster/MIT-LICENCE.txt'), path.join(vendor, 'markercluster/LICENSE'));

const require = createRequire(import.meta.url);
const topojson = require('topojson-client');
const world = JSON.parse(fs.readFileSync(path.join(modules, 'world-atlas/countries-110m.json'), 'utf8'));
const countries = topojson.feature(world, world.objects.countries);
fs.writeFileSync(path.join(out, 'countries.geojson'), JSON.stringify(countries));
copy(path.join(modules, 'world-atlas/LICENSE'), path.join(vendor, 'world-atlas/LICENSE'));

console.log(`web: page bundled into ${out}`);
