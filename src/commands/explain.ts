import { Command, Option } from 'commander';
import { findClinic } from '../app/clinic-lookup.js';
import { runCalc, type CalcResult } from '../app/run-calc.js';
import { expandInputs } from '../input/expand.js';
import { maskPatientIds, maskedJson } from '../input/patient-id.js';
import { ZERO, sum } from '../model/decimal.js';
import { monthKey } from '../model/period.js';
import type { UnitResult } from '../model/model.js';
import { modelFor } from '../model/registry.js';
import { formatNumber, type Locale } from '../output/locale.js';
import { displayPath, formatFigure, monthJson } from '../output/report.js';
import { periodJson, rulesJson } from '../output/json-header.js';
import { styleFor } from '../output/style.js';
import { table } from '../output/summary.js';
import { assumedAmong } from '../rules/load.js';
import { displayValue } from '../rules/diff.js';
import type { RuleSet } from '../rules/ruleset.js';
import {
  addInputOptions,
  addRuleOptions,
  localeOption,
  calcInputFrom,
  loadRules,
  startProgress,
  toolVersion,
  type InputOptions,
  type RuleOptions,
} from './common.js';
import { startReading } from './start-reading.js';

interface ExplainOptions extends RuleOptions, InputOptions {
  clinic: string;
  format: 'table' | 'json';
  locale?: Locale;
  quiet?: boolean;
}

function paramDetail(rules: RuleSet, name: string): Record<string, unknown> {
  const p = rules.params.get(name);
  if (!p) return { name, value: null };
  return {
    name,
    value: displayValue(p.value),
    unit: p.unit,
    status: p.status,
    source: p.source,
    origin: p.origin.kind,
    ...(p.origin.file ? { file: displayPath(p.origin.file) } : {}),
    ...(p.origin.line ? { line: p.origin.line } : {}),
  };
}

/** The derivation of one clinic as JSON: each step with the parameters it read. */
export function explainJson(result: CalcResult, r: UnitResult): unknown {
  const { rules, period } = result;
  return {
    tool: toolVersion(),
    clinic: {
      clinic_id: r.clinic.id,
      clinic_name: r.clinic.name,
      regi: r.clinic.regi,
      municipality: r.clinic.municipality,
      first_contract_year: r.clinic.firstContractYear,
    },
    activity_year: period.year,
    rules: rulesJson(rules),
    period: periodJson(period),
    steps: r.steps.map((s) => ({
      figure: s.figure,
      description: s.description,
      formula: s.formula,
      value: s.value,
      parameters: s.params.map((n) => paramDetail(rules, n)),
      depends_on: r.dependsOn[s.figure] ?? [],
      assumed_parameters: assumedAmong(rules, r.dependsOn[s.figure] ?? []),
    })),
    payments: r.months.map((p) => monthJson(r, p)),
  };
}

/** The derivation for a reader: one block per figure, with the parameters read and their sources. */
export function renderExplanation(result: CalcResult, r: UnitResult, s = styleFor(process.stdout), locale: Locale = 'en'): string {
  const { rules, period } = result;
  const out: string[] = [];
  out.push(
    s.bold(
      `vardval explain — ${r.clinic.id} ${r.clinic.name} (${r.clinic.regi}), ${monthKey(period.year, period.fromMonth)} … ${monthKey(period.year, period.toMonth)}`,
    ),
  );
  out.push(`rules: ${rules.id}, ${rules.title} (${displayPath(rules.file)})${rules.year === period.year ? '' : `, applied to ${period.year} activity`}`);
  for (const sc of rules.scenarios) out.push(s.cyan(`scenario: ${sc.id} (${displayPath(sc.file)}): ${sc.description}`));
  for (const o of rules.overrides) out.push(s.cyan(`override: ${o.name} = ${o.raw} (was ${o.previous}; ${o.origin.kind})`));
  for (const step of r.steps) {
    out.push('');
    out.push(`${s.bold(step.figure)} = ${step.value}`);
    out.push(`    ${step.description}`);
    out.push(`    = ${step.formula}`);
    for (const n of step.params) {
      const p = rules.params.get(n);
      if (!p) continue;
      const status = p.status === 'assumed' ? s.yellow('assumed') : 'confirmed';
      out.push(`    reads ${n} = ${displayValue(p.value)} ${p.unit} [${status}${p.origin.kind === 'file' ? '' : `, ${p.origin.kind}`}] ${p.source}`);
    }
    const assumed = assumedAmong(rules, r.dependsOn[step.figure] ?? []);
    if (assumed.length) out.push(s.yellow(`    depends on assumed: ${assumed.join(', ')}`));
  }
  out.push('');
  out.push(s.bold('Payment basis by activity month'));
  const model = modelFor(r.vardval)!;
  const cell = (figures: readonly string[], p: UnitResult['months'][number]): string => {
    const kind = model.figures.find((f) => f.name === figures[0])?.kind ?? 'money';
    return formatNumber(formatFigure(kind, sum(figures.map((f) => p.values[f] ?? ZERO))), locale);
  };
  out.push(
    table(
      r.months.map((p) => [p.activityMonth, p.paymentMonth, ...model.explainColumns.map((c) => cell(c.figures, p))]),
      ['activity', 'payment', ...model.explainColumns.map((c) => c.header)],
    ),
  );
  return `${out.join('\n')}\n`;
}

export function explainCommand(): Command {
  const cmd = new Command('explain')
    .summary('the derivation of every amount of one clinic or vårdcentral, with the parameters read')
    .description(
      'Runs the same calculation as calc over the exports and prints, for one clinic, how each figure ' +
        'was derived: counted rows per contact type × weight → counted visits; FTE-months → requirements; ' +
        'shortfall × rate → deductions; the monthly amounts. Each step names the parameters it read with ' +
        'their values, units, status and sources, and the assumed parameters it depends on. Writes no files.',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"')
    .requiredOption('--clinic <ID>', 'the clinic id (HSA-id / EnhetsID) as in the register, or a part of its name or id that only it has');
  addRuleOptions(cmd, { yearRequired: false });
  addInputOptions(cmd);
  cmd
    .addOption(new Option('--format <FORMAT>', 'stdout: the readable derivation or JSON').choices(['table', 'json']).default('table'))
    .addOption(localeOption())
    .option('-q, --quiet', 'no notes on stderr', false);
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval explain --year 2026 --clinic SE2321000017-FT14 --clinics fixtures/clinics.csv fixtures/exports/
  vardval explain --year 2026 --clinic SE2321000017-FT14 --clinics fixtures/clinics.csv --format json fixtures/exports/ > ft14.json
  vardval explain --year 2026 --clinic SE2321000017-FT14 --scenario rules/scenarios/unique-patient-deduction-800.yaml --clinics fixtures/clinics.csv fixtures/exports/`,
  );
  cmd.action(async (args: string[], o: ExplainOptions) => {
    startReading(args, o);
    const rules = await loadRules(o);
    const files = expandInputs(args);
    const progress = startProgress(files, o.quiet);
    let rejected = 0;
    const result = await runCalc({
      rules,
      ...(await calcInputFrom(files, o)),
      onReject: () => rejected++,
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    }).finally(() => progress.done());
    const r = findClinic(o.clinic, result.clinics, o.clinics);
    if (o.format === 'json') process.stdout.write(`${maskedJson(explainJson(result, r))}\n`);
    else process.stdout.write(maskPatientIds(renderExplanation(result, r, styleFor(process.stdout), o.locale)));
    if (!o.quiet && rejected) process.stderr.write(`${rejected} rows could not be read (vardval calc writes them to rejects.csv)\n`);
  });
  return cmd;
}
