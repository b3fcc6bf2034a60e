import { Decimal, ZERO, sum } from '../../model/decimal.js';
import { renderBarChart, type Bar, type BarChartSpec } from '../charts.js';
import { CSS } from './css.js';
import { svMonth, svMonthRange, svNumber, svPercent, svQuantity, svQuantityChange } from './format.js';
import { esc, money, unitAnchor } from './html.js';
import { COMPONENTS_SHORT, EXCLUDED, REGI, REJECTED, VARDVAL, unitLabel } from './labels.js';
import type { AssumedParam, Rate, ReportModel, Requirement, TotalsRow, Unit } from './model.js';

const BLUE = '#1f5f8b';
const RED = '#b3261e';
const GREEN = '#2e7d4f';
const ORANGE = '#d9822b';

/**
 * The monthly report as one self-contained HTML page: inline style, charts as inline SVG, no
 * script, no font, image or style sheet from elsewhere (the Content-Security-Policy forbids it
 * too), so it opens from a mail attachment or a file share and prints one specification per page.
 */
export async function renderReport(m: ReportModel): Promise<string> {
  const charts = await Promise.all(
    chartSpecs(m).map(
      async ([id, caption, spec]) =>
        `<figure data-chart="${id}" data-bars="${spec.bars.length}">${await renderBarChart(spec)}<figcaption>${caption}</figcaption></figure>`,
    ),
  );
  const title = `Månadsrapport vårdval, utbetalning ${svMonth(m.paymentMonth)}`;
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${m.tool.name} ${m.tool.version}`)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${masthead(m, title)}
${warnings(m)}
${assumedBanner(m.assumed)}
${totals(m)}
<section class="page" id="diagram">
<h2>Diagram</h2>
${charts.join('\n')}
</section>
${unitsTable(m)}
${assumedBox(m.assumed)}
${completeness(m)}
<section id="specifikationer">
<h2>Utbetalningsspecifikationer per enhet</h2>
<nav class="toc">${m.units.map((u) => `<a href="#${esc(encodeURIComponent(unitAnchor(u.id)))}">${esc(u.name)}</a>`).join('')}</nav>
</section>
${m.units.map((u) => spec(m, u)).join('\n')}
<footer>${footerText(m)}</footer>
</main>
</body>
</html>
`;
}

function footerText(m: ReportModel): string {
  return (
    `Framtagen med ${esc(m.tool.name)} ${esc(m.tool.version)} · regler ${esc(m.rules.id)} (<code>${esc(m.rules.file)}</code>, sha256 <code>${m.rules.sha256.slice(0, 12)}</code>) · ` +
    `beloppen är exakta och avrundade en gång till öre; summor är summor av de avrundade beloppen.`
  );
}

function masthead(m: ReportModel, title: string): string {
  return `<header class="masthead">
<div class="org">Region Värmland · vårdvalsenheten</div>
<h1>${esc(title)}</h1>
<div class="meta">Verksamhetsmånad ${svMonth(m.activityMonth)} · utbetalas i ${svMonth(m.paymentMonth)} · hittills i år = verksamhet ${svMonthRange(m.yearToDate.from, m.yearToDate.to)}<br>
Regler: ${esc(m.rules.title)} (${esc(m.rules.id)}) · ${esc(m.rules.document)}</div>
</header>`;
}

function warnings(m: ReportModel): string {
  const out: string[] = [];
  if (m.overrides.length > 0)
    out.push(`<div class="box alert" role="alert"><h3>Beräknad med ändrade regler: inte underlag för utbetalning</h3>
<p>Rapporten visar ett scenario. Följande parametrar skiljer sig från regelfilen:</p>
<table><tr><th>Parameter</th><th>Värde här</th><th>I regelfilen</th><th>Från</th></tr>
${m.overrides.map((o) => `<tr><td><code>${esc(o.name)}</code></td><td>${esc(o.value)}</td><td>${esc(o.previous)}</td><td>${esc(o.origin)}</td></tr>`).join('\n')}</table></div>`);
  const c = m.completeness;
  if (c.monthsWithoutData.length > 0)
    out.push(`<div class="box alert" role="alert"><h3>Ofullständigt underlag för hittills i år</h3>
<p>Exporterna saknar rader för ${c.monthsWithoutData.map(svMonth).join(', ')}. Belopp och krav hittills i år för dessa månader saknar patientavgifter och besök: de är inte slutliga.</p></div>`);
  if (c.monthsWithoutListing.length > 0)
    out.push(`<div class="box alert" role="alert"><h3>Listning saknas för ${c.monthsWithoutListing.map(svMonth).join(', ')}</h3>
<p>Indata har ingen listning från den sista dagen i ${c.monthsWithoutListing.length === 1 ? 'den månaden' : 'de månaderna'}: vårdcentralernas belopp hittills i år saknar kapitering, CNI och geografi för ${c.monthsWithoutListing.length === 1 ? 'den' : 'dem'} och är inte slutliga.</p></div>`);
  if (c.vardcentralUnitsWithoutListing > 0)
    out.push(`<div class="box alert" role="alert"><h3>Vårdcentralerna är inte med</h3>
<p>Enhetsregistret har ${c.vardcentralUnitsWithoutListing} ${c.vardcentralUnitsWithoutListing === 1 ? 'vårdcentral' : 'vårdcentraler'}, men indata har ingen listning: rapporten visar bara Vårdval fysioterapi. Ge listningarna (en fil per månad) bland filerna.</p></div>`);
  if (c.missing.length > 0)
    out.push(`<div class="box alert" role="alert"><h3>Avtalade enhetsmånader utan en enda rad</h3>
<p>${c.missing.map((x) => `${esc(x.clinicName)} (${esc(x.clinicId)}) ${svMonth(x.month)}`).join(', ')}. Månadens utbetalning rör inte dessa månader, men hittills i år och kraven för enheterna saknar deras besök och avgifter. Ge exporterna, eller kvittera en månad utan verksamhet med <code>--ack</code>.</p></div>`);
  if (c.unknownClinics.length > 0)
    out.push(`<div class="box alert" role="alert"><h3>Enheter i exporterna som saknas i enhetsregistret</h3>
<p>${c.unknownClinics.map((x) => `${esc(x.clinicId)} (${svQuantity(new Decimal(x.rows), 0)} rader)`).join(', ')}: de får ingen utbetalning i rapporten.</p></div>`);
  const rejected = sum(c.rejected.map(([, n]) => new Decimal(n)));
  if (!rejected.isZero())
    out.push(`<div class="box alert" role="alert"><h3>${svQuantity(rejected, 0)} ${rejected.equals(1) ? 'rad' : 'rader'} kunde inte läsas och är inte med</h3>
<p>Körningen gjordes med <code>--no-strict</code>; raderna finns i <code>rejects.csv</code> från <code>vardval calc</code>. Se <a href="#underlag">Underlagets fullständighet</a>.</p></div>`);
  return out.join('\n');
}

function paramValue(p: AssumedParam): string {
  if (p.isShare) return svPercent(new Decimal(p.value), 2);
  if (/^-?\d+(\.\d+)?$/.test(p.value)) return `${svQuantity(new Decimal(p.value), 4)} ${esc(unitLabel(p.unit))}`;
  return `${esc(p.value)} <span class="muted">(${esc(unitLabel(p.unit))})</span>`;
}

function assumedBanner(assumed: AssumedParam[]): string {
  if (assumed.length === 0)
    return '<div class="box ok"><h3>Beloppen vilar inte på några antagna parametrar</h3><p>Alla parametrar som beloppen bygger på är bekräftade i regelfilen.</p></div>';
  return `<div class="box assumed" role="note"><h3>Beloppen vilar på ${assumed.length} antagna parametrar: bekräfta dem mot det undertecknade underlaget innan pengar betalas ut</h3>
<p class="small">${assumed.map((p) => `<code>${esc(p.name)}</code>${p.value.length > 40 ? '' : ` = ${paramValue(p)}`}`).join(' · ')}. Värden och källor (också för en tabell som viktlistan, som inte får plats här): <a href="#antaganden">Antagna parametrar</a>.</p></div>`;
}

function assumedBox(assumed: AssumedParam[]): string {
  if (assumed.length === 0) return '';
  return `<section id="antaganden"><h2>Antagna parametrar</h2>
<p class="small">Värden som projektet har antagit där underlaget inte anger dem. Varje belopp i rapporten som bygger på dem är preliminärt tills de är bekräftade.</p>
<table><tr><th>Parameter</th><th>Antaget värde</th><th>Källa</th></tr>
${assumed.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td class="num">${paramValue(p)}</td><td class="small">${esc(p.source)}</td></tr>`).join('\n')}</table></section>`;
}

function totals(m: ReportModel): string {
  const prevHead =
    m.region.previous === null
      ? `<th class="num">Föregående månad</th>`
      : `<th class="num">Föregående månad (${svMonth(m.completeness.previousMonth)})</th><th class="num">Förändring</th>`;
  const row = (t: TotalsRow, isRegion: boolean): string =>
    `<tr${isRegion ? ' class="total"' : ''}><td>${esc(t.label)}</td><td class="num">${t.clinics}</td><td class="num">${money(t.month)}</td>` +
    (t.previous === null
      ? `<td class="num muted small">${m.completeness.previousMissing ? `saknas: ${esc(swedishMissing(m.completeness.previousMissing))}` : '–'}</td>`
      : `<td class="num">${money(t.previous)}</td><td class="num">${money(t.change!, { change: true, plain: true })}</td>`) +
    `<td class="num">${money(t.yearToDate)}</td><td class="num">${t.negativeUnits}</td></tr>`;
  const r = m.region;
  return `<section id="summering">
<h2>Månadens utbetalning</h2>
<div class="kpis">
<div class="kpi"><div class="label">Utbetalas i ${svMonth(m.paymentMonth)}, Region Värmland</div><div class="value">${money(r.month)}</div><div class="sub">${r.clinics} enheter${m.settlesDeductions ? ', med årets slutliga avdrag' : ''}</div></div>
<div class="kpi"><div class="label">Hittills under verksamhetsåret ${m.yearToDate.from.slice(0, 4)} (${svMonthRange(m.yearToDate.from, m.yearToDate.to)})</div><div class="value">${money(r.yearToDate)}</div><div class="sub">verksamhetsmånader i regelåret</div></div>
<div class="kpi"><div class="label">Förändring mot föregående månad</div><div class="value">${r.previous === null ? '–' : money(r.change!, { change: true, plain: true })}</div><div class="sub">${r.previous === null ? esc(swedishMissing(m.completeness.previousMissing ?? '')) : `${svMonth(m.completeness.previousMonth)}: ${money(r.previous)}`}</div></div>
<div class="kpi"><div class="label">Enheter med negativt netto</div><div class="value${r.negativeUnits > 0 ? ' neg' : ''}">${r.negativeUnits}</div><div class="sub">en fordran på enheten</div></div>
</div>
<table><tr><th>Vårdval</th><th class="num">Enheter</th><th class="num">${esc(`Utbetalas ${svMonth(m.paymentMonth)}`)}</th>${prevHead}<th class="num">Hittills i år</th><th class="num">Negativt netto</th></tr>
${m.totals.map((t) => row(t, false)).join('\n')}
${row(r, true)}
</table>
${m.settlesDeductions ? '<p class="small">Månaden betalar decembers verksamhet och därmed årets slutliga avdrag för ej uppfyllt prestationskrav.</p>' : '<p class="small">Avdrag för ej uppfyllt prestationskrav regleras först med decembers verksamhet (utbetalning i januari); under året visas de som preliminära i specifikationerna.</p>'}
</section>`;
}

function swedishMissing(reason: string): string {
  if (reason.startsWith('it is in another rule year')) return 'föregående månad hör till ett annat regelår';
  if (reason.startsWith('the exports have no rows')) return 'exporterna saknar rader för föregående månad';
  if (reason.startsWith('the exports lack the rows of'))
    return `exporterna saknar rader för föregående månad från ${reason.slice('the exports lack the rows of '.length).replace(/ in it$/, '')}`;
  if (reason.startsWith('the inputs have no listing snapshot')) return 'listningen för föregående månad saknas bland indata';
  return reason;
}

/** The charts of the month: payout per unit, then the physiotherapy requirements per FTE. */
function chartSpecs(m: ReportModel): [string, string, BarChartSpec][] {
  const months = Number(m.activityMonth.slice(5, 7)) - Number(m.yearToDate.from.slice(5, 7)) + 1;
  // a whole year is named as seed 000's chart names it: "utfall 2024"
  const ytd = months === 12 ? m.activityMonth.slice(0, 4) : svMonthRange(m.yearToDate.from, m.yearToDate.to);
  const byValue = (a: Bar, b: Bar): number => b.value - a.value || a.label.localeCompare(b.label, 'sv');
  const payout: BarChartSpec = {
    title: `Utbetalning per enhet, ${svMonth(m.paymentMonth)}`,
    subtitle: `Nettobelopp för verksamheten i ${svMonth(m.activityMonth)}, kronor`,
    xTitle: 'Kronor',
    categories: [
      { name: 'Utbetalning', color: BLUE },
      ...(m.units.some((u) => u.net.isNegative() && !u.net.isZero()) ? [{ name: 'Negativt netto (fordran på enheten)', color: RED }] : []),
    ],
    bars: m.units
      .map(
        (u): Bar => ({
          key: u.id,
          label: u.name,
          value: u.net.toNumber(),
          text: `${svNumber(u.net, 2)}\u00a0kr`,
          category: u.net.isNegative() && !u.net.isZero() ? 'Negativt netto (fordran på enheten)' : 'Utbetalning',
        }),
      )
      .sort(byValue),
  };
  const out: [string, string, BarChartSpec][] = [
    [
      'payout',
      `En stapel per enhet (${m.units.length}). Belopp efter patientavgifter${m.settlesDeductions ? ' och årets avdrag' : ''}; se specifikationerna för komponenterna.`,
      payout,
    ],
  ];
  const physio = m.units.filter((u) => u.requirements !== null && u.requirements.items[0]!.perFte !== null);
  const requirementChart = (index: number, id: string, title: string, what: string): void => {
    const req = (u: Unit): Requirement => u.requirements!.items[index]!;
    const distinct = (f: (q: Requirement) => Decimal | null): Decimal | null => {
      const vs = [...new Set(physio.map((u) => f(req(u))!.toString()))];
      return vs.length === 1 ? new Decimal(vs[0]!) : null;
    };
    const year = distinct((q) => q.yearRequiredPerFte);
    const pace = distinct((q) => q.requiredPerFte);
    const meets = months < 12 ? 'Når kravet hittills' : 'Når kravet';
    const short = months < 12 ? 'Under kravet hittills' : 'Under kravet';
    const rules: NonNullable<BarChartSpec['rules']> = [];
    if (year) rules.push({ value: year.toNumber(), label: `Årskrav ${svQuantity(year, 1)}`, color: RED, dashed: true });
    if (pace && months < 12)
      rules.push({
        value: pace.toNumber(),
        label: `Krav t.o.m. ${svMonth(m.activityMonth).split(' ')[0]}: ${svQuantity(pace, 1)}`,
        color: '#1d2733',
        dashed: false,
      });
    out.push([
      id,
      `En stapel per fysioterapienhet (${physio.length}): ${what} ${months < 12 ? `hittills i år (${ytd})` : `under ${m.yearToDate.from.slice(0, 4)}`} per heltidsresurs (genomsnitt för månaderna). ` +
        (months < 12
          ? `Kravet för perioden är årskravet × ${months}/12 (heldragen färg: når det; orange: under). Preliminärt tills året är slut.`
          : 'Helårsutfall (orange: under kravet; avdraget står i specifikationen).') +
        (pace ? '' : ' Kravet skiljer sig mellan enheterna: strecket på stapeln är enhetens krav för perioden.'),
      {
        title: `${title}, utfall ${ytd}`,
        subtitle: year
          ? `Årskrav ${svQuantity(year, 1)} per heltidsresurs${months < 12 && pace ? `; krav för ${ytd}: ${svQuantity(pace, 1)}` : ''}`
          : 'Kravet per enhet visas som ett streck',
        xTitle: `${title}`,
        categories: [
          { name: meets, color: GREEN },
          { name: short, color: ORANGE },
        ],
        rules,
        bars: physio
          .map(
            (u): Bar => ({
              key: u.id,
              label: u.name,
              value: req(u).perFte!.toNumber(),
              text: svQuantity(req(u).perFte!, 1),
              category: req(u).shortfall.isZero() ? meets : short,
              ...(pace ? {} : { mark: req(u).requiredPerFte!.toNumber() }),
            }),
          )
          .sort(byValue),
      },
    ]);
  };
  if (physio.length > 0) {
    requirementChart(1, 'unique-patients', 'Unika patienter per heltidsresurs', 'unika patienter');
    requirementChart(0, 'visits', 'Besök per heltidsresurs', 'besök (viktade enligt reglerna)');
  }
  out.push(...listingCharts(m, byValue));
  return out;
}

/**
 * The vårdcentraler's charts: listed persons and capitation per unit, each bar labelled with its
 * value and the change against the previous month, with a tick at the previous month's value.
 */
function listingCharts(m: ReportModel, byValue: (a: Bar, b: Bar) => number): [string, string, BarChartSpec][] {
  const units = m.units.filter((u) => u.listing !== null);
  if (units.length === 0) return [];
  const c = m.completeness;
  const compared = units.every((u) => u.listing!.previousListed !== null);
  const prev = svMonth(c.previousMonth);
  const month = svMonth(m.activityMonth);
  const noComparison = `Ingen jämförelse med föregående månad: ${swedishMissing(c.previousMissing ?? '')}.`;
  const chart = (
    id: string,
    caption: string,
    title: string,
    subtitle: string,
    xTitle: string,
    value: (u: Unit) => Decimal,
    previous: (u: Unit) => Decimal | null,
    delta: (u: Unit) => Decimal | null,
    text: (x: Decimal) => string,
    change: (x: Decimal) => string,
  ): [string, string, BarChartSpec] => {
    const up = `Ökning mot ${prev}`;
    const down = `Minskning mot ${prev}`;
    const same = compared ? `Oförändrat mot ${prev}` : 'Denna månad';
    const kinds = [
      { name: up, color: GREEN },
      { name: down, color: ORANGE },
      { name: same, color: BLUE },
    ];
    const bars = units
      .map((u): Bar => {
        const v = value(u);
        const p = previous(u);
        const d = delta(u);
        return {
          key: u.id,
          label: u.name,
          value: v.toNumber(),
          text: d === null ? text(v) : `${text(v)} (${change(d)})`,
          category: d === null || d.isZero() ? same : d.isNegative() ? down : up,
          ...(p === null ? {} : { mark: p.toNumber() }),
        };
      })
      .sort(byValue);
    return [
      id,
      caption,
      {
        title,
        subtitle: compared ? `${subtitle}; i parentes förändringen mot ${prev}, strecket visar ${prev}` : subtitle,
        xTitle,
        categories: kinds.filter((k) => bars.some((b) => b.category === k.name)),
        bars,
        markColor: '#1d2733',
      },
    ];
  };
  const n = `En stapel per vårdcentral (${units.length}).`;
  return [
    chart(
      'listed',
      `${n} Personer listade vid enheten den sista dagen i ${month}, länets invånare; grunden för månadens kapitering, CNI och geografi. ${compared ? '' : noComparison}`,
      `Listade personer per vårdcentral, ${month}`,
      `Listningen den sista dagen i ${month}`,
      'Listade personer',
      (u) => u.listing!.listed,
      (u) => u.listing!.previousListed,
      (u) => u.listing!.listedChange,
      (x) => svQuantity(x, 0),
      (x) => svQuantityChange(x, 0),
    ),
    chart(
      'capitation',
      `${n} Kapitering = ersättningen för listade personers ålder och kön (ålderspoäng × kronor per poäng / 12; för 2025 med de ersättningar som 2026 ingår i den). ` +
        `CNI, geografi, startbidrag, läkemedel, justeringar, SAL och moms ingår inte: se specifikationerna. ${compared ? '' : noComparison}`,
      `Kapitering per vårdcentral, utbetalning ${svMonth(m.paymentMonth)}`,
      `Ersättning för ålder och kön, listningen i ${month}, kronor`,
      'Kronor',
      (u) => u.listing!.capitation,
      (u) => u.listing!.previousCapitation,
      (u) => u.listing!.capitationChange,
      (x) => `${svNumber(x, 2)}\u00a0kr`,
      (x) => (x.isZero() ? '±0' : `${x.isNegative() ? '' : '+'}${svNumber(x, 2)}`),
    ),
  ];
}

/**
 * The table per unit, one per vårdval with its own components: physiotherapy by FTE and its
 * compensations, fees and deductions; a vårdcentral by its listed persons and components (an
 * adjustment's codes summed). Every amount is a component of the unit's specification.
 */
function unitsTable(m: ReportModel): string {
  const physioKeys = ['fixed', 'sal', 'specialist', 'additional', 'vat', 'fees', 'deductions'];
  const physioHeads: Record<string, string> = {
    fixed: 'Fast ersättning',
    sal: 'SAL',
    specialist: 'Specialist',
    additional: 'Tilläggs&shy;uppdrag',
    vat: 'Moms&shy;kompensation',
    fees: 'Patient&shy;avgifter',
    deductions: 'Avdrag',
  };
  const base = (key: string): string => key.split(':')[0]!;
  const amountOf = (u: Unit, k: string): Decimal => sum(u.components.filter((c) => base(c.key) === k).map((c) => c.amount));
  const vardvals = [...new Set(m.units.map((u) => u.vardval))].sort();
  const tables = vardvals.map((vardval) => {
    const units = m.units.filter((u) => u.vardval === vardval);
    const physio = vardval === 'fysioterapi';
    // a component no unit has this month is left out of the table (it stays in the specifications)
    const keys = physio
      ? physioKeys.filter((k) => k === 'fixed' || units.some((u) => !amountOf(u, k).isZero()))
      : Object.keys(COMPONENTS_SHORT).filter((k) => units.some((u) => u.components.some((c) => base(c.key) === k)));
    const head = (k: string): string => (physio ? physioHeads[k]! : COMPONENTS_SHORT[k]!);
    const basisHead = physio ? 'Heltids&shy;resurser' : 'Listade';
    const basis = (u: Unit): string => (physio ? svQuantity(u.fte, 2) : svQuantity(u.listing?.listed ?? ZERO, 0));
    const basisTotal = physio ? svQuantity(sum(units.map((u) => u.fte)), 2) : svQuantity(sum(units.map((u) => u.listing?.listed ?? ZERO)), 0);
    const rows = units.map(
      (u) =>
        `<tr><td><a href="#${esc(encodeURIComponent(unitAnchor(u.id)))}">${esc(u.name)}</a><div class="muted id">${esc(u.id)}</div></td>` +
        `<td>${esc(u.regi)}</td><td class="num">${basis(u)}</td>` +
        keys.map((k) => `<td class="num">${money(amountOf(u, k), { plain: true, bare: true })}</td>`).join('') +
        `<td class="num"><strong>${money(u.net, { bare: true })}</strong></td><td class="num">${money(u.yearToDate, { bare: true })}</td></tr>`,
    );
    const total =
      `<tr class="total"><td>Summa (${units.length} enheter)</td><td></td><td class="num">${basisTotal}</td>` +
      keys.map((k) => `<td class="num">${money(sum(units.map((u) => amountOf(u, k))), { plain: true, bare: true })}</td>`).join('') +
      `<td class="num">${money(sum(units.map((u) => u.net)), { bare: true })}</td><td class="num">${money(sum(units.map((u) => u.yearToDate)), { bare: true })}</td></tr>`;
    return `${vardvals.length > 1 ? `<h3>${esc(VARDVAL[vardval] ?? vardval)}</h3>\n` : ''}<table class="units" data-vardval="${esc(vardval)}"><tr><th>Enhet</th><th>Regi</th><th class="num">${basisHead}</th>${keys.map((k) => `<th class="num">${head(k)}</th>`).join('')}<th class="num">Netto</th><th class="num">Hittills i år</th></tr>
${rows.join('\n')}
${total}
</table>`;
  });
  const left =
    m.notPaidThisMonth.length === 0
      ? ''
      : `<p class="small">Enheter med utbetalning tidigare i år men ingen denna månad (avtalet har upphört): ${m.notPaidThisMonth.map((n) => `${esc(n.name)} (${esc(n.id)}, hittills i år ${money(n.yearToDate)})`).join(', ')}. De ingår i summorna för hittills i år ovan.</p>`;
  return `<section class="page" id="enheter">
<h2>Per enhet, ${svMonth(m.paymentMonth)}</h2>
<p class="small">Belopp i kronor. Avgifter och avdrag dras av och visas med minustecken; ett negativt netto är en fordran på enheten och står i rött. Klicka på en enhet för dess specifikation.</p>
${tables.join('\n')}
${left}
</section>`;
}

function completeness(m: ReportModel): string {
  const c = m.completeness;
  const excluded = c.excluded.reduce((s, [, n]) => s + n, 0);
  const rejected = c.rejected.reduce((s, [, n]) => s + n, 0);
  const n = (x: number): string => svQuantity(new Decimal(x), 0);
  const holds = c.rowsRead === c.counted + excluded + rejected;
  return `<section id="underlag">
<h2>Underlagets fullständighet</h2>
<p>${c.monthsWithoutData.length === 0 ? `Exporterna har rader för varje månad ${svMonthRange(m.yearToDate.from, m.yearToDate.to)}.` : `<span class="neg">Inga rader för ${c.monthsWithoutData.map(svMonth).join(', ')}.</span>`}
${c.previousMissing ? ` Ingen jämförelse med föregående månad: ${esc(swedishMissing(c.previousMissing))}.` : ''}
${m.strict ? ' Körningen var strikt: en oläslig rad hade stoppat den.' : ' Körningen gjordes med <code>--no-strict</code>: oläsliga rader hoppades över och räknas nedan.'}</p>
<p>Lästa rader ${n(c.rowsRead)} = räknade ${n(c.counted)} + undantagna ${n(excluded)} + oläsliga ${n(rejected)}${holds ? '' : ' <span class="neg">(går inte ihop)</span>'}.</p>
<table><tr><th>Undantagna rader, skäl</th><th class="num">Rader</th></tr>
${c.excluded.map(([k, v]) => `<tr><td>${esc(EXCLUDED[k] ?? k)} <span class="muted small">(${esc(k)})</span></td><td class="num">${n(v)}</td></tr>`).join('\n') || '<tr><td colspan="2" class="muted">inga</td></tr>'}
${c.rejected.map(([k, v]) => `<tr><td class="neg">Oläslig: ${esc(REJECTED[k] ?? k)} <span class="small">(${esc(k)})</span></td><td class="num">${n(v)}</td></tr>`).join('\n')}
</table>
${c.acknowledged.length === 0 ? '' : `<p class="small">Kvitterade månader utan verksamhet: ${c.acknowledged.map((x) => `${esc(x.clinicName)} ${svMonth(x.month)} (${esc(x.reason)})`).join(', ')}.</p>`}
${c.skippedFiles.length === 0 ? '' : `<p class="small neg">Filer som inte lästes: ${c.skippedFiles.map((f) => `<code>${esc(f.file)}</code> (${esc(f.reason)})`).join(', ')}.</p>`}
<table class="small"><tr><th>Fil</th><th>Format</th><th class="num">Lästa</th><th class="num">Räknade</th><th class="num">Undantagna</th><th class="num">Oläsliga</th></tr>
${c.files.map((f) => `<tr><td><code>${esc(f.file)}</code></td><td>${esc(f.profile)}, ${esc(f.encoding)}</td><td class="num">${n(f.rowsRead)}</td><td class="num">${n(f.counted)}</td><td class="num">${n(f.excluded)}</td><td class="num${f.rejected > 0 ? ' neg' : ''}">${n(f.rejected)}</td></tr>`).join('\n')}
</table>
</section>`;
}

function rateText(r: Rate | null): string {
  if (!r) return '';
  const v = r.isShare ? svPercent(r.value, 2) : `${svQuantity(r.value, 2)} ${esc(unitLabel(r.unit))}`;
  return `${v}${r.assumed ? '<span class="tag" title="antagen parameter">antagen</span>' : ''}`;
}

function spec(m: ReportModel, u: Unit): string {
  const negative = u.net.isNegative() && !u.net.isZero();
  const rows = u.components.map(
    (c) =>
      `<tr><td>${esc(c.label)}</td><td class="small">${esc(c.basis)}</td><td class="num small">${rateText(c.rate)}</td><td class="num">${money(c.amount, { plain: true })}</td></tr>`,
  );
  const assumed = m.assumed.filter((p) => u.assumed.includes(p.name));
  const allAssumed = u.assumed.map((name) => assumed.find((p) => p.name === name) ?? { name, value: '', unit: '', source: '', isShare: false });
  return `<section class="spec" id="${esc(unitAnchor(u.id))}" data-unit="${esc(u.id)}">
<div class="head"><div><div class="muted small">Utbetalningsspecifikation · ${esc(m.rules.title)}</div>
<h2>${esc(u.name)}</h2>
<div class="muted">${esc(u.id)} · ${esc(REGI[u.regi] ?? u.regi)} · ${esc(u.municipality)}</div></div>
<div class="kpi"><div class="label">${negative ? 'Fordran på enheten' : 'Att betala ut'} i ${svMonth(m.paymentMonth)}</div><div class="value">${money(u.net)}</div><div class="sub">verksamhetsmånad ${svMonth(m.activityMonth)}</div></div></div>
<h3>Månadens belopp</h3>
<table><tr><th>Komponent</th><th>Underlag</th><th class="num">Sats</th><th class="num">Belopp</th></tr>
${rows.join('\n')}
<tr class="total net"><td colspan="3">${negative ? 'Netto: fordran på enheten' : 'Netto att betala ut'}</td><td class="num">${money(u.net)}</td></tr>
</table>
${u.listing === null ? '' : `<p class="small">Listade personer den sista dagen i ${svMonth(m.activityMonth)}: ${svQuantity(u.listing.listed, 0)}${u.listing.previousListed === null ? '' : ` (${svMonth(m.completeness.previousMonth)}: ${svQuantity(u.listing.previousListed, 0)}, ${svQuantityChange(u.listing.listedChange!, 0)})`}.</p>`}
<p class="small">${u.previous === null ? '' : `Föregående månad ${money(u.previous)} (förändring ${money(u.change!, { change: true, plain: true })}). `}Hittills i år (${svMonthRange(m.yearToDate.from, m.yearToDate.to)}): ${money(u.yearToDate)}.</p>
${u.requirements ? requirementsTable(m, u.requirements) : ''}
${
  allAssumed.length === 0
    ? '<p class="small">Beloppen vilar inte på några antagna parametrar.</p>'
    : `<h3>Antagna parametrar som berör enheten</h3><p class="small muted">Bekräftas mot det undertecknade underlaget innan pengar betalas ut.</p><ul class="assumed">
${allAssumed.map((p) => `<li><code>${esc(p.name)}</code>${p.value === '' ? '' : ` = ${paramValue(p)}`}<span class="src">${esc(p.source)}</span></li>`).join('\n')}</ul>`
}
</section>`;
}

function requirementsTable(m: ReportModel, r: NonNullable<Unit['requirements']>): string {
  const ytd = svMonthRange(m.yearToDate.from, m.yearToDate.to);
  const final = r.status === 'final';
  const incomplete = r.status === 'incomplete';
  const row = (q: Requirement): string => {
    const share = q.required.isZero() ? null : q.counted.dividedBy(q.required);
    const width = share === null ? 100 : Math.min(100, share.times(100).toNumber());
    return (
      `<tr><td>${esc(q.label)}</td><td class="num">${svQuantity(q.counted, 1)}</td><td class="num">${svQuantity(q.required, 1)}</td>` +
      `<td><div class="meter${q.shortfall.isZero() ? '' : ' short'}"><span style="width:${width.toFixed(1)}%"></span></div><div class="small muted">${share === null ? '' : svPercent(share, 0)}</div></td>` +
      `<td class="num">${q.perFte === null ? '–' : svQuantity(q.perFte, 1)} / ${q.requiredPerFte === null ? '–' : svQuantity(q.requiredPerFte, 1)}${q.yearRequiredPerFte === null ? '' : ` <span class="muted">(år ${svQuantity(q.yearRequiredPerFte, 1)})</span>`}</td>` +
      `<td class="num">${svQuantity(q.shortfall, 2)} × ${money(q.rate)}<br>= ${money(q.deduction)}</td></tr>`
    );
  };
  return `<h3>Prestationskrav hittills i år (${ytd})</h3>
<table class="small"><tr><th>Krav</th><th class="num">Utfall</th><th class="num">Krav för perioden</th><th>Uppfyllt</th><th class="num">Per heltidsresurs / krav</th><th class="num">Under kravet × avdrag = ${final ? 'avdrag (slutligt)' : 'avdrag om året slutade nu'}</th></tr>
${r.items.map(row).join('\n')}
<tr class="total"><td colspan="5">${final ? 'Årets avdrag, dras i denna utbetalning' : incomplete ? 'Ofullständigt underlag (avtalad månad utan rader): avdraget är inte slutligt och dras inte' : 'Preliminärt, dras inte: avdraget regleras med decembers verksamhet'}</td><td class="num">${money(r.totalDeduction)}</td></tr>
</table>
<p class="small muted">Kravet för perioden = årskravet per heltidsresurs × FTE-månader (${svQuantity(r.fteMonths, 2)}) / 12.</p>`;
}
