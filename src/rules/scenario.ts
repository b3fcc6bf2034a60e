import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isScalar, type Node as YNode } from 'yaml';
import { z } from 'zod';
import { RULES_DIR, checkParamSet, collectParams, lineOf, namedByParameter, parseYamlFile, throwFirstProblem, zodProblems } from './load.js';
import { didYouMean } from '../util/did-you-mean.js';
import { filesIn } from '../util/glob.js';
import { RuleError, renderValue, type Override, type Param, type RuleSet } from './ruleset.js';

/**
 * A scenario (what-if) file: a named overlay of parameters on a year's rules, with its own
 * description and source, e.g. a proposal the council discusses before it is decided.
 *
 * ```yaml
 * id: unique-patient-deduction-800
 * title: "800 kr per missing unique patient"
 * description: "The 2026 proposal of seed 000, simulated clinic by clinic before it became 0 kr."
 * source: "seed 000"
 * base_year: 2026            # optional: the scenario only applies to this year's rules
 * parameters:                # same shape as a rule file's parameters
 *   physio:
 *     unique_patient_deduction_per_patient: { value: 800, unit: SEK/patient, status: assumed, source: "seed 000" }
 * ```
 */
export interface Scenario {
  id: string;
  title: string;
  description: string;
  source: string;
  baseYear: number | null;
  baseYearLine: number | undefined;
  file: string;
  sha256: string;
  params: ReadonlyMap<string, Param>;
}

const header = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lower-case letters, digits and dashes'),
    title: z.string().min(1).optional(),
    description: z.string().trim().min(1, 'a scenario says what it changes and why'),
    source: z.string().trim().min(1, 'a scenario names where the proposal comes from'),
    base_year: z.number().int().min(2000).max(2100).optional(),
    parameters: z.unknown(),
  })
  .strict();

export const SCENARIOS_DIR = join(RULES_DIR, 'scenarios');

export function listScenarioFiles(dir = SCENARIOS_DIR): string[] {
  return filesIn(dir, '*.{yaml,yml}');
}

/** True when a YAML file looks like a scenario rather than a rule file (for `rules validate`). */
export function looksLikeScenario(top: unknown): boolean {
  return isMap(top) && (top.has('base_year') || (top.has('description') && !top.has('year')));
}

/** Validates a scenario file and reports every problem found. */
export function validateScenarioFile(file: string): { scenario: Scenario | null; problems: RuleError[] } {
  const parsed = parseYamlFile(file);
  const { y, syntaxOk } = parsed;
  const problems = namedByParameter(parsed.problems);
  if (!y || !syntaxOk) return { scenario: null, problems };
  const top = y.doc.contents;
  if (!top || !isMap(top))
    return {
      scenario: null,
      problems: [...problems, new RuleError(file, 1, undefined, 'a scenario file is a mapping with id, description, source, parameters')],
    };
  const keyLine = (k: string): number | undefined => lineOf(y, top.items.find((i) => isScalar(i.key) && i.key.value === k)?.key as YNode | undefined);
  const h = header.safeParse(y.doc.toJSON());
  if (!h.success) for (const p of zodProblems(h.error)) problems.push(new RuleError(file, keyLine(p.key.split('.')[0]!) ?? 1, p.key || undefined, p.message));
  const paramsNode = top.get('parameters', true) as YNode | undefined;
  if (!paramsNode) problems.push(new RuleError(file, 1, 'parameters', "missing 'parameters'"));
  const params = paramsNode ? collectParams(y, paramsNode, 'scenario', problems) : new Map<string, Param>();
  if (paramsNode && params.size === 0 && problems.length === 0)
    problems.push(new RuleError(file, keyLine('parameters'), 'parameters', 'a scenario overlays at least one parameter'));
  if (!h.success || problems.length > 0) return { scenario: null, problems };
  return {
    problems,
    scenario: {
      id: h.data.id,
      title: h.data.title ?? h.data.id,
      description: h.data.description.trim(),
      source: h.data.source,
      baseYear: h.data.base_year ?? null,
      baseYearLine: keyLine('base_year'),
      file,
      sha256: y.sha256,
      params,
    },
  };
}

function loadScenarioFile(file: string): Scenario {
  const { scenario, problems } = validateScenarioFile(file);
  throwFirstProblem(file, problems);
  return scenario!;
}

/**
 * Overlays a scenario on a rule set: each of its parameters replaces the year's one (value,
 * unit, source and status all come from the scenario) and is recorded as an override.
 */
function applyScenario(rules: RuleSet, s: Scenario): RuleSet {
  if (s.baseYear !== null && s.baseYear !== rules.year)
    throw new RuleError(s.file, s.baseYearLine, 'base_year', `the scenario is written for the ${s.baseYear} rules, not for ${rules.id} (${rules.year})`);
  const params = new Map(rules.params);
  const overrides: Override[] = [...rules.overrides];
  for (const [name, p] of [...s.params].sort(([a], [b]) => a.localeCompare(b))) {
    const prev = params.get(name);
    params.set(name, p);
    overrides.push({
      name,
      raw: renderValue(p.value),
      previous: prev ? renderValue(prev.value) : '(not set)',
      origin: p.origin,
      source: p.source,
      status: p.status,
    });
  }
  const first = checkParamSet(params, s.file)[0];
  if (first) throw new RuleError(first.file, first.line, first.path, `${first.problem} (after overlaying scenario ${s.id} on ${rules.id})`);
  return {
    ...rules,
    params,
    overrides,
    scenarios: [...rules.scenarios, { file: s.file, id: s.id, description: s.description, sha256: s.sha256 }],
  };
}

/**
 * The file a `--scenario` argument names: an existing file as given, else a bundled scenario
 * (rules/scenarios/) by its file stem or its id, from any directory.
 */
function resolveScenario(arg: string): string {
  if (existsSync(arg)) return arg;
  const bundled = listScenarioFiles();
  const stem = (f: string): string => basename(f).replace(/\.ya?ml$/, '');
  const byStem = bundled.find((f) => stem(f) === arg || basename(f) === arg);
  if (byStem) return byStem;
  const ids = bundled.map((f) => ({ f, id: validateScenarioFile(f).scenario?.id }));
  const byId = ids.find((x) => x.id === arg);
  if (byId) return byId.f;
  const names = [...bundled.map(stem), ...ids.flatMap((x) => (x.id ? [x.id] : []))];
  throw new RuleError(
    '--scenario',
    undefined,
    arg,
    `neither a file nor the id of a bundled scenario${didYouMean(arg, names)} (bundled: ${[...new Set(names)].join(', ') || 'none'}; vardval rules list)`,
  );
}

export function applyScenarioFiles(rules: RuleSet, files: readonly string[]): RuleSet {
  return files.reduce((r, f) => applyScenario(r, loadScenarioFile(resolveScenario(f))), rules);
}

/** The header of a scenario file, for the editor schema (schemas/scenario.schema.json). */
export { header as scenarioFileHeader };
