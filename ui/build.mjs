// Builds the UI into ui/dist (or the directory given as the first argument): our sources plus the
// pinned npm packages' own browser builds and the Natural Earth shapes, so the page needs no CDN and
// no network. No bundler: the vendor files are UMD scripts that define globals (cytoscape, d3,
// topojson), loaded by index.html in order.
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, 'dist'));
const mod = (p) => join(here, 'node_modules', p);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });
const vendor = {
  'cytoscape.min.js': 'cytoscape/dist/cytoscape.min.js',
  'd3-array.min.js': 'd3-array/dist/d3-array.min.js',
  'd3-geo.min.js': 'd3-geo/dist/d3-geo.min.js',
  'topojson-client.min.js': 'topojson-client/dist/topojson-client.min.js',
  'countries-50m.json': 'world-atlas/countries-50m.json',
};
for (const [name, from] of Object.entries(vendor)) cpSync(mod(from), join(out, 'vendor', name));
// Licences of what we ship, next to it.
const licences = ['cytoscape', 'd3-array', 'd3-geo', 'topojson-client', 'world-atlas']
  .map((p) => `== ${p} ${JSON.parse(readFileSync(mod(`${p}/package.json`))).version} ==\n` +
    readFileSync(mod(`${p}/LICENSE`), 'utf8'))
  .join('\n');
writeFileSync(join(out, 'vendor', 'LICENSES.txt'), licences);
console.log(`ui: built into ${out}`);
