import { FONT } from '../charts.js';

/** The report's only style sheet, inline: screen and A4 print, one specification per printed page. */
export const CSS = `
:root { --ink: #1d2733; --muted: #4a5563; --line: #d5dbe1; --accent: #1f5f8b; --neg: #b3261e; --warn-bg: #fff4d6; --warn-line: #e0b43c; --alert-bg: #fde7e4; }
* { box-sizing: border-box; }
html { font-family: ${FONT}; color: var(--ink); font-size: 14px; line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #f3f5f7; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 32px 48px; background: white; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
a { color: var(--accent); }
.masthead { border-bottom: 4px solid var(--accent); padding-bottom: 12px; margin-bottom: 16px; }
.masthead .org { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); }
.masthead .meta { color: var(--muted); font-size: 13px; }
.box { border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; padding: 10px 14px; margin: 12px 0; }
.box.assumed { background: var(--warn-bg); border-color: var(--warn-line); }
.box.alert { background: var(--alert-bg); border-color: var(--neg); }
.box.ok { background: #e8f3ec; border-color: #2e7d4f; }
.box h3 { margin-top: 0; }
.box table { background: transparent; }
.kpis { display: flex; gap: 12px; flex-wrap: wrap; margin: 14px 0; }
.kpi { flex: 1 1 200px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.kpi .label { font-size: 12px; color: var(--muted); }
.kpi .value { font-size: 22px; font-weight: 600; white-space: nowrap; }
.kpi .sub { font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: none; }
table.units { font-size: 12px; }
table.units td, table.units th { padding: 3px 5px; }
table.units .id { font-size: 10px; }
table.units th.num { white-space: normal; hyphens: manual; }
table.units td:first-child { min-width: 150px; }
.amount { white-space: nowrap; font-variant-numeric: tabular-nums; }
.neg { color: var(--neg); font-weight: 600; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: var(--warn-line); color: var(--ink); margin-left: 4px; vertical-align: 1px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; }
figure { margin: 18px 0 8px; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; max-width: 760px; }
.meter { position: relative; height: 10px; background: #e3e7ec; border-radius: 5px; min-width: 80px; overflow: hidden; }
ul.assumed { list-style: none; padding: 0; margin: 4px 0; columns: 2; column-gap: 24px; font-size: 12px; }
ul.assumed li { break-inside: avoid; margin-bottom: 6px; }
ul.assumed .src { display: block; color: var(--muted); font-size: 11px; }
.meter span { position: absolute; left: 0; top: 0; bottom: 0; background: #2e7d4f; border-radius: 5px; }
.meter.short span { background: #d9822b; }
nav.toc { columns: 3; font-size: 12px; margin: 8px 0; }
nav.toc a { display: block; }
section.spec { margin-top: 40px; border-top: 3px solid var(--ink); padding-top: 14px; }
section.spec .head { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
section.spec h2 { border: none; margin: 0; padding: 0; font-size: 21px; }
section.spec .net td { font-size: 15px; }
footer { margin-top: 36px; font-size: 11px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm 14mm; }
@media print {
  html { font-size: 10.5px; }
  body { background: white; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section.page { break-before: page; }
  section.spec { break-before: page; break-inside: avoid; margin-top: 0; border-top: none; padding-top: 0; }
  section.spec .head { flex-wrap: nowrap; }
  section.spec .kpi { flex: 0 0 auto; }
  ul.assumed, ul.assumed code { font-size: 9px; }
  ul.assumed .src { font-size: 9px; }
  section.spec h3 { margin: 10px 0 4px; }
  table { font-size: 10px; }
  th, td { padding: 3px 6px; }
  h2 { font-size: 16px; margin-top: 20px; }
  h3 { font-size: 12.5px; }
  .kpi .value { font-size: 18px; }
  section#enheter { page: wide; }
  table.units { font-size: 9px; }
  table.units .id { font-size: 7.5px; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.toc { display: none; }
}
`;
