// marsad's page: the event map linked to a timeline, filters, stories, articles
// with their annotations, entities and search, over the JSON API (docs/api.md).
// Article text is untrusted: every value reaches the DOM as a text node (el()
// below); nothing from the API is ever parsed as HTML.

// ---- Labels (Arabic, with an English toggle) ----
const LABELS = {
  ar: {
    brand: 'مرصد', nav_map: 'الخريطة', nav_stories: 'القصص', nav_entities: 'الكيانات',
    search: 'بحث', search_placeholder: 'ابحث في المقالات…', from: 'من', to: 'إلى', type: 'النوع',
    any: 'الكل', actor: 'الفاعل', outlet: 'المصدر', place: 'المكان', apply: 'تطبيق', reset: 'إعادة',
    export_csv: 'تصدير CSV', export_geojson: 'تصدير GeoJSON', timeline: 'الخط الزمني',
    clear_selection: 'إلغاء التحديد', date: 'التاريخ', actors: 'الفاعلون', targets: 'المستهدفون',
    fatalities: 'القتلى', injured: 'الجرحى', sources: 'المصادر', events_shown: 'حدثاً معروضاً',
    of: 'من', undated: 'بلا تاريخ', open_article: 'عرض المقال', story: 'القصة', source_link: 'الرابط الأصلي',
    entities: 'الكيانات', times: 'التواريخ', events: 'الأحداث', evidence: 'الدليل',
    articles: 'المقالات', variants: 'الصيغ الواردة', mentions: 'الإشارات', mentions_over_time: 'الإشارات عبر الزمن',
    no_results: 'لا نتائج', results_for: 'نتائج البحث عن', stories: 'القصص', first: 'أول', last: 'آخر',
    not_found: 'غير موجود', error: 'خطأ', legend_entity: 'كيان', legend_time: 'تاريخ', legend_event: 'دليل حدث',
    selected: 'المحدد', unknown: 'غير معروف', no_place: 'دون موقع على الخريطة', lang_button: 'English',
  },
  en: {
    brand: 'Marsad', nav_map: 'Map', nav_stories: 'Stories', nav_entities: 'Entities',
    search: 'Search', search_placeholder: 'Search articles…', from: 'From', to: 'To', type: 'Type',
    any: 'Any', actor: 'Actor', outlet: 'Outlet', place: 'Place', apply: 'Apply', reset: 'Reset',
    export_csv: 'Export CSV', export_geojson: 'Export GeoJSON', timeline: 'Timeline',
    clear_selection: 'Clear selection', date: 'Date', actors: 'Actors', targets: 'Targets',
    fatalities: 'Fatalities', injured: 'Injured', sources: 'Sources', events_shown: 'events shown',
    of: 'of', undated: 'undated', open_article: 'Open article', story: 'Story', source_link: 'Original link',
    entities: 'Entities', times: 'Dates', events: 'Events', evidence: 'Evidence',
    articles: 'Articles', variants: 'Variants seen', mentions: 'Mentions', mentions_over_time: 'Mentions over time',
    no_results: 'No results', results_for: 'Results for', stories: 'Stories', first: 'First', last: 'Last',
    not_found: 'Not found', error: 'Error', legend_entity: 'entity', legend_time: 'date', legend_event: 'event evidence',
    selected: 'Selected', unknown: 'unknown', no_place: 'not on the map', lang_button: 'عربي',
  },
};
const TYPE_LABELS = {
  ar: { ASSAULT: 'اعتداء', COERCE: 'إكراه', MOBILIZE: 'حشد', THREATEN: 'تهديد', PROTEST: 'احتجاج',
        SANCTION: 'عقوبات', ACCUSE: 'اتهام', REJECT: 'رفض', REQUEST: 'طلب', CONSULT: 'تشاور',
        AGREE: 'اتفاق', COOPERATE: 'تعاون', SUPPORT: 'دعم', AID: 'مساعدة', CONCEDE: 'تنازل', RETREAT: 'انسحاب' },
};
const TYPE_COLOURS = {
  ASSAULT: '#d62728', COERCE: '#8c564b', MOBILIZE: '#ff7f0e', THREATEN: '#e377c2', PROTEST: '#bcbd22',
  SANCTION: '#7f7f7f', ACCUSE: '#9467bd', REJECT: '#c5b0d5', REQUEST: '#17becf', CONSULT: '#1f77b4',
  AGREE: '#2ca02c', COOPERATE: '#98df8a', SUPPORT: '#aec7e8', AID: '#ffbb78', CONCEDE: '#9edae5', RETREAT: '#393b79',
};

let lang = localStorage.getItem('marsad-lang') === 'en' ? 'en' : 'ar';
const t = (key) => LABELS[lang][key] ?? key;
const typeLabel = (type) => (lang === 'ar' && TYPE_LABELS.ar[type]) || type;
const colour = (type) => TYPE_COLOURS[type] || '#555';

// ---- DOM helpers: text only ----
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'style') Object.assign(e.style, v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const $ = (sel) => document.querySelector(sel);
// Only http(s) links from articles become hrefs (no javascript:, data:, ...).
const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);
const nameOf = (ref) => (ref ? (lang === 'en' && ref.name_en) || ref.name || ref.name_en || ref.id : '');
// The first day of an event's date at any precision (2024-03-05, 2024-03,
// 2024, 2024-W10), so that coarse dates sort and filter with exact ones; null
// when undated or vaguer than a year (199X).
function dayOf(value) {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  const w = /^(\d{4})-W(\d{2})$/.exec(value);
  if (w) {  // ISO week: the Monday of the week holding 4 January, plus weeks
    const jan4 = new Date(Date.UTC(Number(w[1]), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (Number(w[2]) - 1) * 7 * 864e5);
    return monday.toISOString().slice(0, 10);
  }
  return null;
}
const eventDay = (e) => (e.date ? dayOf(e.date.value) : null);
const evLink = (s) => `#/article/${encodeURIComponent(s.article)}?ev=${s.evidence.start}-${s.evidence.end}`;

async function api(path, params = {}) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null));
  const res = await fetch(`/api/${path}${qs.toString() ? '?' + qs : ''}`);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

function applyLabels() {
  document.documentElement.lang = lang;
  // Arabic labels read right to left; English labels left to right, with the
  // article text inside still marked rtl or auto where it is shown.
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.querySelectorAll('[data-i18n]').forEach((n) => { n.textContent = t(n.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
  $('#lang').textContent = t('lang_button');
  $('#lang').lang = lang === 'ar' ? 'en' : 'ar';
  document.querySelectorAll('#filters select[name=type] option[value]').forEach((o) => {
    if (o.value) o.textContent = typeLabel(o.value);
  });
}

// ---- Map view ----
const state = { config: null, events: [], selection: null, map: null, cluster: null, loaded: false };

function filterParams() {
  const f = new FormData($('#filters'));
  const p = {};
  for (const k of ['from', 'to', 'type', 'actor', 'outlet', 'place']) if (f.get(k)) p[k] = f.get(k).trim();
  return p;
}

function updateExportLinks(p) {
  for (const fmt of ['csv', 'geojson']) {
    const qs = new URLSearchParams({ format: fmt, ...p });
    $(`#export-${fmt}`).href = `/api/export?${qs}`;
  }
}

function markerIcon(e) {
  const size = Math.round(12 + Math.min(26, 5 * Math.sqrt(e.fatalities || 0)));
  const dot = el('div', { class: 'ev-icon', style: { width: `${size}px`, height: `${size}px`, background: colour(e.type) } });
  return L.divIcon({ html: dot, className: 'ev-marker', iconSize: [size, size] });
}

function clusterIcon(cluster) {
  const counts = {};
  let dead = 0;
  for (const m of cluster.getAllChildMarkers()) {
    counts[m.options.event.type] = (counts[m.options.event.type] || 0) + 1;
    dead += m.options.event.fatalities || 0;
  }
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const size = Math.round(28 + Math.min(30, 4 * Math.sqrt(dead)));
  const node = el('div', { class: 'ev-cluster', style: { width: `${size}px`, height: `${size}px`, background: colour(top) } },
    String(cluster.getChildCount()));
  return L.divIcon({ html: node, className: 'ev-cluster-icon', iconSize: [size, size] });
}

function popupFor(e) {
  const first = e.sources[0];
  return el('div', { class: 'popup', dir: 'rtl' },
    el('h4', {}, el('span', { class: 'swatch', style: { background: colour(e.type) } }), typeLabel(e.type)),
    el('p', {}, `${t('date')}: ${eventDay(e) || t('undated')}`),
    e.location ? el('p', {}, `${t('place')}: ${nameOf(e.location)}`) : null,
    e.actors.length ? el('p', {}, `${t('actors')}: ${e.actors.map(nameOf).join('، ')}`) : null,
    e.fatalities != null ? el('p', {}, `${t('fatalities')}: ${e.fatalities}`) : null,
    el('p', {}, `${t('sources')}: ${e.n_sources || e.sources.length}`),
    first ? el('p', {}, el('a', { href: evLink(first), class: 'open-article' }, t('open_article'))) : null,
    e.story ? el('p', {}, el('a', { href: `#/story/${e.story}` }, t('story'))) : null);
}

function initMap() {
  const map = L.map('map', { worldCopyJump: true, zoomControl: true, minZoom: 2, maxZoom: 14 }).setView([27, 40], 4);
  state.map = map;
  fetch('countries.geojson').then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, { style: { color: '#8a9aa6', weight: 1, fillColor: '#f3efe6', fillOpacity: 1 }, interactive: false })
      .addTo(map).bringToBack();
  });
  if (state.config.tiles) {
    L.tileLayer(state.config.tiles, { attribution: state.config.tiles_attribution || '' }).addTo(map);
  }
  state.cluster = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 40 });
  map.addLayer(state.cluster);
  // The map's extent filters the timeline; the timeline's selection filters the map.
  map.on('moveend', () => renderTimeline());
}

function inSelection(e) {
  if (!state.selection) return true;
  const d = eventDay(e);
  return d !== null && d >= state.selection[0] && d <= state.selection[1];
}
function inView(e) {
  if (!e.geo) return false;
  return state.map.getBounds().pad(0.05).contains([e.geo.lat, e.geo.lon]);
}

function renderMarkers() {
  state.cluster.clearLayers();
  const shown = state.events.filter(inSelection);
  const markers = [];
  for (const e of shown) {
    if (!e.geo) continue;
    const m = L.marker([e.geo.lat, e.geo.lon], { icon: markerIcon(e), event: e, title: typeLabel(e.type) });
    m.bindPopup(() => popupFor(e));
    m.bindTooltip(el('span', { dir: 'rtl' }, `${typeLabel(e.type)} · ${eventDay(e) || t('undated')}`));
    markers.push(m);
  }
  state.cluster.addLayers(markers);
  const count = $('#event-count');
  count.dataset.count = String(shown.length);
  count.dataset.mapped = String(markers.length);
  count.textContent = `${shown.length} ${t('of')} ${state.events.length} ${t('events_shown')}`;
  renderList(shown);
}

function renderList(events) {
  const body = $('#event-list tbody');
  body.replaceChildren(...events.slice(0, 500).map((e) => el('tr', {
    class: 'event-row', dataset: { id: String(e.id) },
    onclick: () => { if (e.sources[0]) location.hash = evLink(e.sources[0]); },
  },
  el('td', {}, eventDay(e) || t('undated')),
  el('td', {}, el('span', { class: 'swatch', style: { background: colour(e.type) } }), typeLabel(e.type)),
  el('td', {}, e.location ? nameOf(e.location) : '-', e.geo ? '' : ` (${t('no_place')})`),
  el('td', {}, e.actors.map(nameOf).join('، ') || '-'),
  el('td', {}, e.fatalities ?? '-'),
  el('td', {}, e.sources.map((s) => s.source || s.article).join('، ')))));
}

// Buckets: days when the span is short, months otherwise.
function bucketOf(day, monthly) { return monthly ? day.slice(0, 7) : day; }
function bucketRange(key, monthly) {
  if (!monthly) return [key, key];
  return [`${key}-01`, `${key}-31`];
}

function renderTimeline() {
  const svg = $('#timeline');
  const NS = 'http://www.w3.org/2000/svg';
  const dated = state.events.filter((e) => eventDay(e));
  svg.replaceChildren();
  if (!dated.length) return;
  const days = dated.map(eventDay).sort();
  const spanDays = (Date.parse(days[days.length - 1]) - Date.parse(days[0])) / 864e5;
  const monthly = spanDays > 120;
  // Every bucket between the first and the last, so that gaps show as gaps.
  const keys = [];
  const start = new Date(`${days[0]}T00:00:00Z`), end = new Date(`${days[days.length - 1]}T00:00:00Z`);
  for (const d = new Date(start); d <= end; monthly ? d.setUTCMonth(d.getUTCMonth() + 1, 1) : d.setUTCDate(d.getUTCDate() + 1))
    keys.push(bucketOf(d.toISOString().slice(0, 10), monthly));
  const uniq = [...new Set(keys)];
  const total = {}, visible = {};
  const mapReady = state.map && state.map._loaded;
  for (const e of dated) {
    const k = bucketOf(eventDay(e), monthly);
    total[k] = (total[k] || 0) + 1;
    if (!mapReady || inView(e)) visible[k] = (visible[k] || 0) + 1;
  }
  const W = svg.clientWidth || 800, H = 90, pad = 14;
  const bw = Math.max(2, (W - 2 * pad) / uniq.length);
  const max = Math.max(...Object.values(total));
  const x = (i) => pad + i * bw;
  uniq.forEach((k, i) => {
    const h = ((visible[k] || 0) / max) * (H - 30);
    const ht = ((total[k] || 0) / max) * (H - 30);
    const [lo, hi] = bucketRange(k, monthly);
    const selected = !state.selection || (hi >= state.selection[0] && lo <= state.selection[1]);
    const bg = document.createElementNS(NS, 'rect');
    Object.entries({ x: x(i) + 1, y: H - 18 - ht, width: Math.max(1, bw - 2), height: ht, class: 'bar out' })
      .forEach(([a, v]) => bg.setAttribute(a, v));
    svg.append(bg);
    const r = document.createElementNS(NS, 'rect');
    Object.entries({ x: x(i) + 1, y: H - 18 - h, width: Math.max(1, bw - 2), height: h, class: selected ? 'bar' : 'bar out' })
      .forEach(([a, v]) => r.setAttribute(a, v));
    r.classList.add('timeline-bar');
    r.dataset.key = k;
    r.dataset.count = String(visible[k] || 0);
    const title = document.createElementNS(NS, 'title');
    title.textContent = `${k}: ${visible[k] || 0}/${total[k] || 0}`;
    r.append(title);
    svg.append(r);
  });
  const label = (i, anchor) => {
    const tx = document.createElementNS(NS, 'text');
    tx.setAttribute('x', x(i) + (anchor === 'end' ? bw : 0));
    tx.setAttribute('y', H - 4);
    tx.setAttribute('text-anchor', anchor);
    tx.textContent = uniq[i];
    svg.append(tx);
  };
  label(0, 'start');
  if (uniq.length > 1) label(uniq.length - 1, 'end');
  state.timeline = { uniq, x, bw, monthly };
}

// Drag across the timeline to select a period; a click selects one bucket.
function initTimelineBrush() {
  const svg = $('#timeline');
  let from = null;
  const indexAt = (ev) => {
    const tl = state.timeline;
    if (!tl) return null;
    const px = ev.clientX - svg.getBoundingClientRect().left;
    return Math.max(0, Math.min(tl.uniq.length - 1, Math.floor((px - tl.x(0)) / tl.bw)));
  };
  const select = (a, b) => {
    const tl = state.timeline;
    const [i, j] = a <= b ? [a, b] : [b, a];
    state.selection = [bucketRange(tl.uniq[i], tl.monthly)[0], bucketRange(tl.uniq[j], tl.monthly)[1]];
    $('#selection').textContent = `${t('selected')}: ${tl.uniq[i]} – ${tl.uniq[j]}`;
    $('#clear-selection').hidden = false;
    renderMarkers();
    renderTimeline();
  };
  svg.addEventListener('pointerdown', (ev) => { from = indexAt(ev); });
  svg.addEventListener('pointerup', (ev) => {
    const to = indexAt(ev);
    if (from !== null && to !== null) select(from, to);
    from = null;
  });
  $('#clear-selection').addEventListener('click', () => {
    state.selection = null;
    $('#selection').textContent = '';
    $('#clear-selection').hidden = true;
    renderMarkers();
    renderTimeline();
  });
}

async function loadEvents() {
  const p = filterParams();
  updateExportLinks(p);
  $('#map-error').hidden = true;
  try {
    const res = await api('events', { ...p, limit: 10000 });
    state.events = res.events;
  } catch (err) {
    state.events = [];
    $('#map-error').textContent = `${t('error')}: ${err.message}`;
    $('#map-error').hidden = false;
  }
  state.selection = null;
  $('#selection').textContent = '';
  $('#clear-selection').hidden = true;
  renderMarkers();
  renderTimeline();
  document.body.dataset.eventsLoaded = 'true';
}

// ---- Article view ----
function renderAnnotatedBody(body, annotations, focus) {
  const chars = Array.from(body);  // offsets are code points
  const cuts = new Set([0, chars.length]);
  for (const a of annotations) {
    cuts.add(Math.max(0, Math.min(chars.length, a.start)));
    cuts.add(Math.max(0, Math.min(chars.length, a.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const text = chars.slice(s, e).join('');
    const covering = annotations.filter((a) => a.start <= s && a.end >= e && a.end > a.start);
    if (!covering.length) { out.push(document.createTextNode(text)); continue; }
    const classes = [];
    const data = {};
    let title = [];
    for (const a of covering) {
      if (a.kind === 'entity') { classes.push('ent', `ent-${a.type}`); data.entity = a.id; title.push(a.id); }
      if (a.kind === 'time') { classes.push('time'); title.push(a.value); }
      if (a.kind === 'event') {
        classes.push('evidence');
        data.event = a.type;
        data.evidence = `${a.start}-${a.end}`;
        if (focus && a.start === focus[0] && a.end === focus[1]) classes.push('focus');
        title.push(typeLabel(a.type));
      }
    }
    const tag = classes.includes('evidence') ? 'mark' : 'span';
    const node = el(tag, { class: [...new Set(classes)].join(' '), title: title.join(' · '), dataset: data }, text);
    if (data.entity) node.addEventListener('click', () => { location.hash = `#/entity/${encodeURIComponent(data.entity)}`; });
    out.push(node);
  }
  return out;
}

async function showArticle(id, params) {
  const view = $('#view-article');
  view.replaceChildren(el('p', { class: 'meta' }, '…'));
  let a;
  try { a = await api(`articles/${encodeURIComponent(id)}`); } catch (err) {
    view.replaceChildren(el('p', { class: 'error' }, `${t('error')}: ${err.message}`));
    return;
  }
  const m = /^(\d+)-(\d+)$/.exec(params.get('ev') || '');
  const focus = m ? [Number(m[1]), Number(m[2])] : null;
  const url = safeUrl(a.url);
  const body = el('div', { id: 'article-body', dir: 'rtl' }, renderAnnotatedBody(a.body, a.annotations, focus));
  const names = a.names || {};
  view.replaceChildren(el('article', { class: 'doc', dataset: { article: a.id } },
    el('h1', { id: 'article-title', dir: 'auto' }, a.title),
    el('p', { class: 'meta' }, [a.source, a.published].filter(Boolean).join(' · '),
      url ? ' · ' : '', url ? el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', id: 'source-link' }, t('source_link')) : null),
    el('p', { class: 'legend' },
      el('span', { class: 'ent ent-PERSON' }, t('legend_entity')),
      el('span', { class: 'time' }, t('legend_time')),
      el('mark', { class: 'evidence' }, t('legend_event'))),
    body),
  el('div', { class: 'side' },
    el('section', {}, el('h3', {}, t('entities')), el('ul', {}, a.entities.map((e) => el('li', {},
      el('a', { href: `#/entity/${encodeURIComponent(e.id)}` }, nameOf(e)), ` (${e.type}, ${e.mentions.length})`)))),
    el('section', {}, el('h3', {}, t('times')), el('ul', {}, a.times.map((x) => el('li', {}, `${x.text} → ${x.value}`)))),
    el('section', {}, el('h3', {}, t('events')), el('ul', {}, a.events.map((ev) => el('li', {},
      el('span', { class: 'swatch', style: { background: colour(ev.type) } }), typeLabel(ev.type),
      ev.location ? ` @ ${nameOf(names[ev.location] ? { ...names[ev.location], id: ev.location } : { id: ev.location })}` : '',
      ev.fatalities != null ? ` · ${t('fatalities')}: ${ev.fatalities}` : ''))))));
  const f = view.querySelector('mark.focus');
  if (f) f.scrollIntoView({ block: 'center' });
}

// ---- Story, stories, entity, entities, search ----
function eventItem(e) {
  return el('li', { class: 'story-event' },
    el('strong', {}, eventDay(e) || t('undated')), ' ',
    el('span', { class: 'swatch', style: { background: colour(e.type) } }), typeLabel(e.type),
    e.location ? ` @ ${nameOf(e.location)}` : '',
    e.fatalities != null ? ` · ${t('fatalities')}: ${e.fatalities}` : '',
    el('ul', {}, e.sources.map((s) => el('li', {},
      el('a', { href: evLink(s) }, s.source || s.article), s.published ? ` (${s.published})` : '', ': ',
      el('q', { dir: 'rtl' }, s.text)))));
}

async function showStory(id) {
  const view = $('#view-story');
  try {
    const s = await api(`stories/${encodeURIComponent(id)}`);
    const events = [...s.events].sort((a, b) => (eventDay(a) || '9999').localeCompare(eventDay(b) || '9999'));
    view.replaceChildren(el('h1', { dir: 'auto' }, s.label || `${t('story')} ${s.story}`),
      el('p', { class: 'meta' }, `${t('first')}: ${s.first || '-'} · ${t('last')}: ${s.last || '-'}`),
      el('h3', {}, t('events')), el('ol', { id: 'story-events' }, events.map(eventItem)),
      el('h3', {}, t('articles')), el('ul', {}, s.articles.map((a) => el('li', {},
        el('a', { href: `#/article/${encodeURIComponent(a.id)}` }, a.title || a.id),
        ` · ${[a.source, a.published].filter(Boolean).join(' · ')}`))));
  } catch (err) { view.replaceChildren(el('p', { class: 'error' }, `${t('error')}: ${err.message}`)); }
}

async function showStories() {
  const view = $('#view-stories');
  try {
    const res = await api('stories', { limit: 200 });
    view.replaceChildren(el('h1', {}, t('stories')), el('ul', {}, res.stories.map((s) => el('li', {},
      el('a', { href: `#/story/${s.story}` }, s.label || String(s.story)),
      ` · ${s.first || '-'} … ${s.last || '-'} · ${s.articles.length} ${t('articles')}`))));
  } catch (err) { view.replaceChildren(el('p', { class: 'error' }, `${t('error')}: ${err.message}`)); }
}

function bars(rows, key) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('class', 'bars');
  svg.setAttribute('width', String(Math.max(100, rows.length * 14)));
  svg.setAttribute('height', '60');
  const max = Math.max(1, ...rows.map((r) => r[key]));
  rows.forEach((r, i) => {
    const rect = document.createElementNS(NS, 'rect');
    const h = (r[key] / max) * 55;
    rect.setAttribute('x', String(i * 14));
    rect.setAttribute('y', String(60 - h));
    rect.setAttribute('width', '12');
    rect.setAttribute('height', String(h));
    const title = document.createElementNS(NS, 'title');
    title.textContent = `${r.day}: ${r[key]}`;
    rect.append(title);
    svg.append(rect);
  });
  return svg;
}

async function showEntity(id) {
  const view = $('#view-entity');
  try {
    const e = await api(`entities/${encodeURIComponent(id)}`);
    view.replaceChildren(el('h1', { dir: 'auto' }, e.name, e.name_en ? ` (${e.name_en})` : ''),
      el('p', { class: 'meta' }, `${e.type} · ${e.id} · ${t('mentions')}: ${e.mentions} · ${t('articles')}: ${e.articles}`),
      el('h3', {}, t('variants')), el('ul', { id: 'variants' }, e.variants.map((v) => el('li', {}, `${v.text} (${v.count})`))),
      el('h3', {}, t('mentions_over_time')), bars(e.timeline, 'mentions'),
      el('ul', { class: 'meta' }, e.timeline.map((d) => el('li', {}, `${d.day}: ${d.mentions}`))),
      el('h3', {}, t('events')), el('ol', {}, e.events.map(eventItem)),
      el('h3', {}, t('articles')), el('ul', {}, e.articles.map((a) => el('li', {},
        el('a', { href: `#/article/${encodeURIComponent(a.id)}` }, a.title || a.id), ` · ${a.published || ''}`))));
  } catch (err) { view.replaceChildren(el('p', { class: 'error' }, `${t('error')}: ${err.message}`)); }
}

async function showEntities() {
  const view = $('#view-entities');
  try {
    const res = await api('entities', { limit: 200 });
    view.replaceChildren(el('h1', {}, t('entities')), el('table', {}, el('tbody', {}, res.entities.map((e) => el('tr', {},
      el('td', {}, el('a', { href: `#/entity/${encodeURIComponent(e.id)}` }, nameOf(e))),
      el('td', {}, e.type), el('td', {}, String(e.mentions)),
      el('td', {}, e.variants.map((v) => v.text).join('، ')))))));
  } catch (err) { view.replaceChildren(el('p', { class: 'error' }, `${t('error')}: ${err.message}`)); }
}

function highlighted(text, ranges) {
  const chars = Array.from(text);
  const out = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at || e > chars.length) continue;
    out.push(chars.slice(at, s).join(''), el('mark', {}, chars.slice(s, e).join('')));
    at = e;
  }
  out.push(chars.slice(at).join(''));
  return out;
}

async function showSearch(q) {
  const view = $('#view-search');
  $('#q').value = q;
  if (!q.trim()) { view.replaceChildren(); return; }
  view.replaceChildren(el('p', { class: 'meta' }, '…'));
  try {
    const res = await api('search', { q, limit: 50 });
    view.replaceChildren(el('h2', {}, `${t('results_for')} «`, q, '»'),
      res.hits.length ? el('div', { id: 'hits' }, res.hits.map((h) => el('div', { class: 'hit', dataset: { article: h.article } },
        el('h3', {}, el('a', { href: `#/article/${encodeURIComponent(h.article)}` }, h.title || h.article)),
        el('p', { class: 'meta' }, [h.source, h.published].filter(Boolean).join(' · ')),
        el('p', { class: 'snippet', dir: 'rtl' }, highlighted(h.snippet, h.highlights)))))
        : el('p', { id: 'no-results' }, t('no_results')));
  } catch (err) { view.replaceChildren(el('p', { class: 'error' }, `${t('error')}: ${err.message}`)); }
}

// ---- Routing ----
function route() {
  const hash = location.hash || '#/';
  const [pathPart, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  // A malformed escape in a hand-edited link falls back to the map.
  let parts;
  try { parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent); } catch { parts = []; }
  const show = (name) => document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== `view-${name}`; });
  if (parts[0] === 'article' && parts[1]) { show('article'); showArticle(parts[1], params); }
  else if (parts[0] === 'story' && parts[1]) { show('story'); showStory(parts[1]); }
  else if (parts[0] === 'stories') { show('stories'); showStories(); }
  else if (parts[0] === 'entity' && parts[1]) { show('entity'); showEntity(parts[1]); }
  else if (parts[0] === 'entities') { show('entities'); showEntities(); }
  else if (parts[0] === 'search') { show('search'); showSearch(params.get('q') || ''); }
  else {
    show('map');
    if (state.map) { state.map.invalidateSize(); renderTimeline(); }
  }
}

async function main() {
  applyLabels();
  try { state.config = await api('config'); } catch (err) {
    state.config = { types: Object.keys(TYPE_COLOURS), outlets: [], tiles: null };
  }
  const typeSel = $('#filters select[name=type]');
  for (const ty of state.config.types) typeSel.append(el('option', { value: ty }, typeLabel(ty)));
  const outletSel = $('#filters select[name=outlet]');
  for (const o of state.config.outlets) outletSel.append(el('option', { value: o.name }, `${o.name} (${o.articles})`));
  initMap();
  initTimelineBrush();
  $('#filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadEvents(); });
  $('#filters').addEventListener('reset', () => setTimeout(loadEvents, 0));
  $('#search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/search?${new URLSearchParams({ q: $('#q').value })}`;
  });
  $('#lang').addEventListener('click', () => {
    lang = lang === 'ar' ? 'en' : 'ar';
    localStorage.setItem('marsad-lang', lang);
    applyLabels();
    route();
    renderMarkers();
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('resize', () => renderTimeline());
  await loadEvents();
  route();
}

main();
