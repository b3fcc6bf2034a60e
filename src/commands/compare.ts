import { Command } from 'commander';
import { runComparison, type Comparison } from '../app/compare-results.js';
import { expandInputs } from '../input/expand.js';
import { InputError } from '../input/errors.js';
import { AtomicOutputs } from '../output/atomic.js';
import { COMPARISON_COLUMNS, comparisonJson, comparisonLines, renderComparison } from '../output/comparison.js';
import { toCsv } from '../output/csv.js';
import { styleFor } from '../output/style.js';
import { loadRuleFile, loadRulesForYear } from '../rules/load.js';
import type { RuleSet } from '../rules/ruleset.js';
import {
  addInputOptions,
  addOutputOptions,
  addRuleOptions,
  calcInputFrom,
  loadRules,
  parseYear,
  startProgress,
  toolVersion,
  type InputOptions,
  type OutputOptions,
  type RuleOptions,
} from './common.js';
import { startReading } from './start-reading.js';

/** Runs a comparison over the exports, with a progress bar (large inputs, terminal only). */
export async function compareFiles(
  base: RuleSet,
  alt: RuleSet,
  files: string[],
  o: InputOptions & { quiet?: boolean },
  activityYear: number,
): Promise<Comparison> {
  return runComparison(base, alt, await calcInputFrom(files, o), activityYear, () => startProgress(files, o.quiet));
}

/** The rules without --scenario and --set: the base of a scenario comparison. */
export function plainRules(o: RuleOptions): Promise<RuleSet> {
  return loadRules({ ...o, set: [], scenario: [] });
}

/** Writes comparison.csv (atomically) and prints the comparison on stdout. */
export function emitComparison(c: Comparison, o: OutputOptions, title: string): void {
  const outputs = new AtomicOutputs(o.out);
  try {
    outputs.write('comparison.csv', toCsv(COMPARISON_COLUMNS, comparisonLines(c), o.csvDialect));
    outputs.commit();
  } catch (e) {
    outputs.abort();
    throw e;
  }
  if (o.format === 'json') process.stdout.write(`${JSON.stringify(comparisonJson(c, toolVersion()), null, 2)}\n`);
  else process.stdout.write(renderComparison(c, title, styleFor(process.stdout), o.locale));
  if (!o.quiet) {
    const b = c.base.total;
    const a = c.alt.total;
    const counted = b.counted === a.counted ? `${a.counted} counted` : `${b.counted} counted under base, ${a.counted} under alt`;
    process.stderr.write(`Rows read ${a.rowsRead} (${counted}). Wrote comparison.csv to ${o.out}/\n`);
  }
}

interface CompareOptions extends RuleOptions, InputOptions, OutputOptions {
  againstYear?: number;
  againstRules?: string;
  activityYear?: number;
}

export function compareCommand(): Command {
  const cmd = new Command('compare')
    .summary('the same activity under two FFU years (or a scenario): per clinic base, alternative and difference')
    .description(
      'Computes the same exports twice, under the base rules (--against-year/--against-rules, or the ' +
        'plain --year rules when only --scenario/--set are given) and under the alternative rules ' +
        '(--year/--rules with any --scenario and --set), and writes per clinic and in total each ' +
        'key figure as base, alt and delta (alt − base) to comparison.csv. The activity must be of ' +
        "--activity-year (default --year); the other year's rules are applied to it as they stand.",
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"');
  addRuleOptions(cmd, { yearRequired: false });
  cmd
    .option('--against-year <YYYY>', 'the base: rules/ffu-YYYY.yaml, applied to the activity year', parseYear)
    .option('--against-rules <FILE>', 'the base: this rule file, applied to the activity year')
    .option('--activity-year <YYYY>', 'the year of the exports (default: --year)', parseYear);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval compare --year 2026 --against-year 2025 --clinics fixtures/clinics.csv fixtures/exports/
  vardval compare --year 2027 --against-year 2026 --activity-year 2026 --clinics fixtures/clinics.csv fixtures/exports/
  vardval compare --year 2026 --scenario rules/scenarios/unique-patient-deduction-800.yaml --clinics fixtures/clinics.csv fixtures/exports/

Writes comparison.csv to --out (default out/): clinic_id, clinic_name, regi, status, present_in,
<figure>_base, <figure>_alt, <figure>_delta for visits_required, visits_counted, visit_deduction,
unique_patients_required, unique_patients, unique_patient_deduction, total_deduction,
fixed_compensation, sal, vat_compensation, net_payment; assumed_parameters. The last row
(clinic_id *) is the total. What changed between the rule files: vardval rules diff 2025 2026.`,
  );
  cmd.action(async (args: string[], o: CompareOptions) => {
    startReading(args, o);
    const alt = await loadRules(o);
    const overlaid = (o.scenario?.length ?? 0) + (o.set?.length ?? 0) > 0;
    if (o.againstYear !== undefined && o.againstRules) throw new InputError('--against-year/--against-rules', 'give one of them, not both');
    let base: RuleSet;
    if (o.againstRules) base = loadRuleFile(o.againstRules);
    else if (o.againstYear !== undefined) base = loadRulesForYear(o.againstYear);
    else if (overlaid) base = await plainRules(o);
    else throw new InputError('--against-year', 'nothing to compare: give --against-year YYYY, --against-rules FILE, or --scenario/--set for the alternative');
    const activityYear = o.activityYear ?? alt.year;
    const files = expandInputs(args);
    const c = await compareFiles(base, alt, files, o, activityYear);
    emitComparison(c, o, 'vardval compare');
  });
  return cmd;
}
