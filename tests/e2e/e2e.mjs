// End-to-end test of `marsad serve` and its page in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core): the map shows the events, a
// timeline selection filters the map and the map's extent filters the
// timeline, an event opens its article with the evidence highlighted, search
// finds an article by a normalized spelling, article markup stays text, and
// nothing is fetched from outside the server. Screenshots go to the artifacts
// folder. Exit 0 pass, 1 fail, 77 skipped (no Chromium or no web/node_modules).
//
// Usage: node tests/e2e/e2e.mjs --marsad build/marsad --db e2e.db --web build/web --out build/artifacts/e2e
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const marsad = arg('marsad', 'build/marsad');
const db = arg('db', 'build/e2e/e2e.db');
const web = arg('web', 'build/web');
const out = arg('out', 'build/artifacts/e2e');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const skip = (why) => { console.log(`SKIP: ${why}`); process.exit(77); };
if (!fs.existsSync(chromiumPath)) skip(`${chromiumPath} not found (apt-get install chromium)`);
if (!fs.existsSync(path.join(web, 'index.html'))) skip(`${web}/index.html missing (npm ci in web/, then build the web target)`);
let chromium;
try {
  chromium = createRequire(path.join(here, '../../web/package.json'))('playwright-core').chromium;
} catch {
  skip('playwright-core missing (npm ci in web/)');
}
fs.rmSync(out, { recursive: true, force: true });  // no screenshots left from an older run
fs.mkdirSync(out, { recursive: true });

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// ---- The server, on a free loopback port ----
function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(marsad, ['serve', '--db', db, '--port', '0', '--web-dir', web], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 15000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
      if (m) { clearTimeout(timer); resolve({ proc, base: m[1] }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); });
  });
}

const { proc, base } = await startServer();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const dialogs = [], pageErrors = [], outside = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
  const page = await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // The page must work offline: anything not from our server is recorded and refused.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const shot = (name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: false });

  // 1. The map shows the events.
  await page.goto(base);
  await page.waitForSelector('body[data-events-loaded="true"]', { timeout: 20000 });
  await page.waitForSelector('.leaflet-marker-icon', { timeout: 10000 });
  await page.waitForSelector('path.leaflet-interactive, svg.leaflet-zoom-animated path', { state: 'attached', timeout: 10000 });
  const total = Number(await page.getAttribute('#event-count', 'data-count'));
  const mapped = Number(await page.getAttribute('#event-count', 'data-mapped'));
  // Cluster icons carry their counts; single markers count one each.
  const markersOnMap = async () => page.$$eval('.leaflet-marker-icon', (icons) =>
    icons.reduce((n, i) => n + (i.classList.contains('ev-cluster-icon') ? Number(i.textContent) : 1), 0));
  const onMap = await markersOnMap();
  check(total > 10, `the page lists the events (${total})`);
  check(mapped > 0 && onMap === mapped, `the map shows every located event (${onMap} of ${mapped})`);
  await shot('01-map');

  // 2. A timeline selection filters the map...
  const bars = await page.$$('rect.timeline-bar');
  let chosen = null;
  for (const b of bars) if (Number(await b.getAttribute('data-count')) > 0) { chosen = b; break; }
  check(chosen !== null, 'the timeline has bars with events');
  const box = await chosen.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForSelector('#clear-selection:not([hidden])');
  const selected = Number(await page.getAttribute('#event-count', 'data-count'));
  const selectedOnMap = await markersOnMap();
  check(selected > 0 && selected < total, `a timeline selection filters the events (${selected} of ${total})`);
  check(selectedOnMap < onMap, `... and the map (${selectedOnMap} markers, was ${onMap})`);
  await shot('02-timeline-selection');
  await page.click('#clear-selection');
  check(Number(await page.getAttribute('#event-count', 'data-count')) === total, 'clearing the selection restores the map');

  // ... and the map's extent filters the timeline.
  const timelineSum = () => page.$$eval('rect.timeline-bar', (rs) => rs.reduce((n, r) => n + Number(r.dataset.count), 0));
  const before = await timelineSum();
  for (let i = 0; i < 2; i++) {
    await page.click('.leaflet-control-zoom-in');
    await page.waitForTimeout(400);
  }
  await page.waitForTimeout(500);
  const after = await timelineSum();
  check(after < before && after > 0, `zooming the map filters the timeline (${after} of ${before} events in view)`);
  await shot('03-map-filters-timeline');
  await page.click('.leaflet-control-zoom-out');

  // 3. Clicking an event on the map opens its article with the evidence highlighted:
  // clusters are clicked (each zooms in) until a single marker shows; its popup links on.
  await page.click('.leaflet-control-zoom-out');
  await page.waitForTimeout(400);
  for (let i = 0; i < 8 && !(await page.$('.leaflet-marker-icon.ev-marker')); i++) {
    await page.click('.leaflet-marker-icon.ev-cluster-icon');
    await page.waitForTimeout(700);
  }
  const marker = await page.$('.leaflet-marker-icon.ev-marker');
  check(marker !== null, 'zooming into clusters reaches single event markers');
  await marker.click();
  await page.waitForSelector('.leaflet-popup-content a.open-article', { timeout: 5000 });
  await shot('04-marker-popup');
  const href = await page.getAttribute('.leaflet-popup-content a.open-article', 'href');
  const m = /^#\/article\/([^?]+)\?ev=(\d+)-(\d+)$/.exec(href);
  await page.click('.leaflet-popup-content a.open-article');
  await page.waitForSelector('#article-body mark.evidence.focus', { timeout: 10000 });
  const focusText = await page.$$eval('#article-body mark.evidence.focus', (ms) => ms.map((x) => x.textContent).join(''));
  const art = await (await fetch(`${base}api/articles/${m[1]}`)).json();
  const expected = Array.from(art.body).slice(Number(m[2]), Number(m[3])).join('');
  check(m !== null && focusText === expected && focusText.length > 0,
    `the marker's event evidence is highlighted in its article (${JSON.stringify(focusText.slice(0, 40))}…)`);
  check(await page.$$eval('#article-body .ent', (n) => n.length) > 0, 'entities are highlighted in the article');
  check(await page.$$eval('#article-body .time', (n) => n.length) > 0, 'dates are highlighted in the article');
  await shot('05-article-evidence');

  // The table's rows open their event's article the same way.
  await page.goto(base);
  await page.waitForSelector('body[data-events-loaded="true"]');
  const row = await page.$('#event-list tr.event-row');
  const eventId = await row.getAttribute('data-id');
  const ev = await (await fetch(`${base}api/events/${eventId}`)).json();
  await row.click();
  await page.waitForSelector('#article-body mark.evidence.focus', { timeout: 10000 });
  const rowFocus = await page.$$eval('#article-body mark.evidence.focus', (ms) => ms.map((x) => x.textContent).join(''));
  check(rowFocus === ev.sources[0].text, 'an event row opens its article at its evidence');

  // Filters query the API; the export buttons carry the same filters.
  await page.goto(base);
  await page.waitForSelector('body[data-events-loaded="true"]');
  await page.evaluate(() => { document.body.dataset.eventsLoaded = 'false'; });
  await page.selectOption('#filters select[name=type]', 'ASSAULT');
  await page.fill('#filters input[name=from]', '2024-01-01');
  await page.click('#filters button[type=submit]');
  await page.waitForSelector('body[data-events-loaded="true"]');
  const filtered = Number(await page.getAttribute('#event-count', 'data-count'));
  const apiCount = (await (await fetch(`${base}api/events?type=ASSAULT&from=2024-01-01`)).json()).total;
  check(filtered === apiCount && filtered > 0 && filtered < total, `type and date filters (${filtered} events, API says ${apiCount})`);
  const csvHref = await page.getAttribute('#export-csv', 'href');
  const csv = await fetch(new URL(csvHref, base));
  const csvText = await csv.text();
  check(csv.ok && csvHref.includes('type=ASSAULT') && csvText.trim().split('\n').length === apiCount + 1,
    `the CSV export carries the filters (${csvHref})`);
  await shot('06-filters');

  // 4. Search finds an article by a normalized form of a word (غزه for غزة).
  await page.fill('#q', 'غزه');
  await page.press('#q', 'Enter');
  await page.waitForSelector('#hits .hit, #no-results', { timeout: 10000 });
  const marks = await page.$$eval('#hits mark', (ms) => ms.map((m) => m.textContent));
  check(marks.length > 0 && marks.some((m) => m.includes('غزة')), `search for غزه finds غزة, highlighted (${marks.slice(0, 3).join(', ')})`);
  await shot('07-search');

  // 5. Article text with markup is shown as text.
  await page.goto(`${base}#/article/e2e-markup-in-text`);
  await page.waitForSelector('#article-body', { timeout: 10000 });
  const bodyText = await page.textContent('#article-body');
  const title = await page.textContent('#article-title');
  check(bodyText.includes('<script>alert(1)</script>') && bodyText.includes('<img src=x onerror=alert(2)>'),
    'the article shows <script> and <img onerror> as text');
  check(title.includes("<img src=x onerror=alert('title')>"), 'the title shows its markup as text');
  const injected = await page.$$eval('#view-article img, #view-article script', (n) => n.length);
  check(injected === 0, 'no img or script element was created from the article');
  check(await page.$('#source-link') === null, 'a javascript: source URL is not made a link');
  await page.waitForTimeout(500);
  await shot('08-markup-as-text');

  // 6. Story view and the English labels.
  const story = await (await fetch(`${base}api/events?limit=1`)).json();
  await page.goto(`${base}#/story/${story.events[0].story}`);
  await page.waitForSelector('#story-events li.story-event', { timeout: 10000 });
  const storyApi = await (await fetch(`${base}api/stories/${story.events[0].story}`)).json();
  const storyEvents = await page.$$eval('#story-events li.story-event', (n) => n.length);
  const storySources = await page.$$eval('#story-events li.story-event q', (n) => n.length);
  check(storyEvents === storyApi.events.length && storyEvents > 0,
        `a story lists its events (${storyEvents}, API says ${storyApi.events.length})`);
  check(storySources >= storyEvents, `... each with its sources' evidence (${storySources} quotes)`);
  await page.click('#lang');
  check((await page.textContent('header nav a')) === 'Map', 'the English toggle relabels the page');
  await shot('09-story-english');
  await page.click('#lang');

  check(dialogs.length === 0, `no dialog was opened (${dialogs.join(' | ')})`);
  check(pageErrors.length === 0, `no script error (${pageErrors.join(' | ')})`);
  check(outside.length === 0, `nothing requested outside the server (${outside.slice(0, 3).join(' ')})`);
} catch (e) {
  failures.push(String(e && e.stack || e));
  console.log(`FAIL ${e && e.stack || e}`);
  console.log(`page errors: ${pageErrors.join(' | ') || 'none'}; outside requests: ${outside.join(' ') || 'none'}`);
} finally {
  await browser.close();
  proc.kill('SIGTERM');
}
console.log(`screenshots in ${path.resolve(out)}`);
console.log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed');
process.exit(failures.length ? 1 : 0);
