import { dirname, join, resolve } from 'node:path';
import { isMap, isSeq, type Node as YNode } from 'yaml';
import { z } from 'zod';
import { filesIn } from '../util/glob.js';
import { Decimal, formatMoney, parseDecimalLiteral, ZERO } from '../model/decimal.js';
import { monthKey } from '../model/period.js';
import { figureValue, type FigureSpec, type UnitResult } from '../model/model.js';
import { computePhysioClinic, physioModel } from '../model/physio.js';
import { ClinicTally } from '../model/tally.js';
import type { Clinic, ContractPeriod, Period } from '../model/types.js';
import { CONTACT_TYPES, type ContactType } from './catalog.js';
import { RULES_DIR, applySets, lineOf, loadRuleFile, loadRulesForYear, parseYamlFile, zodProblems, type YamlFile } from './load.js';
import { ParamReader, RuleError, type RuleSet } from './ruleset.js';
import { applyScenarioFiles } from './scenario.js';

/**
 * Rule tests as data, in the spirit of OpenFisca's YAML tests: given a clinic's FTE and counted
 * figures for a year, expect these amounts. The inputs are turned into the same clinic and tally
 * the reader builds, and the same model code (computePhysioClinic) computes the figures: a rule
 * test checks the rule files and the model together, never a second implementation.
 */

export const TESTS_DIR = join(RULES_DIR, 'tests');

/** The figures a test can expect: the physiotherapy model's registry, and its status. */
const FIGURES: ReadonlyMap<string, FigureSpec | 'status'> = new Map<string, FigureSpec | 'status'>([
  ...physioModel.figures.filter((f) => f.name !== 'fte').map((f): [string, FigureSpec] => [f.name, f]),
  ['status', 'status'],
]);
const TEST_FIGURES = [...FIGURES.keys()];

function actualOf(r: UnitResult, figure: string): Decimal | string | null {
  const f = FIGURES.get(figure)!;
  return f === 'status' ? r.status : (figureValue(r, f) ?? (f.scope === 'month' ? ZERO : null));
}

const decimalText = z.string().refine((s) => parseDecimalLiteral(s.trim()) !== null, 'expected a decimal number like 570 or 0.25');
const count = z.string().regex(/^\d+$/, 'expected a whole number of rows');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const counts = z.partialRecord(z.enum(CONTACT_TYPES), count);

const testCase = z
  .object({
    name: z.string().min(1),
    year: z
      .string()
      .regex(/^\d{4}$/, 'expected a year like 2026')
      .optional(),
    rules: z.string().min(1).optional(),
    scenario: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    set: z.array(z.string().includes('=', { message: 'expected NAME=VALUE' })).optional(),
    period: z.object({ from: month.optional(), to: month.optional() }).strict().optional(),
    input: z
      .object({
        regi: z.enum(['privat', 'egen']).default('privat'),
        fte: decimalText.optional(),
        fte_by_month: z.array(decimalText).length(12, 'give 12 values, January to December (0 = no contract)').optional(),
        specialists: count.optional(),
        additional_assignments: decimalText.optional(),
        first_contract_year: z
          .string()
          .regex(/^\d{4}$/)
          .optional(),
        counted: counts.default({}),
        focus: counts.optional(),
        unique_patients: count.optional(),
        patient_fees: decimalText.optional(),
      })
      .strict(),
    expect: z.record(z.string(), z.string()),
  })
  .strict();
type TestCase = z.infer<typeof testCase>;

const testFile = z.object({ description: z.string().optional(), tests: z.array(z.unknown()).min(1, 'a test file has at least one test') }).strict();

interface Mismatch {
  figure: string;
  expected: string;
  actual: string;
  line: number | undefined;
}

export interface CaseResult {
  name: string;
  line: number | undefined;
  /** the rule set the case ran against, for the report */
  rules: string;
  mismatches: Mismatch[];
  /** a problem in the case itself (bad input, rules that do not load) */
  error: RuleError | null;
}

export interface TestFileResult {
  file: string;
  cases: CaseResult[];
  /** problems of the file as a whole (YAML, structure) */
  problems: RuleError[];
}

export function listTestFiles(dir = TESTS_DIR): string[] {
  return filesIn(dir, '*.{yaml,yml}');
}

/** True when a YAML mapping looks like a rule-test file (for `rules validate`). */
export function looksLikeTests(top: unknown): boolean {
  return isMap(top) && top.has('tests');
}

function rulesFor(t: TestCase, file: string): RuleSet {
  const here = dirname(resolve(file));
  let rules: RuleSet;
  if (t.rules) rules = loadRuleFile(resolve(here, t.rules));
  else if (t.year) rules = loadRulesForYear(Number(t.year));
  else throw new Error('a test names its rules: year: YYYY or rules: FILE');
  if (t.year && rules.year !== Number(t.year)) throw new Error(`the rule file is for ${rules.year}, not year ${t.year}`);
  const scenarios = t.scenario === undefined ? [] : Array.isArray(t.scenario) ? t.scenario : [t.scenario];
  return applySets(
    applyScenarioFiles(
      rules,
      scenarios.map((s) => resolve(here, s)),
    ),
    t.set ?? [],
  );
}

/** The clinic of a test: FTE all year, or per month (one contract period per month with FTE > 0). */
function clinicFor(t: TestCase, year: number): Clinic {
  const i = t.input;
  if ((i.fte === undefined) === (i.fte_by_month === undefined)) throw new Error('give input.fte or input.fte_by_month (one of them)');
  const extra = { specialists: new Decimal(i.specialists ?? '0'), additionalAssignments: new Decimal(i.additional_assignments ?? '0') };
  const last = (m: number): string => `${monthKey(year, m)}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
  const periods: ContractPeriod[] =
    i.fte !== undefined
      ? [{ validFrom: `${year}-01-01`, validTo: null, fte: new Decimal(i.fte), ...extra, line: 0 }]
      : i.fte_by_month!.flatMap((f, m) =>
          new Decimal(f).isZero() ? [] : [{ validFrom: `${monthKey(year, m + 1)}-01`, validTo: last(m + 1), fte: new Decimal(f), ...extra, line: 0 }],
        );
  return {
    id: 'rule-test',
    name: t.name,
    vardval: 'fysioterapi',
    regi: i.regi,
    municipality: '',
    firstContractYear: i.first_contract_year ? Number(i.first_contract_year) : null,
    kmFromTown: null,
    established: null,
    periods,
  };
}

/**
 * The tally the reader would have built: the counted rows of each type spread over the
 * period's months, the first `focus` rows of a type in a focus group, and the rows shared out
 * among exactly `unique_patients` persons.
 */
function tallyFor(t: TestCase, period: Period): ClinicTally {
  const i = t.input;
  const tally = new ClinicTally('rule-test');
  const months = Array.from({ length: period.toMonth - period.fromMonth + 1 }, (_, k) => monthKey(period.year, period.fromMonth + k));
  const rows = CONTACT_TYPES.reduce((s, ty) => s + Number(i.counted[ty] ?? '0'), 0);
  const unique = i.unique_patients === undefined ? rows : Number(i.unique_patients);
  if (unique > rows) throw new Error(`input.unique_patients (${unique}) cannot exceed the counted rows (${rows}): a unique patient has a counted contact`);
  if (rows > 0 && unique === 0) throw new Error('input.unique_patients must be at least 1 when rows are counted');
  let n = 0;
  for (const ty of CONTACT_TYPES) {
    const c = Number(i.counted[ty] ?? '0');
    const f = Number(i.focus?.[ty] ?? '0');
    if (f > c) throw new Error(`input.focus.${ty} (${f}) cannot exceed input.counted.${ty} (${c})`);
    for (let k = 0; k < c; k++, n++) tally.addCounted(months[n % months.length]!, ty as ContactType, String(1 + (n % unique)), k < f);
  }
  if (i.patient_fees) tally.addFee(months[0]!, new Decimal(i.patient_fees));
  return tally;
}

function periodFor(t: TestCase, year: number): Period {
  const m = (s: string | undefined, dflt: number): number => {
    if (s === undefined) return dflt;
    if (Number(s.slice(0, 4)) !== year) throw new Error(`period ${s} is not in the rule year ${year}`);
    return Number(s.slice(5, 7));
  };
  const p = { year, fromMonth: m(t.period?.from, 1), toMonth: m(t.period?.to, 12) };
  if (p.fromMonth > p.toMonth) throw new Error('period.from is after period.to');
  return p;
}

function show(figure: string, v: Decimal | string | null): string {
  if (v === null) return '(none)';
  if (typeof v === 'string') return v;
  const f = FIGURES.get(figure);
  return f !== undefined && f !== 'status' && f.kind === 'money' ? formatMoney(v) : v.toString();
}

function runCase(y: YamlFile, index: number, raw: unknown): CaseResult {
  const node = y.doc.getIn(['tests', index], true) as YNode | undefined;
  const line = lineOf(y, node);
  const at = (...path: (string | number)[]): number | undefined => lineOf(y, y.doc.getIn(['tests', index, ...path], true) as YNode | undefined) ?? line;
  const name = isMap(node) && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : `test ${index + 1}`;
  const fail = (path: string | undefined, problem: string, l = line): CaseResult => ({
    name,
    line: l,
    rules: '',
    mismatches: [],
    error: new RuleError(y.file, l, path, problem),
  });
  const parsed = testCase.safeParse(raw);
  if (!parsed.success) {
    const p = zodProblems(parsed.error)[0]!;
    return fail(`tests.${index + 1}${p.key ? `.${p.key}` : ''}`, p.message, at(...p.key.split('.').filter((k) => k !== '')));
  }
  const t = parsed.data;
  for (const [figure, value] of Object.entries(t.expect)) {
    if (!FIGURES.has(figure)) return fail(`tests.${index + 1}.expect.${figure}`, `unknown figure (known: ${TEST_FIGURES.join(', ')})`, at('expect', figure));
    if (figure !== 'status' && parseDecimalLiteral(value.trim()) === null)
      return fail(`tests.${index + 1}.expect.${figure}`, `expected a decimal number, got '${value}'`, at('expect', figure));
  }
  let result: UnitResult;
  let rules: RuleSet;
  try {
    rules = rulesFor(t, y.file);
    const period = periodFor(t, rules.year);
    result = computePhysioClinic(clinicFor(t, rules.year), tallyFor(t, period), period, new ParamReader(rules));
  } catch (e) {
    if (e instanceof RuleError) return { name, line, rules: '', mismatches: [], error: e };
    return fail(`tests.${index + 1}`, (e as Error).message);
  }
  const mismatches: Mismatch[] = [];
  for (const [figure, value] of Object.entries(t.expect)) {
    const actual = actualOf(result, figure);
    const same = figure === 'status' || actual === null || typeof actual === 'string' ? actual === value.trim() : actual.equals(new Decimal(value.trim()));
    if (!same) mismatches.push({ figure, expected: value.trim(), actual: show(figure, actual), line: at('expect', figure) });
  }
  const label = [
    rules.id,
    ...rules.scenarios.map((s) => s.id),
    ...rules.overrides.filter((o) => o.origin.kind === 'set').map((o) => `${o.name}=${o.raw}`),
  ].join(' + ');
  return { name: t.name, line, rules: label, mismatches, error: null };
}

/** Runs every case of a rule-test file. */
export function runTestFile(file: string): TestFileResult {
  const { y, problems, syntaxOk } = parseYamlFile(file, { allStrings: true });
  if (!y || !syntaxOk || problems.length > 0) return { file, cases: [], problems };
  const json = y.doc.toJSON() as unknown;
  const top = testFile.safeParse(json);
  if (!top.success) {
    const p = zodProblems(top.error)[0]!;
    return {
      file,
      cases: [],
      problems: [new RuleError(file, lineOf(y, y.doc.getIn(p.key.split('.'), true) as YNode | undefined) ?? 1, p.key || undefined, p.message)],
    };
  }
  const items = y.doc.get('tests', true);
  if (!isSeq(items)) return { file, cases: [], problems: [new RuleError(file, 1, 'tests', 'expected a list of tests')] };
  return { file, cases: top.data.tests.map((raw, i) => runCase(y, i, raw)), problems: [] };
}

export function caseFailed(c: CaseResult): boolean {
  return c.error !== null || c.mismatches.length > 0;
}

export function fileFailed(f: TestFileResult): boolean {
  return f.problems.length > 0 || f.cases.some(caseFailed);
}
