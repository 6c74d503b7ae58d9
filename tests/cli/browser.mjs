// Renders the HTML pages of `cce-errors list --format html` and of a type's
// glossary in a real headless Chromium, and checks what a reader sees: the
// page loads on its own (no request but the file, no script error), every
// code is a visible row with its anchor, an anchor in the address
// highlights its row and scrolls to it, and the filter box shows exactly
// the rows that hold every word typed, with the count and the "no match"
// line. Each page's JSON twin (`--format json`) says what the rows are, so
// that the expected rows are computed apart from the page's own script.
//
//     node tests/cli/browser.mjs DIR NAME...
//
// DIR holds NAME.html and NAME.json for each NAME; screenshots are written
// there as NAME.png. browser.sh writes the pages and runs this. Chromium is
// CHROMIUM, default /usr/bin/chromium (Debian's package).
//
// Exit status: 0 when every check passed, 1 otherwise (each failure is
// printed).

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const [dir, ...names] = process.argv.slice(2);
if (!dir || names.length === 0) {
  console.error('usage: node browser.mjs DIR NAME...');
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  if (ok) {
    console.log(`  ok: ${what}`);
  } else {
    console.log(`  FAILED: ${what}`);
    failures.push(what);
  }
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, a === e ? what : `${what}: got ${a}, expected ${e}`);
}

// The text of a row as the page's cells hold it, in column order.
function rowText(entry, withRetryable) {
  const cells = [
    String(entry.status),
    entry.code,
    entry.message,
    entry.description,
    entry.troubleshooting,
  ];
  if (withRetryable) {
    cells.push(entry.retryable ? 'yes' : 'no');
  }
  if (entry.variants) {
    cells.push(
      entry.variants
        .map((v) => `${v.name}${v.detail === null ? '' : `: ${v.detail}`}${v.retryAfter ? ' (Retry-After)' : ''}`)
        .join(''),
    );
  }
  return cells.join(' ').toLowerCase();
}

function expectedCodes(entries, filter) {
  const withRetryable = entries.some((e) => e.retryable);
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .filter((e) => words.every((w) => rowText(e, withRetryable).includes(w)))
    .map((e) => e.code);
}

// Words to type on every page, and one that matches nothing.
const FILTERS = ['locked', 'quota', 'QUOTA cpu', '429', 'retry-after', 'retry', 'yes', 'internal error', 'no-such-code-anywhere'];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

try {
  for (const name of names) {
    const file = path.resolve(dir, `${name}.html`);
    const entries = JSON.parse(readFileSync(path.resolve(dir, `${name}.json`), 'utf8'));
    const url = pathToFileURL(file).href;
    console.log(`${name}.html (${entries.length} codes)`);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url().split(/[?#]/)[0] !== url) problems.push(`request to ${request.url()}`);
    });

    await page.goto(url);
    check((await page.title()).length > 0, `the title is "${await page.title()}"`);
    check(await page.locator('h1').isVisible(), 'the heading is shown');
    const heading = await page.locator('h1').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    check(heading > body, `the heading is larger than the text (${heading}px > ${body}px)`);

    // Every code: a visible row, with its anchor.
    const rows = page.locator('#codes tbody tr');
    same(await rows.count(), entries.length, 'one row per code');
    const visible = await rows.evaluateAll((all) => all.filter((r) => r.getBoundingClientRect().height > 0).length);
    same(visible, entries.length, 'every row is laid out');
    const ids = await rows.evaluateAll((all) => all.map((r) => r.id));
    same(ids, entries.map((e) => e.code), 'rows carry their codes as ids, in order');
    const links = await page.locator('#codes tbody tr a').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    same(links, entries.map((e) => `#${e.code}`), 'each code links to its own row');
    const table = await page.locator('#codes').boundingBox();
    check(table && table.width > 600 && table.height > entries.length * 20, `the table is drawn (${table && Math.round(table.width)}x${table && Math.round(table.height)})`);
    const columns = await page.locator('#codes thead th').allTextContents();
    check(columns.slice(0, 5).join('|') === 'Status Code|Error Code|Error Message|Description|Troubleshooting', `the documentation's columns: ${columns.join(', ')}`);
    same(await page.locator('#shown').textContent(), `${entries.length} of ${entries.length} codes`, 'the count shows every code');

    const screenshot = path.resolve(dir, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    check(statSync(screenshot).size > 10000, `a screenshot of the whole page (${screenshot})`);

    // The filter box.
    for (const filter of FILTERS) {
      await page.fill('#filter', filter);
      const shown = await rows.evaluateAll((all) => all.filter((r) => r.getBoundingClientRect().height > 0).map((r) => r.id));
      const expected = expectedCodes(entries, filter);
      same(shown, expected, `"${filter}" shows the ${expected.length} rows holding every word`);
      same(await page.locator('#shown').textContent(), `${expected.length} of ${entries.length} codes`, `"${filter}" counts them`);
      same(await page.locator('#none').isVisible(), expected.length === 0, `"${filter}": the no-match line ${expected.length === 0 ? 'shows' : 'is hidden'}`);
    }
    await page.fill('#filter', '');
    same(await rows.evaluateAll((all) => all.filter((r) => !r.hidden).length), entries.length, 'an empty filter shows every row again');

    // `?filter=` fills the box on load.
    await page.goto(`${url}?filter=quota`);
    same(await page.inputValue('#filter'), 'quota', '?filter= fills the box');
    same(await rows.evaluateAll((all) => all.filter((r) => !r.hidden).map((r) => r.id)), expectedCodes(entries, 'quota'), '?filter= filters on load');

    // An anchor: its row is highlighted and scrolled into view.
    const last = entries[entries.length - 1].code;
    await page.goto(`${url}#${last}`);
    const target = await page.evaluate((code) => {
      const row = document.getElementById(code);
      const box = row.getBoundingClientRect();
      return {
        matches: row.matches(':target'),
        background: getComputedStyle(row).backgroundColor,
        inView: box.top >= 0 && box.bottom <= window.innerHeight,
      };
    }, last);
    same(target, { matches: true, background: 'rgb(255, 243, 196)', inView: true }, `#${last} highlights its row and scrolls to it`);

    same(problems, [], 'no script error, no console error, no request but the page');
    await page.close();
  }
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.log(`\n${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('\nevery browser check passed');
