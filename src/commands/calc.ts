import { Command } from 'commander';
import { addInputOptions, addOutputOptions, addRuleOptions, type InputOptions, type OutputOptions, type RuleOptions } from './common.js';

export type CalcOptions = RuleOptions & InputOptions & OutputOptions & { xlsx?: string };

export function calcCommand(): Command {
  const cmd = new Command('calc')
    .summary('payment basis of both vårdval (physiotherapy and vårdcentral) and the physiotherapy deduction report')
    .description(
      'Reads Cosmic and/or Lovisa visit exports and vårdcentral inputs (listing snapshots, CNI table, requisition-drug ' +
        'costs, adjustments; each recognised from its header), applies the rules of --year and writes, per unit, the payment ' +
        'basis of both vårdval (payment-basis.csv: one row per unit and month; payment-lines.csv: one line per component with ' +
        'basis and rate), the physiotherapy deduction report (deductions.csv), accounting.csv (every row accounted for) and ' +
        'rejects.csv (unreadable rows, ids masked).',
    )
    .argument('<files...>', 'export files, directories of .csv files, or quoted patterns like "exports/*.csv"');
  addRuleOptions(cmd, { yearRequired: false });
  cmd.option('--compare', 'with --scenario/--set: write comparison.csv (base = the plain rules, alt = with the overlays) instead of the four files', false);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  cmd.option(
    '--xlsx <FILE>',
    'also write a workbook for finance: payment-basis, deductions, accounting and assumed parameters, amounts as numbers in kronor format',
  );
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval calc --year 2026 --clinics fixtures/clinics.csv fixtures/exports/
  vardval calc --year 2026 --clinics fixtures/clinics.csv fixtures/exports/ fixtures/listing/
  vardval calc --year 2026 --clinics fixtures/clinics.csv --set physio.unique_patient_deduction_per_patient=800 fixtures/exports/
  vardval calc --year 2026 --clinics fixtures/clinics.csv --scenario rules/scenarios/unique-patient-deduction-800.yaml --compare fixtures/exports/
  vardval calc --year 2026 --clinics fixtures/clinics.csv --format json --out /tmp/run fixtures/exports/ > result.json
  vardval calc --year 2026 --clinics fixtures/clinics.csv --xlsx out/vardval-2026.xlsx fixtures/exports/`,
  );
  // the run (calc-run.ts) is imported when it starts, in one import: `calc --help` and usage errors load none of it
  cmd.action(async (args: string[], o: CalcOptions & { compare?: boolean }) => (await import('./calc-run.js')).calcRun(args, o));
  return cmd;
}
