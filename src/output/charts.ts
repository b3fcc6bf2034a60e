import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Bar charts rendered once, when the report is written, to SVG (Vega-Lite compiled to Vega, a
 * headless view, `toSVG()`): the report needs no script to show them, they print as vectors, and
 * the same inputs give the same bytes. Positions are numbers; every text in the chart (labels on
 * the bars, the requirement) comes formatted from the caller, so the chart shows the report's
 * figures as the tables do.
 */
export interface Bar {
  /** unique within the chart (the unit's id) */
  key: string;
  /** the axis label (the unit's name) */
  label: string;
  value: number;
  /** written at the end of the bar */
  text: string;
  /** the legend entry the bar's colour shows */
  category: string;
  /** a per-bar requirement, drawn as a tick across the bar */
  mark?: number;
}

export interface BarChartSpec {
  title: string;
  subtitle?: string;
  xTitle: string;
  bars: Bar[];
  /** legend entries and their colours, in order */
  categories: { name: string; color: string }[];
  /** reference lines across all bars (the requirement), labelled above the plot */
  rules?: { value: number; label: string; color: string; dashed: boolean }[];
  /** legend text of the per-bar ticks */
  markLabel?: string;
  /** colour of the per-bar ticks (default: the requirement's red) */
  markColor?: string;
}

export const FONT = 'Segoe UI, Liberation Sans, Arial, Helvetica, sans-serif';
const INK = '#1d2733';
const RULE = '#b3261e';

/** sv-SE number format for the axes (d3-format locale): no-break-space groups, decimal comma, minus sign. */
const SV_LOCALE = { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0kr'], minus: '\u2212' };

function vegaLite(c: BarChartSpec): TopLevelSpec {
  // the label goes beyond the bar and beyond its tick, so the tick never crosses the text
  const values = c.bars.map((b, i) => ({
    ...b,
    order: i,
    positive: b.value >= 0,
    description: `${b.label}: ${b.text}`,
    at: b.value >= 0 ? Math.max(b.value, b.mark ?? b.value) : Math.min(b.value, b.mark ?? b.value),
  }));
  const all = [...c.bars.map((b) => b.value), ...c.bars.map((b) => b.mark ?? 0), ...(c.rules ?? []).map((r) => r.value), 0];
  const max = Math.max(...all);
  const min = Math.min(...all);
  // room for the labels beyond the longest bars
  const span = max - min || 1;
  // a long label (a value and its change) needs more: about 6.3 px a character at the labels' size, of a 600 px plot
  const label = (Math.max(0, ...c.bars.map((b) => b.text.length)) * 6.3 + 8) / 600;
  const room = Math.max(0.22, label / (1 - label));
  const domain = [min < 0 ? min - span * room : 0, max + span * room];
  // the labels of the axis are the units' names, looked up by key (two units may share a name); the limit
  // is in vega's estimate of text width without a canvas (0.8 × font size a character): about 45 characters
  const names = Object.fromEntries(c.bars.map((b) => [b.key, b.label]));
  const y = { field: 'key', type: 'nominal' as const, sort: null, axis: { title: null, labelExpr: `${JSON.stringify(names)}[datum.value]`, labelLimit: 400 } };
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.72 } },
      encoding: {
        y,
        // what a screen reader says of a bar: the unit and its value as written on the bar
        description: { field: 'description', type: 'nominal' },
        x: {
          field: 'value',
          type: 'quantitative',
          title: c.xTitle,
          scale: { domain, nice: false, zero: true },
          axis: { grid: true, tickCount: 6, gridColor: '#e3e7ec' },
        },
        color: {
          field: 'category',
          type: 'nominal',
          scale: { domain: c.categories.map((k) => k.name), range: c.categories.map((k) => k.color) },
          legend: { orient: 'bottom', title: null, direction: 'horizontal', labelFontSize: 12, labelLimit: 400, symbolType: 'square' },
        },
      },
    },
    // the value at the end of each bar (beyond its start for a negative one), on a white halo so a line behind it does not cross it
    ...([true, false] as const).flatMap((positive) =>
      [{ stroke: 'white', strokeWidth: 3 }, {}].map((halo) => ({
        transform: [{ filter: `datum.positive === ${positive}` }],
        mark: {
          type: 'text' as const,
          aria: false,
          align: positive ? ('left' as const) : ('right' as const),
          dx: positive ? 4 : -4,
          baseline: 'middle' as const,
          fontSize: 11,
          color: INK,
          ...halo,
        },
        encoding: { y, x: { field: 'at', type: 'quantitative' as const }, text: { field: 'text', type: 'nominal' as const } },
      })),
    ),
  ];
  if (c.bars.some((b) => b.mark !== undefined))
    layers.push({
      transform: [{ filter: 'isValid(datum.mark)' }],
      mark: { type: 'tick', color: c.markColor ?? RULE, thickness: 2.5, bandSize: 16 },
      encoding: { y, x: { field: 'mark', type: 'quantitative' } },
    });
  (c.rules ?? []).forEach((r, i) => {
    const data = { values: [{ v: r.value, t: r.label }] };
    layers.push({
      data,
      mark: { type: 'rule', color: r.color, strokeWidth: 2, ...(r.dashed ? { strokeDash: [6, 4] } : {}) },
      encoding: { x: { field: 'v', type: 'quantitative' } },
    });
    // above the plot, staggered when there are two
    layers.push({
      data,
      mark: { type: 'text', color: r.color, fontWeight: 'bold', fontSize: 12, align: 'center', baseline: 'bottom', y: -4 - 15 * i },
      encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: 't', type: 'nominal' } },
    });
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: c.title,
      ...(c.subtitle ? { subtitle: c.subtitle } : {}),
      anchor: 'start',
      fontSize: 16,
      subtitleFontSize: 12,
      color: INK,
      subtitleColor: '#4a5563',
      offset: 10,
    },
    width: 600,
    height: { step: 20 },
    background: 'white',
    data: { values },
    layer: layers,
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 12, labelColor: INK, titleColor: INK, domainColor: '#9aa5b1', tickColor: '#9aa5b1' },
      view: { stroke: null },
      locale: { number: SV_LOCALE },
    },
  } as TopLevelSpec;
}

/** The chart as an SVG document fragment (no script, no external reference). */
export async function renderBarChart(c: BarChartSpec): Promise<string> {
  const spec = compile(vegaLite(c)).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
