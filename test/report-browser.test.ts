/**
 * The monthly report in a real browser: Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH),
 * driven by puppeteer-core; nothing downloads a browser. `.ci/run` installs chromium when it is
 * missing. On both vårdval (the sample exports and listing), the page must load without a console
 * error or a single network request, show one bar per unit (the vårdcentral charts one per
 * vårdcentral), one specification per unit that fits one printed A4 page, Swedish numbers, and a
 * vårdcentral's figures as hand-computed and as payment-lines.csv has them. A PNG
 * screenshot and a PDF print are left in test-output/report/ (git-ignored) for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, readCsv, tmp } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'report');
const MONTH = '2026-04';
// both vårdval; the sample listing holds two unreadable rows on purpose (a person listed twice, a wrong check digit): --no-strict
const INPUTS = ['--no-strict', '--clinics', join(ROOT, 'fixtures', 'clinics.csv'), join(ROOT, 'fixtures', 'exports'), join(ROOT, 'fixtures', 'listing')];
const TOCKSFORS = 'SE2321000017-VC14';
const NB = '\u00a0';

/** Machine money (`2667714.24`) in Swedish form (`2 667 714,24 kr`), written independently of the tool. */
function sv(machine: string): string {
  const [int, frac] = machine.replace('-', '').split('.');
  return `${machine.startsWith('-') ? '\u2212' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, NB)},${frac}${NB}kr`;
}

describe('the monthly report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let userDataDir: string;
  let payout: { rows: { clinic_id: string; vardval: string }[]; totals: { net_payment: string } };
  /** payment-lines.csv of calc over the same inputs */
  let paymentLines: Record<string, string>[];
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, `report-${MONTH}.html`);
    const r = cli(['report', '--month', MONTH, '--out', file, '-q', ...INPUTS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    payout = JSON.parse(cli(['payout', '--month', MONTH, '--format', 'json', '--out', '-', '-q', ...INPUTS]).stdout);
    const calcOut = tmp();
    expect(cli(['calc', '--year', '2026', '--from', '2026-01', '--to', '2026-03', '--out', calcOut, '-q', ...INPUTS.slice(1)]).code).toBe(0);
    paymentLines = readCsv(readFileSync(join(calcOut, 'payment-lines.csv'), 'utf8'));
    rmSync(calcOut, { recursive: true, force: true });
    url = pathToFileURL(file).href;

    userDataDir = mkdtempSync(join(tmpdir(), 'vardval-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${userDataDir}`,
      ],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url() === url) void req.continue();
      else {
        requests.push(req.url());
        void req.abort();
      }
    });
    await page.setViewport({ width: 1100, height: 1600 });
    await page.goto(url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads without a console error and without any request but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('draws one bar per unit in each chart: every unit paid, the physiotherapy units, the vårdcentraler', async () => {
    const count = (vardval: string | null): number => payout.rows.filter((r) => vardval === null || r.vardval === vardval).length;
    expect([count(null), count('fysioterapi'), count('vardcentral')]).toEqual([58, 38, 20]);
    const expected: [string, number][] = [
      ['payout', count(null)],
      ['unique-patients', count('fysioterapi')],
      ['visits', count('fysioterapi')],
      ['listed', count('vardcentral')],
      ['capitation', count('vardcentral')],
    ];
    for (const [chart, units] of expected) {
      const bars = await page.$$eval(`figure[data-chart="${chart}"] svg [aria-roledescription="bar"]`, (els) => els.length);
      expect({ chart, bars }).toEqual({ chart, bars: units });
    }
  });

  it('totals per vårdval: fysioterapi and vårdcentral, adding up to the Region', async () => {
    const rows = await page.$$eval('#summering table tr', (trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['Vårdval fysioterapi', '38'],
      ['Vårdval vårdcentral', '20'],
      ['Region Värmland', '58'],
    ]);
    expect(rows[2]![2]).toBe(sv(payout.totals.net_payment));
  });

  it('Prima vård Töcksfors (VC14), March 2026 paid in April, as hand-computed and as payment-lines.csv has it', async () => {
    // 60 listed on 31 March (60 on 28 February); 63.35 age points (63.1 in February); CNI 1.27; Årjäng pays geography; private: SAL and VAT
    const hand: [string, string][] = [
      ['age_sex_capitation', '25340.00'], // 63.35 × 4 800 / 12
      ['cni_compensation', '3810.00'], // 60 × 1.27 = 76.2 CNI points × 600 / 12
      ['geography_compensation', '1250.00'], // 60 × 250 / 12
      ['sal', '1847.71'], // 63.35 × 350 / 12 = 1 847.708…
      ['requisition_drugs', '1017.64'], // M05BA08, at cost
      ['vat_compensation', '1824.00'], // 6 % × (25 340 + 3 810 + 1 250)
    ];
    const lines = paymentLines.filter((l) => l.clinic_id === TOCKSFORS && l.activity_month === '2026-03');
    expect(lines.map((l) => [l.component, l.amount])).toEqual(hand);
    const net = '35089.35';
    expect(payout.rows.find((r) => r.clinic_id === TOCKSFORS)).toMatchObject({ net_payment: net, listed_persons: '60' });
    // the specification shows those lines, in that order, and the net
    const spec = await page.$$eval(`section[id="unit-${TOCKSFORS}"] table tr`, (trs) =>
      trs.slice(1).map((tr) => tr.querySelector('td:last-child')?.textContent ?? ''),
    );
    expect(spec).toEqual([...hand.map(([, a]) => sv(a)), sv(net)]);
    // the charts: the listed persons and the capitation with the change against February (63.1 points: 25 240,00 kr)
    const label = (chart: string) =>
      page.$eval(`figure[data-chart="${chart}"] svg [aria-roledescription="bar"][aria-label^="Prima vård Töcksfors:"]`, (e) => e.getAttribute('aria-label'));
    expect(await label('listed')).toBe('Prima vård Töcksfors: 60 (±0)');
    expect(await label('capitation')).toBe(`Prima vård Töcksfors: ${sv('25340.00')} (+100,00)`);
    expect(await label('payout')).toBe(`Prima vård Töcksfors: ${sv(net)}`);
  });

  it('has a specification section per unit, reachable by its anchor', async () => {
    const ids = await page.$$eval('section.spec', (els) => els.map((e) => e.id));
    expect(ids).toEqual(payout.rows.map((r) => `unit-${r.clinic_id}`));
    await page.goto(`${url}#unit-${payout.rows[5]!.clinic_id}`);
    const top = await page.$eval(`section[id="unit-${payout.rows[5]!.clinic_id}"]`, (e) => Math.round(e.getBoundingClientRect().top));
    expect(Math.abs(top)).toBeLessThan(2);
  });

  it("writes amounts in Swedish: the Region's total as 2 667 714,24 kr, every amount with no-break spaces and a decimal comma", async () => {
    const total = await page.$eval('.kpi .value', (e) => e.textContent);
    expect(total).toBe(sv(payout.totals.net_payment));
    const amounts = await page.$$eval('.amount:not(.bare)', (els) => els.map((e) => e.textContent ?? ''));
    expect(amounts.length).toBeGreaterThan(58 * 8);
    for (const a of amounts) expect(a).toMatch(/^[\u2212+±]?\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0kr$/);
    // the table per unit says "Belopp i kronor" once and writes the numbers alone
    const bare = await page.$$eval('table.units .amount.bare', (els) => els.map((e) => e.textContent ?? ''));
    expect(bare.length).toBeGreaterThan(58 * 7);
    for (const a of bare) expect(a).toMatch(/^\u2212?\d{1,3}(\u00a0\d{3})*,\d{2}$/);
  });

  it('prints each specification on one A4 page; leaves a screenshot and a PDF for a person to look at', async () => {
    await page.goto(url);
    await page.screenshot({ path: join(OUT, `report-${MONTH}.png`) });
    // the page sizes of the style sheet: A4, the table per unit on landscape pages
    const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
    writeFileSync(join(OUT, `report-${MONTH}.pdf`), pdf);
    // A4 less the page margins of the style sheet (14 mm, 12 mm) in CSS pixels
    await page.emulateMediaType('print');
    await page.setViewport({ width: Math.floor((186 / 25.4) * 96), height: 1000 });
    const heights = await page.$$eval('section.spec', (els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights).toHaveLength(58);
    const pageHeight = ((297 - 28) / 25.4) * 96;
    expect(heights.filter((h) => h > pageHeight)).toEqual([]);
    const pages = (readFileSync(join(OUT, `report-${MONTH}.pdf`), 'latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThan(58);
  });
});
