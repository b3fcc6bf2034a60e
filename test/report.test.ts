/**
 * vardval report: the monthly report as one HTML file. The figures are the payout's (hand-computed
 * in test/payout.test.ts for fixtures/archive-2025), written in Swedish; the page is
 * self-contained and the same inputs give the same bytes. The browser test is report-browser.test.ts.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, type CliResult, lovisaCsv, pnr, readCsv, registerCsv, tmp, writeFiles } from './helpers.js';

const A = join(ROOT, 'fixtures', 'archive-2025');
const REG = join(A, 'clinics.csv');
const EXPORTS = join(A, 'exports');
const NB = '\u00a0';
const MINUS = '\u2212';

/** Machine money (`-17663.33`) in the report's Swedish form (`−17 663,33 kr`), written independently of the tool. */
function sv(machine: string): string {
  const [int, frac] = machine.replace('-', '').split('.');
  return `${machine.startsWith('-') ? MINUS : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, NB)},${frac}${NB}kr`;
}

/** The HTML of one unit's specification section. */
function specOf(html: string, id: string): string {
  const start = html.indexOf(`<section class="spec" id="unit-${id}"`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}

function report(args: string[], opts: { cwd?: string } = {}): CliResult {
  return cli(['report', '--clinics', REG, ...args], opts);
}

describe('report --month 2025-04 on the archived year', () => {
  let r: CliResult;
  let html: string;
  let cwd: string;
  beforeAll(() => {
    cwd = tmp();
    r = report(['--month', '2025-04', EXPORTS], { cwd });
    html = readFileSync(join(cwd, 'out', 'report-2025-04.html'), 'utf8');
  });

  it('writes out/report-2025-04.html (nothing else, nothing on stdout) and prints the payout summary on stderr', () => {
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(join(cwd, 'out'))).toEqual(['report-2025-04.html']);
    expect(r.stderr).toContain('Payment month 2025-04 (activity 2025-03): 3 clinics, net 157036.61 kr, written to out/report-2025-04.html');
  });

  it('is self-contained: no script, no external style sheet, font, image or link; a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#clip\d+\))|javascript:/i);
    // the only http(s) text is the SVG namespace, which is a name, not a request
    expect(html.match(/https?:\/\/[^"\s]+/g)?.every((u) => u === 'http://www.w3.org/2000/svg' || u === 'http://www.w3.org/1999/xlink')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
  });

  it("has the month's payout figures, hand-computed in payout.test.ts, in Swedish form", () => {
    // Motoriska 62 341.45, Åsa Berglund 37 885.16, Munkfors 56 810.00; total 157 036.61
    expect(specOf(html, 'SE2321000017-FP02')).toContain(`62${NB}341,45${NB}kr`);
    expect(specOf(html, 'SE2321000017-FP12')).toContain(`37${NB}885,16${NB}kr`);
    expect(specOf(html, 'SE2321000017-FT02')).toContain(`56${NB}810,00${NB}kr`);
    expect(html).toContain(`157${NB}036,61${NB}kr`);
    // Motoriska's components: fixed 57 073.33 at 684 880 kr/FTE, SAL 14 135.58, specialist 6 000, VAT 4 632.54, fees −19 500
    const fp02 = specOf(html, 'SE2321000017-FP02');
    for (const text of [
      `57${NB}073,33${NB}kr`,
      `684${NB}880 kr per heltidsresurs och år`,
      `14${NB}135,58${NB}kr`,
      `6${NB}000,00${NB}kr`,
      `4${NB}632,54${NB}kr`,
      `${MINUS}19${NB}500,00${NB}kr`,
      `6${NB}%`,
    ])
      expect(fp02).toContain(text);
  });

  it("reads the run's results: every unit's net equals the payout file's, the year to date the sum of the payout files", () => {
    const month = (m: string) => readCsv(cli(['payout', '--clinics', REG, '--month', m, '--out', '-', '-q', EXPORTS]).stdout);
    const april = month('2025-04');
    expect(april).toHaveLength(3);
    for (const row of april) expect(specOf(html, row.clinic_id!)).toContain(sv(row.net_payment!));
    // year to date = activity January–March = payment months February–April
    const ytd = ['2025-02', '2025-03', '2025-04'].flatMap(month).reduce((s, x) => s + Math.round(Number(x.net_payment) * 100), 0);
    expect(html).toContain(sv((ytd / 100).toFixed(2)));
  });

  it('has one specification per unit, with its anchor, and the physiotherapy requirement progress', () => {
    expect([...html.matchAll(/<section class="spec" id="unit-([^"]+)"/g)].map((m) => m[1])).toEqual([
      'SE2321000017-FP02',
      'SE2321000017-FP12',
      'SE2321000017-FT02',
    ]);
    expect(html).toContain('href="#unit-SE2321000017-FP02"');
    expect(specOf(html, 'SE2321000017-FP02')).toContain('Prestationskrav hittills i år (januari–mars 2025)');
  });

  it('charts: inline SVG, one bar per unit, Swedish titles', () => {
    const fig = (id: string) => html.slice(html.indexOf(`<figure data-chart="${id}"`), html.indexOf('</figure>', html.indexOf(`<figure data-chart="${id}"`)));
    for (const id of ['payout', 'unique-patients', 'visits']) {
      expect(fig(id)).toContain('<svg');
      expect(fig(id).match(/aria-roledescription="bar"/g)).toHaveLength(3);
    }
    expect(fig('payout')).toContain('Utbetalning per enhet, april 2025');
    expect(fig('unique-patients')).toContain('Unika patienter per heltidsresurs');
    expect(fig('unique-patients')).toContain('Årskrav 280');
  });

  it('names the assumed parameters of the amounts and of the requirement figures, with their sources', () => {
    // the month's amounts rest on SAL, specialist and VAT; the requirement progress on the counting rules
    const n = Number(/Beloppen vilar på (\d+) antagna parametrar/.exec(html)?.[1]);
    const section = html.slice(html.indexOf('<section id="antaganden">'), html.indexOf('</section>', html.indexOf('<section id="antaganden">')));
    expect(section.match(/<tr><td><code>physio\./g)).toHaveLength(n);
    expect(n).toBeGreaterThanOrEqual(9);
    for (const name of [
      'sal_per_fte',
      'specialist_compensation_per_year',
      'vat_compensation_rate',
      'counted_statuses',
      'counted_professions',
      'deduction_settlement',
    ])
      expect(html).toContain(`<code>physio.${name}</code>`);
    expect(html).toMatch(
      /<code>physio\.sal_per_fte<\/code><\/td><td class="num">169\u00a0627 kr per heltidsresurs och år<\/td><td class="small">[^<]*169 627 kr/,
    );
  });

  it('names what the completeness check found: the unit in the exports that the register lacks', () => {
    expect(html).toContain('Enheter i exporterna som saknas i enhetsregistret');
    expect(html).toMatch(/SE2321000017-FX99 \(\d+ rader\)/);
  });

  it('the same inputs give the same bytes', () => {
    const again = report(['--month', '2025-04', '--out', '-', EXPORTS], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(html);
  });
});

describe("report --month 2026-01: December's activity with the year's final deductions", () => {
  let html: string;
  beforeAll(() => {
    const r = report(['--month', '2026-01', '--out', '-', EXPORTS]);
    expect(r.code).toBe(0);
    html = r.stdout;
  });

  it('shows the negative nets in red with a minus sign, and counts them', () => {
    // Storfors: 28 536.67 − fees 12 000 − deductions 34 200 = −17 663.33 (payout.test.ts)
    expect(specOf(html, 'SE2321000017-FT05')).toContain(`<span class="amount neg">${MINUS}17${NB}663,33${NB}kr</span>`);
    expect(specOf(html, 'SE2321000017-FT05')).toContain('Fordran på enheten');
    expect(html).toMatch(/Enheter med negativt netto<\/div><div class="value neg">2</);
    expect(html).toContain('Årets avdrag, dras i denna utbetalning');
    expect(html).toContain('Negativt netto (fordran på enheten)');
  });
});

describe('what the report says about its inputs', () => {
  it('missing months of the year to date: a warning in the page and on stderr, exit 0', () => {
    const r = report(['--month', '2025-04', '--out', '-', join(EXPORTS, 'cosmic-2025-03.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ofullständigt underlag för hittills i år');
    expect(r.stdout).toContain('Exporterna saknar rader för januari 2025, februari 2025.');
    expect(r.stdout).toContain('Avtalade enhetsmånader utan en enda rad');
    expect(r.stdout).toContain('Motoriska (SE2321000017-FP02) januari 2025');
    expect(r.stderr).toMatch(/warning: no rows of 2025-01, 2025-02: the year-to-date figures of the report are incomplete/);
  });

  it('a --set makes the report a scenario, said at the top', () => {
    const r = report(['--month', '2025-04', '--set', 'physio.vat_compensation_rate=0.25', '--out', '-', EXPORTS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Beräknad med ändrade regler: inte underlag för utbetalning');
    expect(r.stdout).toMatch(/<code>physio\.vat_compensation_rate<\/code><\/td><td>0\.25<\/td><td>0\.06<\/td>/);
  });

  it('the activity month missing is exit 2, as for payout; --year of another year too', () => {
    const r = report(['--month', '2025-04', '--out', '-', join(EXPORTS, 'lovisa-*.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no contact rows of activity month 2025-03/);
    expect(report(['--month', '2025-04', '--year', '2026', '--out', '-', EXPORTS]).code).toBe(2);
    expect(report(['--month', '2025-4', '--out', '-', EXPORTS]).code).toBe(2);
  });

  it('text from the register is escaped: a clinic name with markup stays text', () => {
    const dir = tmp();
    const id = 'SE-X';
    writeFiles(dir, {
      'clinics.csv': registerCsv([{ id, name: '<script>alert(1)</script> & Co', regi: 'privat', fte: '1' }]),
      'march.csv': lovisaCsv(Array.from({ length: 5 }, (_, i) => ({ clinic: id, id: `C${i}`, date: '2025-03-05', patient: pnr(i), fee: '300.00' }))),
    });
    const r = cli(['report', '--clinics', join(dir, 'clinics.csv'), '--month', '2025-04', '--out', join(dir, 'r.html'), '-q', join(dir, 'march.csv')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co');
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
  });

  it('strict by default like payout; --no-strict names the skipped rows by reason in Swedish, never the id', () => {
    const dir = tmp();
    const id = 'SE-X';
    const badId = `${pnr(99).slice(0, 11)}${(Number(pnr(99).slice(11)) + 1) % 10}`; // wrong check digit
    writeFiles(dir, {
      'clinics.csv': registerCsv([{ id, name: 'Klinik X', regi: 'egen', fte: '1' }]),
      'march.csv': lovisaCsv([
        ...Array.from({ length: 5 }, (_, i) => ({ clinic: id, id: `C${i}`, date: '2025-03-05', patient: pnr(i) })),
        { clinic: id, id: 'BAD', date: '2025-03-06', patient: badId },
      ]),
    });
    const args = ['report', '--clinics', join(dir, 'clinics.csv'), '--month', '2025-04', '--out', '-'];
    const strict = cli([...args, join(dir, 'march.csv')]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    const lenient = cli([...args, '--no-strict', join(dir, 'march.csv')]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('1 rad kunde inte läsas och är inte med');
    expect(lenient.stdout).toContain('Oläslig: ogiltigt patient-id <span class="small">(invalid_patient_id)</span></td><td class="num">1</td>');
    expect(lenient.stdout).toContain(`Lästa rader 6 = räknade 5 + undantagna 0 + oläsliga 1.`);
    expect(lenient.stdout + lenient.stderr).not.toContain(badId);
    expect(lenient.stdout + lenient.stderr).not.toContain(badId.slice(2));
  });
});

describe('report on the vårdcentraler: the listing snapshots of the year to date', () => {
  const REG26 = join(ROOT, 'fixtures', 'clinics.csv');
  const LISTING = join(ROOT, 'fixtures', 'listing');
  /** fixtures/listing without the snapshots of the months named */
  function listingWithout(...months: string[]): string {
    const dir = tmp();
    for (const f of readdirSync(LISTING)) if (!months.some((m) => f === `listing-${m}.csv`)) copyFileSync(join(LISTING, f), join(dir, f));
    return dir;
  }
  const run = (month: string, dir: string): CliResult => cli(['report', '--no-strict', '-q', '--clinics', REG26, '--month', month, '--out', '-', dir]);
  const figure = (html: string, id: string): string =>
    html.slice(html.indexOf(`<figure data-chart="${id}"`), html.indexOf('</figure>', html.indexOf(`<figure data-chart="${id}"`)));

  it("with February's snapshot: each bar says the change against February, with a tick at February's value", () => {
    const r = run('2026-04', LISTING);
    expect(r.code).toBe(0);
    const listed = figure(r.stdout, 'listed');
    expect(listed).toContain('data-bars="20"');
    expect(listed).toContain('i parentes förändringen mot februari 2026, strecket visar februari 2026');
    expect(listed).toContain('aria-label="Vårdcentralen Bryggan (ny): 84 (+84)"'); // opened in March
    expect(listed).toContain('aria-roledescription="tick"');
    expect(r.stdout).toContain('<table class="units" data-vardval="vardcentral">');
  });

  it("without February's snapshot: no comparison, and the page says why; the month itself is paid", () => {
    const r = run('2026-04', listingWithout('2026-02-28'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ingen jämförelse med föregående månad: listningen för föregående månad saknas bland indata.');
    expect(r.stdout).toContain('<h3>Listning saknas för februari 2026</h3>');
    const listed = figure(r.stdout, 'listed');
    expect(listed).toContain('data-bars="20"');
    expect(listed).toContain('aria-label="Vårdcentralen Bryggan (ny): 84"');
    expect(listed).not.toContain('aria-roledescription="tick"');
  });

  it("without the activity month's snapshot: exit 2, as payout without the month's exports", () => {
    const r = run('2026-04', listingWithout('2026-03-31'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no listing snapshot of activity month 2026-03 among the inputs');
  });

  it('without any listing: the vårdcentraler of the register are named as not included', () => {
    const r = cli(['report', '-q', '--clinics', REG26, '--month', '2026-04', '--out', '-', join(ROOT, 'fixtures', 'exports')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<h3>Vårdcentralerna är inte med<\/h3>\n<p>Enhetsregistret har \d+ vårdcentraler, men indata har ingen listning/);
    expect(r.stdout).not.toContain('data-chart="listed"');
  });
});
