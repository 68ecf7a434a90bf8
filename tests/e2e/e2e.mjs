// End-to-end browser tests of the HTML pages served by `fabscope serve`.
//
//   FABSCOPE_URL=http://127.0.0.1:8080 node tests/e2e/e2e.mjs
//   node tests/e2e/e2e.mjs http://127.0.0.1:8080
//
// Drives the system Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core;
// never downloads a browser. Every scenario fails on any console error, uncaught page
// error, failed request or HTTP status >= 400 (except the 404 it expects). Prints one
// line per scenario and a summary; exits 1 if any scenario failed. Full-page screenshots
// go to $E2E_SCREENSHOTS (default tests/e2e/screenshots). The whole run is bounded
// (watchdog, $E2E_TIMEOUT_S, default 200 s).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

const baseArg = process.env.FABSCOPE_URL || process.argv[2];
if (!baseArg) {
  console.error('e2e: no server URL: set FABSCOPE_URL=http://HOST:PORT or pass it as first argument');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = resolve(process.env.E2E_SCREENSHOTS || join(here, 'screenshots'));
const RUN_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_S || 200) * 1000;
const ACTION_TIMEOUT_MS = 10_000;
const NAV_TIMEOUT_MS = 15_000;
// How long to wait for the page's own JS to auto-submit a form after a <select> change
// before clicking the submit button ourselves (the button must work without JS).
const AUTO_SUBMIT_WAIT_MS = 2_000;

if (!existsSync(CHROMIUM)) {
  console.error(`e2e: FAIL: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path)`);
  process.exit(1);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`e2e: FAIL: playwright-core is not installed: run \`npm ci --prefix ${here}\` (${e.message})`);
  process.exit(1);
}

// Whole-run watchdog: a hung page or server must not hang ctest.
const watchdog = setTimeout(() => {
  console.error(`e2e: FAIL: the run exceeded ${RUN_TIMEOUT_MS / 1000} s, aborting`);
  process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

class CheckError extends Error {}

function check(cond, message) {
  if (!cond) throw new CheckError(message);
}

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const url = (path) => BASE + path;
const firstInt = (s) => {
  const m = squash(s).replace(/(\d)[\s\u00a0\u202f](?=\d{3}\b)/g, '$1').match(/\d+/);
  return m ? Number(m[0]) : NaN;
};
const absolute = (href, page) => new URL(href, page.url()).toString();

// Problems seen by the page listeners (or soft checks) during the current scenario.
let problems = [];

// A failed soft check fails the scenario at its end but lets it go on, so that one run
// reports every problem of a page.
function softCheck(cond, message) {
  if (!cond) problems.push(message);
  return cond;
}
// Navigation statuses >= 400 the current scenario expects (e.g. 404 for an unknown id).
let allowedNavStatus = new Set();

function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Chromium logs the expected error status of a navigation as a console error too.
    const m = text.match(/status of (\d{3})/);
    if (m && allowedNavStatus.has(Number(m[1])) && msg.location()?.url?.startsWith(BASE)) {
      const loc = new URL(msg.location().url);
      if (loc.pathname === new URL(page.url()).pathname) return;
    }
    const where = msg.location()?.url ? ` (${msg.location().url}:${msg.location().lineNumber})` : '';
    // Chromium asks for /favicon.ico once per session, so this lands on the first page.
    const hint = /\/favicon\.ico$/.test(msg.location()?.url ?? '')
      ? ' [the browser asks every site for /favicon.ico: serve one, or add <link rel="icon" href="data:,"> to the layout]' : '';
    problems.push(`console error: ${text}${where}${hint}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught page error: ${err.message}`));
  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    const req = res.request();
    const isMainNav = req.isNavigationRequest() && req.frame() === page.mainFrame();
    if (isMainNav && allowedNavStatus.has(status)) return;
    problems.push(`HTTP ${status} for ${isMainNav ? 'page' : 'sub-resource'} ${req.method()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const err = req.failure()?.errorText ?? 'unknown error';
    // A navigation superseded by another one (e.g. a form submitted twice) is aborted.
    if (req.isNavigationRequest() && /ERR_ABORTED/.test(err)) return;
    // A suggestion asked while typing is dropped when the form is submitted meanwhile.
    if (/\/api\/v1\/suggest\?/.test(req.url()) && /ERR_ABORTED/.test(err)) return;
    problems.push(`request failed: ${req.method()} ${req.url()}: ${err}`);
  });
}

// Navigates and checks the main document's status.
async function open(page, path, expected = 200) {
  const res = await page.goto(url(path), { waitUntil: 'load' });
  check(res, `no response for ${path}`);
  check(res.status() === expected, `GET ${path} answered ${res.status()}, expected ${expected}`);
  return res;
}

// Checks shared by every page: html lang, a nav, both language links pointing at the
// current page with its non-empty parameters, a#lang-en with lang=en, a#lang-fr with
// lang=fr or no lang at all (French is the default).
async function commonChecks(page, lang = null, { errorPage = false } = {}) {
  const htmlLang = await page.getAttribute('html', 'lang');
  check(htmlLang === 'fr' || htmlLang === 'en', `<html lang> is ${JSON.stringify(htmlLang)} on ${page.url()}`);
  if (lang) check(htmlLang === lang, `<html lang> is "${htmlLang}", expected "${lang}" on ${page.url()}`);
  check((await page.locator('nav').count()) > 0, `no <nav> on ${page.url()}`);
  const cur = new URL(page.url());
  for (const l of ['fr', 'en']) {
    const a = page.locator(`a#lang-${l}`);
    check((await a.count()) === 1, `no a#lang-${l} on ${page.url()}`);
    const href = new URL(await a.getAttribute('href'), page.url());
    const hrefLang = href.searchParams.get('lang');
    check(hrefLang === l || (l === 'fr' && hrefLang === null), `a#lang-${l} href ${href} does not select lang=${l}`);
    // An error page may send both languages to the home page instead.
    if (errorPage) continue;
    check(decodeURIComponent(href.pathname) === decodeURIComponent(cur.pathname),
      `a#lang-${l} href ${href} does not point at the current page ${cur.pathname}`);
    for (const [k, v] of cur.searchParams) {
      if (k === 'lang' || v === '') continue;
      check(href.searchParams.get(k) === v, `a#lang-${l} href ${href} drops ${k}=${v} of the current URL`);
    }
  }
  return htmlLang;
}

// Selects a value and waits for the form to be submitted: by the page's own JS if it
// auto-submits on change, else by clicking the submit button. Returns how it went.
async function selectAndSubmit(page, selectSel, value, submitSel, urlRe) {
  const chosen = await page.selectOption(selectSel, value);
  check(chosen.includes(value), `${selectSel} has no option "${value}"`);
  try {
    await page.waitForURL(urlRe, { timeout: AUTO_SUBMIT_WAIT_MS, waitUntil: 'load' });
    return 'auto-submitted by JS';
  } catch {
    const button = page.locator(submitSel).first();
    check((await button.count()) > 0, `no submit button ${submitSel}`);
    await Promise.all([page.waitForURL(urlRe, { waitUntil: 'load' }), button.click()]);
    return 'submitted with the button';
  }
}

async function text(page, sel) {
  const loc = page.locator(sel).first();
  check((await loc.count()) > 0, `no ${sel} on ${page.url()}`);
  return squash(await loc.textContent());
}

async function fetchOk(page, href, what) {
  const res = await page.request.get(href, { timeout: NAV_TIMEOUT_MS });
  check(res.status() === 200, `${what} ${href} answered ${res.status()}`);
  return res;
}

// Workshop ids in a CSV body (first column, possibly quoted).
function csvFirstColumn(body) {
  const lines = body.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.length > 0);
  return {
    header: lines[0] ?? '',
    ids: lines.slice(1).map((l) => (l.startsWith('"') ? l.slice(1, l.indexOf('"', 1)) : l.split(/[,;]/)[0])),
  };
}

// ---------------------------------------------------------------------------------------
// Reference data from the JSON API (the pages must agree with it)
// ---------------------------------------------------------------------------------------

const api = {};

async function apiJson(request, path) {
  const res = await request.get(url(path), { timeout: NAV_TIMEOUT_MS });
  check(res.status() === 200, `GET ${path} answered ${res.status()}`);
  return res.json();
}

// ---------------------------------------------------------------------------------------
// Scenarios, run in order on one page. Each starts from an explicit URL so that one
// failure does not cascade into the next ones.
// ---------------------------------------------------------------------------------------

const scenarios = [
  ['api', 'JSON API answers (health, workshops, indicators, search)', async (page) => {
    const health = await apiJson(page.request, '/api/v1/health');
    check(health.status === 'ok', `health status is ${JSON.stringify(health.status)}`);
    check(health.indicators_built === true, 'the store has no indicators: build it with `fabscope run --force`');
    api.workshops = await apiJson(page.request, '/api/v1/workshops');
    check(Array.isArray(api.workshops) && api.workshops.length > 0, 'no workshops in /api/v1/workshops');
    api.dep35 = new Set(api.workshops.filter((w) => w.dep === '35').map((w) => w.id));
    check(api.dep35.size > 0, 'no workshop in département 35');
    api.indicators = await apiJson(page.request, '/api/v1/indicators');
    api.unemployment = api.indicators.find((i) => i.id === 'unemployment_rate');
    check(api.unemployment, 'no unemployment_rate in /api/v1/indicators');
    const hits = await apiJson(page.request, '/api/v1/territories/search?q=rennes');
    check(hits.some((t) => t.level === 'commune' && t.code === '35238'), 'search "rennes" does not find commune 35238');
    return `${api.workshops.length} workshops, ${api.dep35.size} in 35, ${api.indicators.length} indicators`;
  }],

  ['home', 'home map: >= 90 territories, workshop points, downloads', async (page) => {
    await open(page, '/');
    await commonChecks(page, 'fr');
    check(await text(page, 'a#nav-workshops') === 'Ateliers', `a#nav-workshops reads "${await text(page, 'a#nav-workshops')}", expected "Ateliers"`);
    check((await page.locator('form#map-form').count()) === 1, 'no form#map-form');
    const method = (await page.getAttribute('form#map-form', 'method')) ?? 'get';
    check(method.toLowerCase() === 'get', `form#map-form method is ${method}, expected GET`);
    for (const s of ['select#indicator', 'select#level', 'select#method', 'select#classes', 'button#map-submit']) {
      check((await page.locator(s).count()) === 1, `no ${s} in the map form`);
    }
    const levels = await page.locator('select#level option').evaluateAll((os) => os.map((o) => o.value));
    for (const l of ['dep', 'reg', 'commune']) check(levels.includes(l), `select#level has no option ${l} (${levels})`);
    const methods = await page.locator('select#method option').evaluateAll((os) => os.map((o) => o.value));
    for (const m of ['quantile', 'equal']) check(methods.includes(m), `select#method has no option ${m} (${methods})`);
    const classes = await page.locator('select#classes option').evaluateAll((os) => os.map((o) => Number(o.value)));
    for (let k = 3; k <= 7; k++) check(classes.includes(k), `select#classes has no option ${k} (${classes})`);

    check((await page.locator('svg#map').count()) === 1, 'no inline svg#map');
    const units = await page.locator('svg#map path.unit').evaluateAll((ps) =>
      ps.map((p) => ({ code: p.getAttribute('data-code'), value: p.getAttribute('data-value') })));
    check(units.length >= 90, `${units.length} path.unit on the home map, expected >= 90`);
    check(units.every((u) => u.code), 'a path.unit has no data-code');
    check(new Set(units.map((u) => u.code)).size === units.length, 'duplicate data-code among path.unit');
    const numeric = units.filter((u) => u.value !== null && u.value !== '' && Number.isFinite(Number(u.value)));
    check(numeric.length >= 90, `only ${numeric.length} path.unit have a numeric data-value`);
    const points = await page.locator('svg#map circle.workshop').count();
    check(points > 0, 'no circle.workshop on the map');
    check((await text(page, '#map-title')).length > 0, '#map-title is empty');
    check((await text(page, '#headline')).length > 0, '#headline is empty');

    const svgHref = await page.getAttribute('a#map-svg', 'href');
    check(svgHref, 'no a#map-svg');
    const svg = await (await fetchOk(page, absolute(svgHref, page), 'a#map-svg')).text();
    check(/<svg[\s>]/.test(svg), 'a#map-svg does not return an SVG document');
    const gjHref = await page.getAttribute('a#map-geojson', 'href');
    check(gjHref, 'no a#map-geojson');
    const gj = await (await fetchOk(page, absolute(gjHref, page), 'a#map-geojson')).json();
    check(gj.type === 'FeatureCollection' && Array.isArray(gj.features), 'a#map-geojson is not a FeatureCollection');
    check(gj.features.length >= units.length,
      `a#map-geojson has ${gj.features.length} features for ${units.length} map units`);
    let extra = '';
    if ((await page.locator('a#map-csv').count()) > 0) {
      const res = await fetchOk(page, absolute(await page.getAttribute('a#map-csv', 'href'), page), 'a#map-csv');
      check(/text\/csv/i.test(res.headers()['content-type'] ?? ''), `a#map-csv Content-Type is "${res.headers()['content-type']}"`);
      const lines = (await res.text()).split(/\r?\n/).filter(Boolean);
      check(lines.length > 1, `a#map-csv has ${lines.length} line(s)`);
      extra += ', CSV';
    }
    if ((await page.locator('a#map-png').count()) > 0) {
      const body = await (await fetchOk(page, absolute(await page.getAttribute('a#map-png', 'href'), page), 'a#map-png')).body();
      check(body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a#map-png is not a PNG');
      extra += ', PNG';
    }
    return `${units.length} units, ${points} workshops, SVG + GeoJSON (${gj.features.length} features)${extra}`;
  }],

  ['indicator', 'map: indicator -> unemployment_rate', async (page) => {
    await open(page, '/');
    const before = await text(page, '#map-title');
    const valuesBefore = await page.locator('svg#map path.unit').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-value')).join('|'));
    const how = await selectAndSubmit(page, 'select#indicator', 'unemployment_rate', 'button#map-submit', /[?&]indicator=unemployment_rate(&|$)/);
    await commonChecks(page, 'fr');
    const after = await text(page, '#map-title');
    check(after !== before, `#map-title did not change ("${after}")`);
    check(after.includes(squash(api.unemployment.label_fr)), `#map-title "${after}" lacks the label "${api.unemployment.label_fr}"`);
    check(await page.inputValue('select#indicator') === 'unemployment_rate', 'select#indicator does not keep unemployment_rate after the reload');
    const valuesAfter = await page.locator('svg#map path.unit').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-value')).join('|'));
    check(valuesAfter !== valuesBefore, 'the data-value of the map units did not change');
    const rates = await page.locator('svg#map path.unit').evaluateAll((ps) => ps.map((p) => Number(p.getAttribute('data-value'))).filter(Number.isFinite));
    check(rates.length >= 90, `${rates.length} numeric unemployment rates on the map`);
    return `${how}; title "${after}"`;
  }],

  ['level', 'map: level -> reg shows the 18 regions (5 overseas in insets)', async (page) => {
    await open(page, '/?indicator=unemployment_rate');
    const how = await selectAndSubmit(page, 'select#level', 'reg', 'button#map-submit', /[?&]level=reg(&|$)/);
    await commonChecks(page, 'fr');
    const n = await page.locator('svg#map path.unit').count();
    check(n === 18, `${n} path.unit at level reg, expected 18`);
    check(/[?&]indicator=unemployment_rate(&|$)/.test(page.url()), `the indicator was lost on level change (${page.url()})`);
    check(await page.inputValue('select#level') === 'reg', 'select#level does not keep reg after the reload');
    return how;
  }],

  ['france-maps', 'EPCI and ZE maps of all France with overseas insets; white zones with a chosen radius; zoom', async (page) => {
    const out = [];
    for (const [level, min] of [['epci', 1250], ['ze', 300]]) {
      await open(page, `/?level=${level}&indicator=unemployment_rate`);
      await commonChecks(page, 'fr');
      const codes = await page.locator('svg#map path.unit').evaluateAll((ps) => ps.map((p) => p.getAttribute('data-code')));
      check(codes.length >= min, `${codes.length} path.unit at level ${level}, expected >= ${min}`);
      const insets = await page.locator('svg#map g.insets text').allTextContents();
      check(insets.join('|') === 'Guadeloupe|Martinique|Guyane|La Réunion|Mayotte', `insets at ${level}: ${insets.join('|')}`);
      check(await page.inputValue('select#level') === level, `select#level does not keep ${level}`);
      const tip = await page.locator('svg#map path.unit title').first().textContent();
      check(/source INSEE/.test(tip), `a tooltip lacks its source: "${tip}"`);
      out.push(`${level} ${codes.length}`);
    }
    // La Réunion (974) and its communes are drawn, in their inset.
    await open(page, '/?level=dep');
    check((await page.locator('svg#map path.unit[data-code="974"]').count()) === 1, 'no La Réunion at level dep');
    // The white zones, at commune level, with the radius typed by the user.
    await open(page, '/?level=commune&indicator=nearest_workshop_km&radius=20');
    await commonChecks(page, 'fr');
    const n = await page.locator('svg#map path.unit').count();
    check(n > 34000, `${n} communes on the white-zone map, expected > 34000`);
    const without = await text(page, '#without-polygon');
    check(/^101 communes/.test(without) && without.includes('Sannerville (14666)'), `communes without a polygon: "${without}"`);
    check(await page.inputValue('select#indicator') === 'nearest_workshop_km', 'the white-zone layer is not selected');
    check(await page.inputValue('input#radius') === '20', 'the radius was not kept');
    const title = await text(page, '#map-title');
    check(/zone blanche au-delà de 20 km/.test(title), `#map-title "${title}"`);
    const legend = await page.locator('svg#map g.legend').textContent();
    check(legend.includes('> 20,0'), `the legend lacks the white-zone class "> 20,0": ${legend}`);
    const far = await page.locator('svg#map path.unit').evaluateAll((ps) => ps.filter((p) => Number(p.getAttribute('data-value')) > 20).length);
    check(far > 1000, `${far} communes beyond 20 km`);
    // Zoom with the button the script adds, then back to the whole map.
    await page.click('.zoombar button[aria-label="Zoomer"]');
    const t = await page.getAttribute('svg#map g.zoomable', 'transform');
    check(/scale\(2\)/.test(t ?? ''), `zoom-in did not scale the map (${t})`);
    await page.click(`.zoombar button[aria-label="Vue d'ensemble"]`);
    check(/scale\(1\)/.test(await page.getAttribute('svg#map g.zoomable', 'transform')), 'reset did not restore the map');
    out.push(`communes ${n}, ${far} beyond 20 km`);
    return out.join(', ');
  }],

  ['ateliers-filter', '/ateliers filtered by dep=35', async (page) => {
    await open(page, '/ateliers');
    await commonChecks(page, 'fr');
    check((await page.locator('form#filters').count()) === 1, 'no form#filters');
    const method = (await page.getAttribute('form#filters', 'method')) ?? 'get';
    check(method.toLowerCase() === 'get', `form#filters method is ${method}, expected GET`);
    for (const s of ['select[name=kind]', 'select[name=dep]', 'input[name=q]', 'select[name=density_class]',
      'input[name=score_min]', 'input[name=score_max]', 'input[name=laureate]', 'select[name=sort]']) {
      check((await page.locator(`form#filters ${s}`).count()) === 1, `no ${s} in form#filters`);
    }
    const rows0 = await page.locator('table#workshops tbody tr[data-id]').count();
    // Every row has as many cells as the header has columns.
    const nth = await page.locator('table#workshops thead tr').first().locator('th, td').count();
    const widths = await page.locator('table#workshops tbody tr').evaluateAll((rs) => rs.map((r) => r.children.length));
    const ragged = widths.filter((w) => w !== nth).length;
    softCheck(ragged === 0, `table#workshops: ${nth} header cells but ${ragged} body rows with another cell count (${[...new Set(widths)].join(', ')} cells)`);
    const count0 = firstInt(await text(page, '#count'));
    check(rows0 > 0, 'no tr[data-id] in table#workshops');
    check(count0 === rows0, `#count reads ${count0} for ${rows0} rows`);
    // The page lists distinct workshops (duplicates across registers merged): at most the register's lines.
    check(count0 <= api.workshops.length, `#count reads ${count0}, the API lists only ${api.workshops.length} workshops`);

    const how = await selectAndSubmit(page, 'form#filters select[name=dep]', '35',
      'form#filters button[type=submit], form#filters input[type=submit], form#filters button:not([type])', /[?&]dep=35(&|$)/);
    await commonChecks(page, 'fr');
    const ids = await page.locator('table#workshops tbody tr[data-id]').evaluateAll((rs) => rs.map((r) => r.dataset.id));
    const count = firstInt(await text(page, '#count'));
    check(ids.length > 0, 'no row left after filtering by dep=35');
    check(count > 0 && count < count0, `#count went from ${count0} to ${count}`);
    check(count === ids.length, `#count reads ${count} for ${ids.length} rows`);
    check(count <= api.dep35.size, `#count reads ${count}, the API has only ${api.dep35.size} workshops in 35`);
    const strays = ids.filter((id) => !api.dep35.has(id));
    check(strays.length === 0, `rows outside département 35: ${strays.slice(0, 5).join(', ')}`);
    // The département column, found by its header, must read 35 on every row.
    const headers = await page.locator('table#workshops thead th').evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
    const col = headers.findIndex((h) => /d[ée]partement|^d[ée]p\.?$/i.test(h));
    let colNote = 'no département column header found';
    if (col >= 0) {
      const cells = await page.locator('table#workshops tbody tr[data-id]').evaluateAll(
        (rs, c) => rs.map((r) => r.children[c]?.textContent.trim() ?? ''), col);
      const bad = cells.filter((c) => !/\b35\b|Ille-et-Vilaine/i.test(c));
      colNote = softCheck(bad.length === 0, `département column "${headers[col]}" does not read 35: ${bad.slice(0, 3).join(' | ')}`)
        ? `column "${headers[col]}" all 35` : `column "${headers[col]}" wrong`;
    }
    check(await page.inputValue('form#filters select[name=dep]') === '35', 'select[name=dep] does not keep 35 after the reload');
    return `${how}; ${count0} -> ${count} (${ids.length} rows), ${colNote}`;
  }],

  ['fiche', 'first workshop fiche from the filtered list', async (page) => {
    await open(page, '/ateliers?dep=35');
    const first = page.locator('table#workshops tbody tr[data-id]').first();
    check((await first.count()) === 1, 'no row on /ateliers?dep=35');
    const id = await first.getAttribute('data-id');
    let link = first.locator('a.fiche').first();
    if (!softCheck((await link.count()) === 1, `row ${id} has no a.fiche`)) {
      link = first.locator('a[href*="/ateliers/"]').first();  // go on with its link to the fiche
      check((await link.count()) === 1, `row ${id} has no link to its fiche`);
    }
    const href = new URL(await link.getAttribute('href'), page.url());
    check(decodeURIComponent(href.pathname) === `/ateliers/${id}`, `a.fiche of ${id} points at ${href.pathname}`);
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/ateliers/'), { waitUntil: 'load' }), link.click()]);
    await commonChecks(page, 'fr');
    const h1 = await text(page, 'h1');
    check(h1.length > 0, 'the fiche h1 is empty');
    const w = api.workshops.find((x) => x.id === id);
    check(w && h1.includes(squash(w.name)), `h1 "${h1}" lacks the workshop name "${w?.name}"`);
    for (const s of ['section#identity', 'section#context', 'section#scores']) {
      check((await page.locator(s).count()) === 1, `no ${s} on the fiche`);
    }
    check((await page.locator('section#context svg').count()) > 0, 'no svg in section#context');
    return `${id}: "${h1}"`;
  }],

  ['lang-en', 'language switch to English on the fiche', async (page) => {
    if (!new URL(page.url()).pathname.startsWith('/ateliers/')) {
      await open(page, `/ateliers/${encodeURIComponent([...api.dep35][0])}`);
    }
    const path = new URL(page.url()).pathname;
    await Promise.all([page.waitForURL(/[?&]lang=en(&|$)/, { waitUntil: 'load' }), page.click('a#lang-en')]);
    check(decodeURIComponent(new URL(page.url()).pathname) === decodeURIComponent(path), `a#lang-en left the page ${path} for ${page.url()}`);
    await commonChecks(page, 'en');
    const nav = await text(page, 'a#nav-workshops');
    check(nav === 'Workshops', `a#nav-workshops reads "${nav}" in English, expected "Workshops"`);
    check((await text(page, 'h1')).length > 0, 'empty h1 on the English fiche');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') !== 'en', { waitUntil: 'load' }), page.click('a#lang-fr')]);
    await commonChecks(page, 'fr');
    const navFr = await text(page, 'a#nav-workshops');
    check(navFr === 'Ateliers', `a#nav-workshops reads "${navFr}" after switching back, expected "Ateliers"`);
    return 'fr -> en -> fr';
  }],

  ['csv', 'CSV and XLSX downloads of /ateliers?dep=35', async (page) => {
    await open(page, '/ateliers?dep=35');
    await commonChecks(page);
    const rows = await page.locator('table#workshops tbody tr[data-id]').count();
    const csvHref = await page.getAttribute('a#download-csv', 'href');
    check(csvHref, 'no a#download-csv');
    const csvUrl = new URL(csvHref, page.url());
    check(csvUrl.searchParams.get('format') === 'csv', `a#download-csv href ${csvHref} lacks format=csv`);
    check(csvUrl.searchParams.get('dep') === '35', `a#download-csv href ${csvHref} drops dep=35`);
    const res = await fetchOk(page, csvUrl.toString(), 'a#download-csv');
    const ctype = res.headers()['content-type'] ?? '';
    check(/text\/csv/i.test(ctype), `CSV Content-Type is "${ctype}"`);
    let body;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(await res.body());
    } catch {
      throw new CheckError('the CSV is not valid UTF-8');
    }
    const { header, ids } = csvFirstColumn(body);
    check(/^"?id"?([,;]|$)/.test(header), `CSV header does not start with id: "${header.slice(0, 60)}"`);
    check(ids.length > 0, 'the CSV has a header but no data line');
    check(ids.length === rows, `the CSV has ${ids.length} rows, the table ${rows}`);
    const strays = ids.filter((id) => !api.dep35.has(id));
    check(strays.length === 0, `CSV rows outside département 35: ${strays.slice(0, 5).join(', ')}`);
    if (body.includes('Rennes')) check(!/Ã©|Ã¨/.test(body), 'the CSV looks double-encoded (mojibake)');

    const xlsxHref = await page.getAttribute('a#download-xlsx', 'href');
    check(xlsxHref, 'no a#download-xlsx');
    const xlsxUrl = new URL(xlsxHref, page.url());
    check(xlsxUrl.searchParams.get('format') === 'xlsx', `a#download-xlsx href ${xlsxHref} lacks format=xlsx`);
    const xlsx = await (await fetchOk(page, xlsxUrl.toString(), 'a#download-xlsx')).body();
    check(xlsx.subarray(0, 2).toString('latin1') === 'PK', 'the XLSX download is not a zip (OOXML) file');
    return `${rows} table rows, CSV ${ids.length} rows (${ctype}), XLSX ${xlsx.length} bytes`;
  }],

  ['territory-search', '/territoires search "rennes"', async (page) => {
    await open(page, '/territoires');
    await commonChecks(page, 'fr');
    const input = page.locator('input[name=q]').first();
    check((await input.count()) === 1, 'no input[name=q] on /territoires');
    await input.fill('rennes');
    await Promise.all([page.waitForURL(/[?&]q=rennes(&|$)/, { waitUntil: 'load' }), input.press('Enter')]);
    await commonChecks(page, 'fr');
    const links = await page.locator('a.territory').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(links.length > 0, 'no a.territory result for "rennes"');
    const rennes = links.find((h) => new URL(h, page.url()).pathname === '/territoires/commune/35238');
    check(rennes, `no result links to /territoires/commune/35238 (${links.slice(0, 5).join(', ')})`);
    return `${links.length} results`;
  }],

  ['territory', '/territoires/commune/35238 profile', async (page) => {
    await open(page, '/territoires/commune/35238');
    await commonChecks(page, 'fr');
    const h1 = await text(page, 'h1');
    check(h1.includes('Rennes'), `h1 reads "${h1}", expected Rennes`);
    return `"${h1}"`;
  }],

  ['fiche-scores', 'Lannion fiche: coverage, an interval containing its score, why it scores so', async (page) => {
    await open(page, '/ateliers/fablabs_io:fablablannion');
    await commonChecks(page, 'fr');
    const rows = await page.locator('table.scores tbody tr').count();
    check(rows === 5, `${rows} rows in table.scores, expected 5 (total and 4 dimensions)`);
    const notEvaluable = await page.locator('table.scores tr.not_evaluable').count();
    check(notEvaluable >= 1, 'no score marked not evaluable (the total rests on 17 % of its weight)');
    const cells = await page.locator('table.scores tr.evaluable td').allTextContents();
    const num = (s) => Number(s.replace(/\s/g, '').replace(',', '.'));
    const score = num(cells[0].split(' ')[0]);
    const [lo, hi] = cells[1].replace('*', '').split('–').map(num);
    check(lo <= score && score <= hi, `score ${score} outside its interval ${lo}–${hi}`);
    check(cells.some((c) => c.includes('%')), 'no coverage shown');
    const parts = await page.locator('table.contributions tbody tr').count();
    check(parts >= 3, `${parts} rows of contributions, expected the territorial indicators`);
    // The scores download says what the page says.
    const res = await fetchOk(page, absolute(await page.getAttribute('a#scores-csv', 'href'), page), 'a#scores-csv');
    const lines = (await res.text()).trim().split(/\r?\n/);
    check(lines.length === 6, `${lines.length} lines in the scores CSV, expected a header and 5 rows`);
    const header = lines[0].split(',');
    const evaluable = lines.slice(1).map((l) => l.split(',')).find((f) => f[header.indexOf('state')] === 'evaluable');
    check(evaluable && Math.abs(Number(evaluable[header.indexOf('score')]) - score) < 6e-4,
      `the CSV's evaluable score ${evaluable && evaluable[header.indexOf('score')]} differs from the page's ${score}`);
    check(Math.abs(Number(evaluable[header.indexOf('score_p05')]) - lo) < 6e-4 && Math.abs(Number(evaluable[header.indexOf('score_p95')]) - hi) < 6e-4,
      'the CSV interval differs from the page');
    return `score ${score} in [${lo}, ${hi}], ${parts} contributions, CSV agrees`;
  }],

  ['recommendations', 'the fiche\'s impacts and recommendations, the national synthesis, the opportunity map from its form', async (page) => {
    await open(page, '/ateliers/fablabs_io:fablablannion');
    await commonChecks(page, 'fr');
    const areas = await page.locator('#impact-areas tbody tr').count();
    check(areas === 4, `${areas} impact areas on the fiche, expected 4`);
    const levels = await page.locator('#impact-levels thead th').allTextContents();
    check(levels.join('|').includes('Direct') && levels.join('|').includes('Induit'), `impact levels: ${levels.join('|')}`);
    check(await page.locator('#economic-none').count() === 1, 'the fiche does not say that no figures were declared');
    // Without answers most rules lack a fact: they are listed as not checkable, none is shown without evidence.
    const missing = await page.locator('#reco-missing li').count();
    check(missing >= 5, `${missing} rules listed as not checkable`);
    for (const card of await page.locator('#recommendations article.reco').all()) {
      check(await card.locator('ul.evidence li').count() >= 1, 'a recommendation without evidence');
    }
    await open(page, '/recommandations');
    await commonChecks(page, 'fr');
    const rules = await page.locator('#synthesis-table tbody tr').count();
    check(rules >= 13, `${rules} rules in the synthesis table`);
    const national = await page.locator('#national article.reco').count();
    check(national >= 1, 'no national recommendation');
    const csv = await fetchOk(page, absolute(await page.getAttribute('a#synthesis-csv', 'href'), page), 'a#synthesis-csv');
    check((await csv.text()).startsWith('rule,block,audience'), 'the synthesis CSV header');
    await open(page, '/opportunites');
    await page.selectOption('#opp-archetype', 'mediation');
    await page.fill('#opp-radius', '40');
    await Promise.all([page.waitForURL(/archetype=mediation/, { waitUntil: 'load' }), page.locator('#opportunities-form button').click()]);
    await commonChecks(page, 'fr');
    const rows = await page.locator('#opportunities-table tbody tr').count();
    check(rows >= 10, `${rows} territories on the opportunity map`);
    check(await page.locator('svg#opp-map').count() === 1, 'no opportunity map');
    return `${areas} areas, ${missing} not checkable, ${rules} rules, ${national} national, ${rows} opportunities`;
  }],

  ['compare', 'two workshops, then two territories with France, side by side', async (page) => {
    await open(page, '/ateliers/fablabs_io:fablablannion');
    await Promise.all([page.waitForURL(/\/comparer\?/, { waitUntil: 'load' }), page.locator('#compare-link').click()]);
    const input = page.locator('form input[name=q]').first();
    await input.fill('rennes');
    await Promise.all([page.waitForURL(/[?&]q=rennes/, { waitUntil: 'load' }), input.press('Enter')]);
    await Promise.all([page.waitForURL(/ateliers=[^&]*%2C/, { waitUntil: 'load' }),
                       page.locator('#candidates a').first().click()]);
    await commonChecks(page, 'fr');
    const heads = await page.locator('table#compare thead th').count();
    check(heads === 3, `${heads} header cells in table#compare, expected 3 (label + 2 workshops)`);
    await open(page, '/comparer?territoires=commune:22113,commune:22278');
    await commonChecks(page, 'fr');
    const cols = await page.locator('table#compare thead th').allTextContents();
    check(cols.includes('France'), `no France column (${cols.join(' | ')})`);
    return cols.join(' | ');
  }],

  ['search', '"st brieuc", "découpe laser" and 50173 find what they should', async (page) => {
    await open(page, '/territoires?q=st%20brieuc');
    const links = await page.locator('a.territory').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check(links.some((h) => h.startsWith('/territoires/commune/22278')), `no Saint-Brieuc in ${links.join(', ')}`);
    await open(page, '/ateliers?q=d%C3%A9coupe%20laser');
    const n = await page.locator('table#workshops tbody tr').count();
    check(n > 50, `${n} workshops for "découpe laser", expected the 80 or so with a laser cutter`);
    await open(page, '/territoires/commune/50173');
    check(new URL(page.url()).pathname === '/territoires/commune/50129', `50173 led to ${page.url()}`);
    check((await page.locator('#alias-note').count()) === 1, 'no note saying where 50173 went');
    // Suggestions as people type: "st bri" offers Saint-Brieuc; Down then Enter opens it.
    await open(page, '/territoires');
    await page.locator('input#territory-q').pressSequentially('st bri', { delay: 30 });
    const first = page.locator('ul.suggest li a').first();
    await first.waitFor({ state: 'visible', timeout: 5_000 });
    const offered = await page.locator('ul.suggest li a').allTextContents();
    check(offered.some((t) => t.startsWith('Saint-Brieuc')), `suggestions for "st bri": ${offered.join(' | ')}`);
    await page.locator('input#territory-q').press('ArrowDown');
    check(await page.evaluate(() => document.activeElement.closest('ul.suggest') !== null), 'Down does not reach the suggestions');
    await open(page, '/ateliers');
    await page.locator('input#workshop-q').pressSequentially('lannion', { delay: 30 });
    await page.locator('ul.suggest li a').first().waitFor({ state: 'visible', timeout: 5_000 });
    const shops = await page.locator('ul.suggest li a').allTextContents();
    check(shops.length >= 1 && shops.every((t) => /lannion/i.test(t)), `workshop suggestions for "lannion": ${shops.join(' | ')}`);
    return `${links.length} territories, ${n} workshops, 50173 -> 50129, ${offered.length} + ${shops.length} suggestions`;
  }],

  ['scenario', 'a weight change re-ranks the panel and downloads as TOML', async (page) => {
    await open(page, '/referentiel');
    await Promise.all([page.waitForURL(/\/scenario/, { waitUntil: 'load' }), page.locator('#scenario-link').click()]);
    await commonChecks(page, 'fr');
    const weight = page.locator('input[name="w.t_density"]');
    await weight.evaluate((e) => { e.closest('details').open = true; });  // a criterion's weight is inside its details
    await weight.fill('4');
    await Promise.all([page.waitForURL(/w\.t_density=4/, { waitUntil: 'load' }),
                       page.locator('form#scenario button[type=submit]').click()]);
    const moved = await page.locator('#scenario-ranking tbody tr').count();
    check(moved > 100, `${moved} rows in the scenario's ranking`);
    const href = await page.locator('#scenario-toml').getAttribute('href');
    const res = await page.request.get(new URL(href, page.url()).toString());
    const toml = await res.text();
    check(res.status() === 200 && /id = "t_density"\nweight = 4\n/.test(toml), 'the TOML does not carry weight = 4 for t_density');
    return `${moved} workshops ranked, TOML ${toml.length} bytes`;
  }],

  ['phone-width', 'no page scrolls sideways at 390 px (wide tables scroll inside themselves)', async (page) => {
    await page.setViewportSize({ width: 390, height: 800 });
    const urls = ['/', '/ateliers', '/ateliers/fablabs_io:fablablannion', '/territoires', '/territoires/commune/22113',
      '/referentiel', '/comparer?ateliers=fablabs_io:fablablannion,fablabs_io:labfabur1',
      '/comparer?territoires=commune:22113,commune:22278', '/scenario?w.t_density=4', '/a-propos', '/methode',
      '/analyses', '/analyses/nesta', '/impacts?level=reg&code=53', '/recommandations',
      '/opportunites?archetype=design_office&radius=40'];
    const wide = [];
    for (const u of urls) {
      await open(page, u);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 390) wide.push(`${u} (${w} px)`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    check(wide.length === 0, `wider than 390 px: ${wide.join(', ')}`);
    return `${urls.length} pages fit`;
  }],

  ['about', 'about and method pages, linked from every page', async (page) => {
    await open(page, '/ateliers');
    await Promise.all([page.waitForURL(/\/methode/, { waitUntil: 'load' }), page.locator('#footer-method').click()]);
    await commonChecks(page, 'fr');
    const terms = await page.locator('#glossary dt').allTextContents();
    for (const t of ['Accessibilité (2SFCA)', 'Couverture', 'Centile', 'Quotient de localisation (LQ)']) {
      check(terms.includes(t), `the glossary lacks "${t}" (${terms.join(', ')})`);
    }
    await open(page, '/a-propos');
    const datasets = await page.locator('#datasets tbody tr').count();
    check(datasets >= 9, `${datasets} datasets listed on /a-propos`);
    return `${terms.length} terms, ${datasets} datasets`;
  }],

  ['pdf', 'the fiche prints to an A4 PDF from its button', async (page) => {
    await open(page, '/ateliers/fablabs_io:fablablannion');
    const href = await page.locator('#download-pdf').getAttribute('href');
    const res = await page.request.get(new URL(href, page.url()).toString(), { timeout: 60_000 });
    const body = await res.body();
    check(res.status() === 200, `PDF answered ${res.status()}`);
    check(res.headers()['content-type'] === 'application/pdf', `PDF Content-Type ${res.headers()['content-type']}`);
    check(body.subarray(0, 5).toString() === '%PDF-', 'not a PDF');
    const text = body.toString('latin1');
    const box = (text.match(/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/) || []).slice(1).map(Number);
    const a4 = box.length === 2 && Math.abs(box[0] - 595.3) < 1 && Math.abs(box[1] - 841.9) < 1;  // 210 x 297 mm
    const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
    check(a4, `the pages are not A4 (${(text.match(/MediaBox[^\]]*\]/) || ['no MediaBox'])[0]})`);
    return `${body.length} bytes, ${pages} A4 pages`;
  }],

  ['axe', 'axe-core finds no WCAG 2.1 A/AA violation on any page; a skip link; arrows do not reload', async (page) => {
    const ctx = await page.context().browser().newContext({ bypassCSP: true });  // to inject axe
    const p = await ctx.newPage();
    const urls = ['/', '/ateliers', '/ateliers/fablabs_io:fablablannion', '/territoires', '/territoires?q=rennes',
      '/territoires/commune/22113', '/referentiel', '/comparer?ateliers=fablabs_io:fablablannion,fablabs_io:labfabur1',
      '/comparer?territoires=commune:22113,commune:22278', '/scenario?w.t_density=4', '/scenario?w.t_density=abc',
      '/analyses', '/analyses/nesta', '/impacts', '/impacts?level=dep&code=22&lang=en',
      '/recommandations', '/recommandations?lang=en', '/opportunites', '/territoires/dep/22',
      '/a-propos', '/methode', '/ateliers?lang=en', '/?level=epci&indicator=job_concentration', '/connexion'];
    const found = [];
    try {
      for (const u of urls) {
        await p.goto(BASE + u, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
        await p.addScriptTag({ path: join(here, 'node_modules/axe-core/axe.min.js') });
        const v = await p.evaluate(async () => (await window.axe.run(document, {
          runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations.map((x) => `${x.id} (${x.nodes.length})`));
        if (v.length) found.push(`${u}: ${v.join(', ')}`);
      }
      // The skip link is the first tab stop; arrows in the indicator picker do not reload.
      await p.goto(BASE + '/', { waitUntil: 'load' });
      await p.keyboard.press('Tab');
      const first = await p.evaluate(() => document.activeElement && document.activeElement.className);
      check(first === 'skip', `the first tab stop is "${first}", expected the skip link`);
      // A reasonable number of tab stops: the map's shapes and points are for the pointer.
      const stops = await p.evaluate(() => Array.from(document.querySelectorAll(
        'a[href], button, select, input:not([type=hidden]), [tabindex]')).filter((e) => e.tabIndex >= 0 && !e.disabled).length);
      check(stops <= 40, `${stops} tab stops on the home page, expected at most 40`);
      const before = p.url();
      await p.focus('select[name=indicator]');
      await p.keyboard.press('ArrowDown');
      await p.waitForTimeout(700);
      check(p.url() === before, `an arrow key in the indicator picker reloaded the page (${p.url()})`);
    } finally {
      await ctx.close();
    }
    check(found.length === 0, `axe violations: ${found.join('; ')}`);
    return `${urls.length} pages, 0 violations`;
  }],

  ['referentiel', '/referentiel framework tree', async (page) => {
    await open(page, '/referentiel');
    await commonChecks(page, 'fr');
    check((await page.locator('ul#referential-tree').count()) === 1, 'no ul#referential-tree');
    const top = await page.locator('ul#referential-tree > li').count();
    check(top >= 4, `${top} top-level items in ul#referential-tree, expected >= 4`);
    return `${top} top-level items`;
  }],

  ['not-found', 'unknown workshop answers an HTML 404', async (page) => {
    allowedNavStatus = new Set([404]);
    const res = await open(page, '/ateliers/nope', 404);
    const ctype = res.headers()['content-type'] ?? '';
    check(/text\/html/i.test(ctype), `the 404 Content-Type is "${ctype}", expected text/html`);
    await commonChecks(page, null, { errorPage: true });
    check((await text(page, 'body')).length > 0, 'the 404 page is empty');
    return '404 text/html';
  }],

  ['questionnaire', 'a campaign link: fill across pages, errors beside the fields, reload, resume elsewhere, review, submit; no axe violation', async (page, browser) => {
    const link = process.env.E2E_FORM_LINK;
    check(link && link.startsWith('/q/'), 'E2E_FORM_LINK is not set (tests/e2e/run.sh makes a campaign link)');
    // Answers every visible question of the page the way a hurried person would.
    const fill = (p) => p.evaluate(() => {
      for (const fs of document.querySelectorAll('fieldset.question')) {
        const first = fs.querySelector('input[type=radio]:not([value=other]), input[type=checkbox]:not([value=other])');
        if (first && !fs.querySelector('input:checked')) first.checked = true;
      }
      for (const i of document.querySelectorAll('div.question input[type=text]')) {
        if (i.value) continue;
        if (i.getAttribute('inputmode')) i.value = /since/.test(i.name) ? '2019' : '25';
        else i.value = 'Lannion';
      }
    });
    await open(page, link);
    await commonChecks(page, 'fr');
    check(/Page 1 sur \d+/.test(await text(page, '.progress-text')), `progress reads "${await text(page, '.progress-text')}"`);
    const total = Number((await text(page, '.progress-text')).match(/sur (\d+)/)[1]);
    // Next without the required answers: 422, a message beside each, the focus order intact.
    allowedNavStatus = new Set([422]);
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=next]')]);
    const errors = await page.locator('p.error').count();
    check(errors >= 2, `${errors} error messages after an empty page, expected one per required question`);
    check((await page.locator('[aria-invalid=true]').count()) >= 1, 'no field marked aria-invalid');
    await fill(page);
    await Promise.all([page.waitForURL(/[?&]p=2(&|$)/), page.click('button[value=next]')]);
    // A reload mid-way keeps the saved page and its progress.
    await page.reload({ waitUntil: 'load' });
    check(/Page 2 sur/.test(await text(page, '.progress-text')), 'the reload lost the page');
    await fill(page);
    await Promise.all([page.waitForURL(/[?&]p=3(&|$)|\/relire$/), page.click('button[value=next]')]);
    // Later, on another device (no cookie): the same link resumes with the answers kept.
    const other = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
    try {
      const p2 = await other.newPage();
      watch(p2);
      await p2.goto(url(link + '?p=1'), { waitUntil: 'load' });
      check((await p2.locator('input[type=radio]:checked').count()) >= 1, 'the answers of page 1 are not there on resuming');
      await p2.addScriptTag({ path: join(here, 'node_modules/axe-core/axe.min.js') });
      const v = await p2.evaluate(async () => (await window.axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations.map((x) => `${x.id} (${x.nodes.length})`));
      check(v.length === 0, `axe violations on the questionnaire: ${v.join(', ')}`);
      await p2.goto(url(link + '?p=2'), { waitUntil: 'load' });
      for (let k = 0; k < total + 2 && !p2.url().endsWith('/relire'); k++) {
        await fill(p2);
        await Promise.all([p2.waitForLoadState('load'), p2.click('button[value=next]')]);
      }
      check(p2.url().endsWith('/relire'), `never reached the review page (at ${p2.url()})`);
      const rows = await p2.locator('table.review-table tr').count();
      check(rows >= 5, `${rows} answers on the review page`);
      check((await p2.locator('.error-summary').count()) === 0, 'the review page lists problems');
      await Promise.all([p2.waitForURL(/\/merci$/), p2.click('form button[type=submit]')]);
      check(/bien été enregistrées/.test(await text(p2, '[role=status]')), 'no acknowledgement on /merci');
      // The link now leads to the acknowledgement only.
      await p2.goto(url(link), { waitUntil: 'load' });
      check(p2.url().endsWith('/merci'), `the used link opened ${p2.url()}`);
      await p2.screenshot({ path: join(SHOTS, 'questionnaire-merci.png'), fullPage: true });
    } finally {
      await other.close();
    }
    return `${total} pages, ${errors} errors shown, resumed and submitted`;
  }],

  ['coding', 'an evaluator signs in, codes a passage with a memo, sees it kept; no axe violation on the coding pages', async (_page, browser) => {
    const doc = process.env.E2E_CODING_DOC;
    check(doc && doc.startsWith('/codage/'), 'E2E_CODING_DOC is not set (tests/e2e/run.sh imports a document)');
    const ctx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
    try {
      const p = await ctx.newPage();
      watch(p);
      await p.goto(url(doc), { waitUntil: 'load' });
      check(p.url().includes('/connexion'), `without a session ${doc} opened ${p.url()}`);
      await p.fill('#f-name', process.env.E2E_EVAL_NAME);
      await p.fill('#f-password', process.env.E2E_EVAL_PASS);
      await Promise.all([p.waitForURL((u) => u.pathname === doc), p.click('#login button[type=submit]')]);
      check((await p.locator('section.passage').count()) === 3, 'the document is not cut into its 3 passages');
      await p.selectOption('#codes-2', ['i_div_direct', 'i_employment']);
      await p.fill('#memo-2', 'publics scolaires');
      await Promise.all([p.waitForURL(/#p2$/), p.click('#p2 button[type=submit]')]);
      check(/Vos codes :.*Emploi/.test(await text(p, '#chosen-2')), `passage 2 reads "${await text(p, '#chosen-2')}"`);
      check((await p.inputValue('#memo-2')) === 'publics scolaires', 'the memo was not kept');
      const found = [];
      for (const u of [doc, '/codage', '/compte']) {
        await p.goto(url(u), { waitUntil: 'load' });
        await p.addScriptTag({ path: join(here, 'node_modules/axe-core/axe.min.js') });
        const v = await p.evaluate(async () => (await window.axe.run(document, {
          runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations.map((x) => `${x.id} (${x.nodes.length})`));
        if (v.length) found.push(`${u}: ${v.join(', ')}`);
      }
      check(found.length === 0, `axe violations: ${found.join('; ')}`);
      await p.screenshot({ path: join(SHOTS, 'codage.png'), fullPage: true });
      // Removed at last: the box names the coder's work; then the list says so.
      await p.goto(url(doc), { waitUntil: 'load' });
      check(/2 codages et 1 mémos/.test(await text(p, '#supprimer label')), `the removal box reads "${await text(p, '#supprimer label')}"`);
      await p.check('#f-with');
      await Promise.all([p.waitForURL(/\/codage\?supprime=/), p.click('#supprimer button[type=submit]')]);
      check(/supprimé/.test(await text(p, '#removed')), 'no notice after the removal');
    } finally {
      await ctx.close();
    }
    return 'signed in, passage 2 coded with a memo, axe clean on /codage, the document removed';
  }],

  ['forwarding', 'a manager makes user-questionnaire links: whole links and CSV lines, each link opens; no axe violation', async (_page, browser) => {
    const link = process.env.E2E_MANAGER_LINK;
    check(link && link.startsWith('/q/'), 'E2E_MANAGER_LINK is not set (tests/e2e/run.sh invites a manager)');
    const ctx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
    const found = [];
    const axe = async (p, where) => {
      await p.addScriptTag({ path: join(here, 'node_modules/axe-core/axe.min.js') });
      const v = await p.evaluate(async () => (await window.axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })).violations.map((x) => `${x.id} (${x.nodes.length})`));
      if (v.length) found.push(`${where}: ${v.join(', ')}`);
    };
    try {
      const p = await ctx.newPage();
      watch(p);
      await p.goto(url(link), { waitUntil: 'load' });
      await Promise.all([p.waitForURL(/\/usagers$/), p.click('#forward-link a')]);
      await axe(p, 'form');
      await p.fill('#f-count', '2');
      await p.fill('#f-label', 'accueil');
      await Promise.all([p.waitForLoadState('load'), p.click('#forward button[type=submit]')]);
      check((await p.locator('h1').count()) === 1, 'the links page has more than one h1');
      const links = await p.locator('#forwarded ol.links a').allTextContents();
      check(links.length === 2, `${links.length} links shown, expected 2`);
      check(links.every((l) => l.startsWith(BASE + '/q/')), `links are not whole: ${links.join(' ')}`);
      const csv = (await p.inputValue('#f-csv')).trim().split('\n');
      check(csv[0] === 'lien,usage' && csv.length === 3 && csv[1] === `${links[0]},accueil`, `CSV box reads ${csv.join(' | ')}`);
      await axe(p, 'links');
      await p.screenshot({ path: join(SHOTS, 'usagers.png'), fullPage: true });
      const user = await ctx.newPage();
      await user.goto(links[1], { waitUntil: 'load' });
      check(/usagers/i.test(await text(user, 'h1')), `a forwarded link opens "${await text(user, 'h1')}"`);
      check(found.length === 0, `axe violations: ${found.join('; ')}`);
    } finally {
      await ctx.close();
    }
    return '2 whole links made and opened, CSV lines match, axe clean';
  }],

  ['no-js', 'map form works without JavaScript', async (_page, browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
      watch(page);
      await open(page, '/');
      await page.selectOption('select#level', 'reg');
      await Promise.all([page.waitForURL(/[?&]level=reg(&|$)/, { waitUntil: 'load' }), page.click('button#map-submit')]);
      const n = await page.locator('svg#map path.unit').count();
      check(n === 18, `${n} path.unit at level reg without JS, expected 18`);
      await page.screenshot({ path: join(SHOTS, 'no-js-reg.png'), fullPage: true });
      return '18 regions via the button';
    } finally {
      await context.close();
    }
  }],
];

// ---------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------

mkdirSync(SHOTS, { recursive: true });
console.log(`e2e: ${BASE} with ${CHROMIUM}, screenshots in ${SHOTS}`);
try {
  await fetch(url('/api/v1/health'), { signal: AbortSignal.timeout(5_000) });
} catch (e) {
  console.error(`e2e: FAIL: cannot reach ${BASE} (${e.cause?.code ?? e.cause?.message ?? e.message}): is \`fabscope serve\` running?`);
  process.exit(1);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 30_000,
  });
} catch (e) {
  console.error(`e2e: FAIL: cannot launch ${CHROMIUM}: ${e.message.split('\n')[0]}`);
  process.exit(1);
}
const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
context.setDefaultTimeout(ACTION_TIMEOUT_MS);
context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
const page = await context.newPage();
watch(page);

// Scenarios that do not leave the shared page on a page of their own.
const NO_SHOT = new Set(['api', 'no-js']);
const results = [];
let n = 0;
for (const [name, title, run] of scenarios) {
  n += 1;
  problems = [];
  allowedNavStatus = new Set();
  const t0 = Date.now();
  let detail = '';
  let error = null;
  try {
    detail = (await run(page, browser)) ?? '';
    // Let late console errors (deferred scripts, async handlers) surface.
    await page.waitForLoadState('load');
    await page.waitForTimeout(150);
  } catch (e) {
    error = e instanceof CheckError ? e.message : `${e.name}: ${e.message.split('\n')[0]}`;
  }
  if (!error && problems.length > 0) error = problems.join('; ');
  else if (error && problems.length > 0) error += `; also: ${problems.join('; ')}`;
  const shot = join(SHOTS, `${String(n).padStart(2, '0')}-${name}${error ? '-FAIL' : ''}.png`);
  if (!NO_SHOT.has(name) && page.url().startsWith(BASE)) {
    await page.screenshot({ path: shot, fullPage: true, timeout: ACTION_TIMEOUT_MS }).catch(() => {});
  }
  const ms = Date.now() - t0;
  results.push({ name, ok: !error });
  if (error) console.log(`FAIL ${name.padEnd(17)} ${title}: ${error} [${page.url()}] (${ms} ms)`);
  else console.log(`ok   ${name.padEnd(17)} ${title}${detail ? ` — ${detail}` : ''} (${ms} ms)`);
}

await browser.close();
const failed = results.filter((r) => !r.ok);
const secs = ((Date.now() - started) / 1000).toFixed(1);
writeFileSync(join(SHOTS, 'summary.txt'),
  results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`).join('\n') + '\n');
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed of ${results.length} scenarios in ${secs} s`
  + (failed.length ? ` (failed: ${failed.map((r) => r.name).join(', ')})` : ''));
process.exit(failed.length ? 1 : 0);
