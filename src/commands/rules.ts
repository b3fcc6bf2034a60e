import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { isMap } from 'yaml';
import { filesIn } from '../util/glob.js';
import { InputError } from '../input/errors.js';
import { FORMATS_DIR, loadProfile } from '../input/profile.js';
import { displayPath } from '../output/report.js';
import { styleFor } from '../output/style.js';
import { CATALOG } from '../rules/catalog.js';
import { diffRules, displayValue, rendered, type ParamChange } from '../rules/diff.js';
import { RULES_DIR, applySets, listRuleFiles, loadRuleFile, loadRulesForYear, parseYamlFile, validateRuleFile } from '../rules/load.js';
import { TESTS_DIR, caseFailed, fileFailed, listTestFiles, looksLikeTests, runTestFile } from '../rules/rule-tests.js';
import { RuleError, type Param, type RuleSet } from '../rules/ruleset.js';
import { SCENARIOS_DIR, applyScenarioFiles, listScenarioFiles, looksLikeScenario, validateScenarioFile } from '../rules/scenario.js';
import { EXIT, collect, toolVersion } from './common.js';

type Format = 'table' | 'json';
const formatOption = (choices: string[] = ['table', 'json']): Option =>
  new Option('--format <FORMAT>', `stdout: ${choices.join(' | ')}`).choices(choices).default('table');

function json(x: unknown): void {
  process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);
}

/** Left-aligned columns; the last one is not padded (long sources wrap in the terminal). */
function columns(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

/** YEAR (a bundled FFU year) or FILE, then --scenario and --set. */
function resolveRules(arg: string, o: { scenario?: string[]; set?: string[] }): RuleSet {
  const base = /^\d{4}$/.test(arg) ? loadRulesForYear(Number(arg)) : existsSync(arg) ? loadRuleFile(arg) : null;
  if (!base) throw new InputError(arg, 'neither a year like 2026 nor a rule file');
  return applySets(applyScenarioFiles(base, o.scenario ?? []), o.set ?? []);
}

function counts(params: Iterable<Param>): { parameters: number; confirmed: number; assumed: number } {
  const ps = [...params];
  return { parameters: ps.length, confirmed: ps.filter((p) => p.status === 'confirmed').length, assumed: ps.filter((p) => p.status === 'assumed').length };
}

function paramJson(p: Param): Record<string, unknown> {
  return {
    name: p.name,
    value: displayValue(p.value),
    unit: p.unit,
    status: p.status,
    source: p.source,
    ...(p.note ? { note: p.note } : {}),
    origin: p.origin.kind,
    ...(p.origin.file ? { file: displayPath(p.origin.file) } : {}),
    ...(p.origin.line ? { line: p.origin.line } : {}),
  };
}

// ---------------------------------------------------------------- rules list

function listCommand(): Command {
  return new Command('list')
    .summary('the FFU years available, their files, and how many parameters are confirmed and assumed')
    .description(
      'Lists rules/ffu-YYYY.yaml (one per FFU year) with their parameter counts, the scenario files of rules/scenarios/ and the rule-test files of rules/tests/. Exit 1 if a rule file does not validate.',
    )
    .addOption(formatOption())
    .addHelpText('after', '\nExamples:\n  vardval rules list\n  vardval rules list --format json')
    .action((o: { format: Format }) => {
      const years = listRuleFiles().map(({ year, file }) => {
        const { rules, problems } = validateRuleFile(file);
        return {
          year,
          id: rules?.id ?? '',
          file: displayPath(file),
          title: rules?.title ?? '',
          ...(rules ? counts(rules.params.values()) : { parameters: 0, confirmed: 0, assumed: 0 }),
          problems: problems.length,
        };
      });
      const scenarios = listScenarioFiles().map((file) => {
        const { scenario, problems } = validateScenarioFile(file);
        return {
          id: scenario?.id ?? '',
          base_year: scenario?.baseYear ?? null,
          file: displayPath(file),
          title: scenario?.title ?? '',
          parameters: scenario?.params.size ?? 0,
          problems: problems.length,
        };
      });
      const tests = listTestFiles().map((f) => displayPath(f));
      if ([...years, ...scenarios].some((r) => r.problems > 0)) process.exitCode = EXIT.checkFailed;
      if (o.format === 'json') return json({ tool: toolVersion(), years, scenarios, tests });
      const bad = (n: number): string => (n ? `INVALID: ${n} problem${n > 1 ? 's' : ''} (vardval rules validate)` : '');
      process.stdout.write('FFU years (vardval rules show YEAR)\n');
      process.stdout.write(
        `${columns(
          years.map((y) => [String(y.year), y.id, y.file, String(y.parameters), String(y.confirmed), String(y.assumed), bad(y.problems) || y.title]),
          ['year', 'id', 'file', 'parameters', 'confirmed', 'assumed', 'title'],
        )}\n`,
      );
      process.stdout.write('\nScenarios (--scenario FILE)\n');
      process.stdout.write(
        scenarios.length
          ? `${columns(
              scenarios.map((s) => [s.id, s.base_year === null ? 'any' : String(s.base_year), s.file, String(s.parameters), bad(s.problems) || s.title]),
              ['id', 'base year', 'file', 'parameters', 'title'],
            )}\n`
          : '  (none)\n',
      );
      process.stdout.write(`\nRule tests (vardval rules test): ${tests.length ? tests.join(', ') : '(none)'}\n`);
    });
}

// ---------------------------------------------------------------- rules show

function showCommand(): Command {
  return new Command('show')
    .summary('every parameter of a year with value, unit, status and source')
    .description(
      'Shows every parameter of an FFU year (or a rule file) with its value, unit, status and source; with --scenario and --set, the values in force after the overlays, marked with *.',
    )
    .argument('<YEAR|FILE>', 'an FFU year like 2026 (rules/ffu-2026.yaml) or a rule file')
    .option('--scenario <FILE|ID>', 'overlay a scenario file or a bundled scenario by id (repeatable)', collect, [])
    .option('--set <NAME=VALUE>', 'override a parameter (repeatable)', collect, [])
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Examples:
  vardval rules show 2026
  vardval rules show 2017 --format json
  vardval rules show 2026 --scenario rules/scenarios/unique-patient-deduction-800.yaml`,
    )
    .action((arg: string, o: { scenario: string[]; set: string[]; format: Format }) => {
      const rules = resolveRules(arg, o);
      const params = [...rules.params.values()];
      const absent = Object.entries(CATALOG).filter(([n]) => !rules.params.has(n));
      if (o.format === 'json')
        return json({
          tool: toolVersion(),
          id: rules.id,
          year: rules.year,
          title: rules.title,
          document: rules.document,
          file: displayPath(rules.file),
          sha256: rules.sha256,
          scenarios: rules.scenarios.map((s) => ({ ...s, file: displayPath(s.file) })),
          ...counts(params),
          parameters: params.map(paramJson),
          not_set: absent.map(([name, spec]) => ({ name, unit: spec.unit, required: spec.required, description: spec.description })),
        });
      const s = styleFor(process.stdout);
      const c = counts(params);
      const out: string[] = [];
      out.push(s.bold(`${rules.id}: ${rules.title}`));
      out.push(`document: ${rules.document}`);
      out.push(`file: ${displayPath(rules.file)} (sha256 ${rules.sha256.slice(0, 12)}…)`);
      for (const sc of rules.scenarios) out.push(`scenario: ${sc.id} (${displayPath(sc.file)}): ${sc.description}`);
      out.push(`${c.parameters} parameters: ${c.confirmed} confirmed, ${c.assumed} assumed`);
      out.push('');
      const tiers = rules.params.has('physio.requirement_tiers');
      out.push(
        columns(
          params.map((p) => {
            const mark = p.origin.kind === 'file' ? '' : '*';
            const unused =
              tiers && (p.name === 'physio.visit_requirement_per_fte' || p.name === 'physio.visit_deduction_per_visit')
                ? ' (not used: physio.requirement_tiers applies)'
                : '';
            return [`${p.name}${mark}`, displayValue(p.value), p.unit, p.status === 'assumed' ? s.yellow(p.status) : p.status, p.source + unused];
          }),
          ['parameter', 'value', 'unit', 'status', 'source'],
        ),
      );
      const notes = params.filter((p) => p.note);
      if (notes.length) {
        out.push('', 'Notes:');
        for (const p of notes) out.push(`  ${p.name}: ${p.note}`);
      }
      if (rules.overrides.length) {
        out.push('', '* overlaid:');
        for (const ov of rules.overrides)
          out.push(
            s.cyan(
              `  ${ov.name} = ${ov.raw} (was ${ov.previous}; ${ov.origin.kind}${ov.origin.file ? ` ${displayPath(ov.origin.file)}${ov.origin.line ? `:${ov.origin.line}` : ''}` : ''})`,
            ),
          );
      }
      if (absent.length) {
        out.push('', 'Not set in this file (optional, or replaced by another parameter):');
        for (const [name, spec] of absent) out.push(`  ${name} (${spec.unit}): ${spec.description}`);
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

// ---------------------------------------------------------------- rules validate

type FileKind = 'rules' | 'scenario' | 'tests' | 'format';

/** The YAML files of the bundled rules: years, scenarios, rule tests and format profiles. */
function bundledFiles(): string[] {
  const yamls = (dir: string): string[] => filesIn(dir, '*.{yaml,yml}');
  return [...yamls(RULES_DIR), ...yamls(SCENARIOS_DIR), ...yamls(TESTS_DIR), ...yamls(FORMATS_DIR)];
}

function expandYaml(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!existsSync(a)) throw new InputError(a, 'no such file or directory');
    if (!statSync(a).isDirectory()) {
      out.push(a);
      continue;
    }
    out.push(...filesIn(a, '**/*.{yaml,yml}'));
  }
  return [...new Set(out)];
}

/** What a YAML file is, from its top-level keys. */
function kindOf(top: unknown): FileKind {
  if (looksLikeTests(top)) return 'tests';
  if (isMap(top) && (top.has('encoding') || top.has('columns'))) return 'format';
  if (looksLikeScenario(top)) return 'scenario';
  return 'rules';
}

interface Validation {
  file: string;
  kind: FileKind | 'unreadable';
  what: string;
  problems: RuleError[];
}

export function validateFile(file: string): Validation {
  const parsed = parseYamlFile(file);
  if (!parsed.y || !parsed.syntaxOk) return { file, kind: 'unreadable', what: '', problems: parsed.problems };
  const kind = kindOf(parsed.y.doc.contents);
  if (kind === 'scenario') {
    const { scenario, problems } = validateScenarioFile(file);
    return { file, kind, what: scenario ? `scenario ${scenario.id}, ${scenario.params.size} parameter${scenario.params.size > 1 ? 's' : ''}` : '', problems };
  }
  if (kind === 'tests') {
    const r = runTestFile(file);
    const problems = [...r.problems, ...r.cases.flatMap((c) => (c.error ? [c.error] : []))];
    return { file, kind, what: `rule tests, ${r.cases.length} cases`, problems };
  }
  if (kind === 'format') {
    try {
      const p = loadProfile(file);
      return { file, kind, what: `format profile ${p.id}`, problems: [] };
    } catch (e) {
      if (e instanceof RuleError) return { file, kind, what: '', problems: [e] };
      throw e;
    }
  }
  const { rules, problems } = validateRuleFile(file);
  const named = /^ffu-(\d{4})\.ya?ml$/.exec(basename(file));
  if (rules && named && Number(named[1]) !== rules.year)
    problems.push(new RuleError(file, undefined, 'year', `the file is named for ${named[1]} but says year ${rules.year}`));
  return { file, kind, what: rules ? `rule file ${rules.id}, ${rules.params.size} parameters` : '', problems };
}

function validateCommand(): Command {
  return new Command('validate')
    .summary('check rule, scenario, rule-test and format files; every problem with file, line and parameter')
    .description(
      'Checks each file against its schema and reports every problem found, as FILE:LINE: PARAMETER: PROBLEM: unknown keys or parameters, missing sources, wrong units, duplicate keys, bad values, missing required parameters. Without FILES, every bundled file under rules/. The kind of a file (rule file, scenario, rule tests, format profile) is recognised from its keys. Exit 0 when all are valid, 1 when any has a problem, 2 when a file does not exist.',
    )
    .argument('[files...]', 'YAML files or directories (default: rules/, rules/scenarios/, rules/tests/, rules/formats/)')
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Examples:
  vardval rules validate
  vardval rules validate rules/*.yaml
  vardval rules validate my-ffu-2028.yaml --format json`,
    )
    .action((args: string[], o: { format: Format }) => {
      const files = args.length ? expandYaml(args) : bundledFiles();
      if (files.length === 0) throw new InputError(args.join(' ') || 'rules/', 'no YAML files to validate');
      const results = files.map(validateFile);
      const failed = results.filter((r) => r.problems.length > 0);
      if (failed.length) process.exitCode = EXIT.checkFailed;
      const sorted = (r: Validation): RuleError[] => [...r.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      if (o.format === 'json')
        return json({
          tool: toolVersion(),
          valid: failed.length === 0,
          files: results.map((r) => ({
            file: displayPath(r.file),
            kind: r.kind,
            valid: r.problems.length === 0,
            problems: sorted(r).map((p) => ({
              line: p.line ?? null,
              path: p.path ?? null,
              problem: p.problem,
              message: `${displayPath(p.file)}${p.line ? `:${p.line}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.problem}`,
            })),
          })),
        });
      const s = styleFor(process.stdout);
      const out: string[] = [];
      for (const r of results) {
        if (r.problems.length === 0) {
          out.push(`${s.green('ok')}    ${displayPath(r.file)} (${r.what})`);
          continue;
        }
        out.push(`${s.red('FAIL')}  ${displayPath(r.file)}: ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}`);
        for (const p of sorted(r)) out.push(`      ${displayPath(p.file)}${p.line ? `:${p.line}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.problem}`);
      }
      const n = failed.reduce((k, r) => k + r.problems.length, 0);
      out.push(failed.length ? s.red(`${failed.length} of ${results.length} files invalid, ${n} problem${n > 1 ? 's' : ''}`) : `${results.length} files valid`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

// ---------------------------------------------------------------- rules diff

function diffCommand(): Command {
  return new Command('diff')
    .summary('parameter by parameter: added, removed and changed (old → new, with both sources)')
    .description(
      'Compares two FFU years or rule files parameter by parameter. changed = another value; status = the same value with another status (assumed/confirmed); added/removed = on one side only. A new source alone counts as unchanged (shown with --all). --scenario and --set apply to the second side, to show what a proposal changes.',
    )
    .argument('<FROM>', 'a year like 2025, or a rule file')
    .argument('<TO>', 'a year like 2026, or a rule file')
    .option('--scenario <FILE|ID>', 'overlay a scenario file or a bundled scenario by id on TO (repeatable)', collect, [])
    .option('--set <NAME=VALUE>', 'override a parameter of TO (repeatable)', collect, [])
    .option('--all', 'list unchanged parameters too', false)
    .addOption(formatOption(['table', 'markdown', 'json']))
    .addHelpText(
      'after',
      `
Examples:
  vardval rules diff 2025 2026
  vardval rules diff 2025 2026 --format markdown > ffu-2026-changes.md
  vardval rules diff 2026 2026 --scenario rules/scenarios/unique-patient-deduction-800.yaml`,
    )
    .action((a: string, b: string, o: { scenario: string[]; set: string[]; all: boolean; format: Format | 'markdown' }) => {
      const from = resolveRules(a, {});
      const to = resolveRules(b, o);
      const label = (r: RuleSet): string =>
        [r.id, ...r.scenarios.map((x) => x.id), ...r.overrides.filter((x) => x.origin.kind === 'set').map((x) => `--set ${x.name}`)].join(' + ');
      let fromLabel = label(from);
      let toLabel = label(to);
      if (fromLabel === toLabel) {
        fromLabel += ' (A)';
        toLabel += ' (B)';
      }
      const all = diffRules(from, to);
      const shown = o.all ? all : all.filter((c) => c.change !== 'unchanged');
      const tally = (k: ParamChange['change']): number => all.filter((c) => c.change === k).length;
      const summary = `${tally('changed')} changed, ${tally('status')} status only, ${tally('added')} added, ${tally('removed')} removed, ${tally('unchanged')} unchanged`;
      const side = (p: Param | null): unknown =>
        p ? { value: displayValue(p.value), status: p.status, source: p.source, ...(p.note ? { note: p.note } : {}) } : null;
      if (o.format === 'json')
        return json({
          tool: toolVersion(),
          from: { label: fromLabel, id: from.id, year: from.year, file: displayPath(from.file), sha256: from.sha256 },
          to: {
            label: toLabel,
            id: to.id,
            year: to.year,
            file: displayPath(to.file),
            sha256: to.sha256,
            scenarios: to.scenarios.map((x) => ({ ...x, file: displayPath(x.file) })),
          },
          changes: shown.map((c) => ({ name: c.name, change: c.change, unit: (c.new ?? c.old)!.unit, old: side(c.old), new: side(c.new) })),
        });
      const status = (c: ParamChange): string => `${c.old?.status ?? '–'} → ${c.new?.status ?? '–'}`;
      if (o.format === 'markdown') {
        const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
        const lines = [
          `Rule changes ${fromLabel} → ${toLabel} (${summary})`,
          '',
          `| parameter | ${cell(fromLabel)} | ${cell(toLabel)} | unit | change | status | source ${cell(fromLabel)} | source ${cell(toLabel)} |`,
          '|---|---|---|---|---|---|---|---|',
          ...shown.map(
            (c) =>
              `| \`${c.name}\` | ${cell(rendered(c.old))} | ${cell(rendered(c.new))} | ${(c.new ?? c.old)!.unit} | ${c.change} | ${status(c)} | ${cell(c.old?.source ?? '')} | ${cell(c.new?.source ?? '')} |`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      const s = styleFor(process.stdout);
      const out = [s.bold(`Rule changes ${fromLabel} (${displayPath(from.file)}) → ${toLabel} (${displayPath(to.file)})`), ''];
      for (const c of shown) {
        const unit = (c.new ?? c.old)!.unit;
        const head =
          c.change === 'added'
            ? `${rendered(c.new)} ${unit}`
            : c.change === 'removed'
              ? `${rendered(c.old)} ${unit}`
              : c.change === 'changed'
                ? `${rendered(c.old)} → ${rendered(c.new)} ${unit}`
                : `${rendered(c.new)} ${unit}`;
        out.push(`${c.change.padEnd(9)} ${s.bold(c.name)}: ${head}   [${status(c)}]`);
        if (c.old) out.push(`            ${fromLabel}: ${c.old.source}`);
        if (c.new) out.push(`            ${toLabel}: ${c.new.source}`);
      }
      if (shown.length === 0) out.push('(no differences)');
      out.push('', summary);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

// ---------------------------------------------------------------- rules test

function testCommand(): Command {
  return new Command('test')
    .summary('run the rule tests of rules/tests/ (given FTE and counted figures, expect these amounts)')
    .description(
      "Runs rule-test files: each case names a year (or rule file), optional scenarios and --set overrides, a clinic's FTE and counted figures, and the amounts expected. The cases run through the same model code as calc. Exit 0 when all pass, 1 when any fails or a case cannot run, 2 when a file does not exist.",
    )
    .argument('[files...]', 'rule-test files or directories (default: rules/tests/)')
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Examples:
  vardval rules test
  vardval rules test rules/tests/ffu-2017-tiers.yaml
  vardval rules test my-tests/ --format json`,
    )
    .action((args: string[], o: { format: Format }) => {
      const files = args.length ? expandYaml(args) : listTestFiles();
      if (files.length === 0) throw new InputError(args.join(' ') || 'rules/tests/', 'no rule-test files');
      const results = files.map(runTestFile);
      const cases = results.flatMap((r) => r.cases);
      const failed = cases.filter(caseFailed).length;
      const broken = results.reduce((n, r) => n + r.problems.length, 0);
      if (results.some(fileFailed)) process.exitCode = EXIT.checkFailed;
      if (o.format === 'json')
        return json({
          tool: toolVersion(),
          passed: cases.length - failed,
          failed,
          files: results.map((r) => ({
            file: displayPath(r.file),
            problems: r.problems.map((p) => p.message),
            cases: r.cases.map((c) => ({
              name: c.name,
              line: c.line ?? null,
              rules: c.rules,
              ok: !caseFailed(c),
              error: c.error ? c.error.message : null,
              mismatches: c.mismatches,
            })),
          })),
        });
      const s = styleFor(process.stdout);
      const out: string[] = [];
      for (const r of results) {
        out.push(s.bold(displayPath(r.file)));
        for (const p of r.problems)
          out.push(`  ${s.red('FAIL')}  ${displayPath(p.file)}${p.line ? `:${p.line}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.problem}`);
        for (const c of r.cases) {
          if (!caseFailed(c)) {
            out.push(`  ${s.green('ok')}    ${c.name} (${c.rules})`);
            continue;
          }
          out.push(`  ${s.red('FAIL')}  ${c.name} (${displayPath(r.file)}${c.line ? `:${c.line}` : ''})`);
          if (c.error) out.push(`        ${c.error.message}`);
          for (const m of c.mismatches) out.push(`        ${m.figure}: expected ${m.expected}, got ${m.actual} (line ${m.line ?? '?'})`);
        }
      }
      out.push(`${cases.length - failed} passed, ${failed} failed${broken ? `, ${broken} file problem${broken > 1 ? 's' : ''}` : ''}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

export function rulesCommand(): Command {
  const cmd = new Command('rules')
    .summary('list, show, validate, diff and test the FFU rule files')
    .description('The FFU rule files (rules/ffu-YYYY.yaml), the scenarios (rules/scenarios/) and the rule tests (rules/tests/).');
  for (const sub of [listCommand(), showCommand(), validateCommand(), diffCommand(), testCommand()]) cmd.addCommand(sub.exitOverride());
  cmd.addHelpText(
    'after',
    `
Examples:
  vardval rules list
  vardval rules show 2026
  vardval rules validate
  vardval rules diff 2025 2026
  vardval rules test`,
  );
  return cmd;
}
