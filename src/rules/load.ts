import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Node as YNode, type Document } from 'yaml';
import { FILE_LIMITS, isFileProblem, readBoundedFile } from './bounded-file.js';
import { z } from 'zod';
import { type Decimal, parseDecimalLiteral } from '../model/decimal.js';
import { didYouMean } from '../util/did-you-mean.js';
import { filesIn } from '../util/glob.js';
import { CATALOG, isKnownParam, type ParamSpec } from './catalog.js';
import {
  AgeWeightTable,
  NamedAmounts,
  RuleError,
  renderValue,
  type AgeWeight,
  type Param,
  type ParamOrigin,
  type ParamValue,
  type RequirementTier,
  type RuleSet,
} from './ruleset.js';

/** "unknown parameter", with the catalogue names closest to a typo (or that it is the tail of). */
function unknownParameter(name: string): string {
  const names = Object.keys(CATALOG);
  const tail = names.filter((n) => n.endsWith(`.${name}`));
  const hint = tail.length > 0 ? didYouMean(tail[0]!, tail) : didYouMean(name, names);
  return `unknown parameter${hint} (not in the catalogue; see \`vardval rules show\`)`;
}

/** The project root (where rules/ and fixtures/ live), found from this compiled file. */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RULES_DIR = join(PROJECT_ROOT, 'rules');

/** A parsed YAML file with positions, shared by rule, scenario and profile loaders. */
export interface YamlFile {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  sha256: string;
}

/** The dotted key path of the map key that starts at `offset` (for errors the YAML parser reports by position). */
function pathAtOffset(node: unknown, offset: number, prefix: string[] = []): string[] | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key as YNode | null;
      const name = isScalar(k) ? String(k.value) : String(k);
      if (k?.range && k.range[0] === offset) return [...prefix, name];
      const inner = pathAtOffset(pair.value, offset, [...prefix, name]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, it] of node.items.entries()) {
      const inner = pathAtOffset(it, offset, [...prefix, String(i + 1)]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Parses a YAML file and reports every problem the parser finds. `y` is null when the file
 * cannot be read; `syntaxOk` is false when the structure cannot be trusted (anything worse than
 * a duplicate key), so schema checks should not run on it.
 */
export function parseYamlFile(file: string, opts: { allStrings?: boolean } = {}): { y: YamlFile | null; problems: RuleError[]; syntaxOk: boolean } {
  const bytes = readBoundedFile(file, FILE_LIMITS.yaml);
  if (isFileProblem(bytes)) return { y: null, syntaxOk: false, problems: [new RuleError(file, bytes.line, undefined, bytes.problem)] };
  const text = bytes.toString('utf8');
  const lines = new LineCounter();
  // allStrings: every scalar stays the text written (YAML failsafe schema), so decimals never pass through a float
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, ...(opts.allStrings ? { schema: 'failsafe' } : {}) });
  const problems = doc.errors.map((err) => {
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    if (err.code === 'DUPLICATE_KEY') {
      const path = pathAtOffset(doc.contents, err.pos[0]);
      return new RuleError(file, line, path?.join('.'), `duplicate key '${path?.at(-1) ?? '?'}'`);
    }
    return new RuleError(file, line, undefined, err.message.split('\n')[0]!);
  });
  const aliasProblem = doc.errors.length === 0 ? checkAliases(doc, file, lines) : undefined;
  if (aliasProblem) return { y: null, syntaxOk: false, problems: [aliasProblem] };
  const syntaxOk = doc.errors.every((e) => e.code === 'DUPLICATE_KEY');
  return { y: { file, text, doc, lines, sha256: createHash('sha256').update(text).digest('hex') }, problems, syntaxOk };
}

/** At most this many alias expansions per YAML file: rule files need few, an alias bomb needs millions. */
const MAX_YAML_ALIASES = 100;

/**
 * Aliases (*name) are expanded once here, with a limit: an alias bomb (aliases of aliases,
 * exponential) and an alias before its anchor are errors naming the line of the first alias,
 * not a crash or gigabytes of memory.
 */
function checkAliases(doc: Document.Parsed, file: string, lines: LineCounter): RuleError | undefined {
  const aliases: { source: string; at: number }[] = [];
  visit(doc, { Alias: (_k, node) => void aliases.push({ source: node.source, at: node.range?.[0] ?? 0 }) });
  if (aliases.length === 0) return undefined;
  try {
    doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    return undefined;
  } catch (e) {
    const unresolved = /Unresolved alias/.test((e as Error).message);
    const at = (unresolved ? aliases.find((a) => (e as Error).message.endsWith(`: ${a.source}`)) : undefined) ?? aliases[0]!;
    return new RuleError(
      file,
      lines.linePos(at.at).line,
      undefined,
      unresolved
        ? `alias *${at.source} is used before its anchor &${at.source} is set (or the anchor does not exist)`
        : `aliases expand to too much (more than ${MAX_YAML_ALIASES} alias expansions): an alias bomb? write the values out`,
    );
  }
}

export function readYaml(file: string): YamlFile {
  const { y, problems } = parseYamlFile(file);
  if (problems[0] || !y) throw problems[0]!;
  return y;
}

export function lineOf(y: YamlFile, node: YNode | null | undefined): number | undefined {
  const r = node?.range;
  return r ? y.lines.linePos(r[0]).line : undefined;
}

/** Scalar text as written in the file: decimals are taken from the source, never via a JS float. */
function scalarText(node: YNode): string | null {
  if (!isScalar(node)) return null;
  if (node.value === null) return null;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

const leafMeta = z
  .object({
    value: z.unknown(),
    unit: z.string().min(1, 'unit must not be empty'),
    source: z.string().trim().min(1, 'source must name the document and section'),
    status: z.enum(['confirmed', 'assumed']),
    note: z.string().optional(),
  })
  .strict();

function zodIssueText(issue: z.core.$ZodIssue): { key: string; message: string } {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return { key, message: `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  if (issue.code === 'invalid_type' && issue.input === undefined) return { key, message: `missing '${key}'` };
  return { key, message: issue.message };
}

/** Every issue of a zod error, each once. */
export function zodProblems(err: z.ZodError): { key: string; message: string }[] {
  return err.issues.map(zodIssueText);
}

/** Convert a parameter's value node to a typed value, or throw a message. */
function parseParamValue(spec: ParamSpec, node: YNode | string): ParamValue {
  const asText = (n: YNode | string): string | null => (typeof n === 'string' ? n : scalarText(n));
  switch (spec.kind) {
    case 'amount':
    case 'quantity':
    case 'weight':
    case 'rate': {
      const t = asText(node);
      const d = t === null ? null : parseDecimalLiteral(t.trim());
      if (!d) throw new Error(`expected a decimal number (like 570 or 0.2), got ${t === null ? 'no number' : `'${t}'`}`);
      if (d.isNegative()) throw new Error(`must not be negative, got ${t}`);
      if (spec.kind === 'rate' && d.greaterThan(1)) throw new Error(`a rate is a share between 0 and 1, got ${t}`);
      return d;
    }
    case 'code': {
      const t = asText(node);
      if (t === null || t.trim() === '') throw new Error('expected a code value');
      if (spec.pattern && !spec.pattern.re.test(t.trim())) throw new Error(`expected ${spec.pattern.text}, got '${t.trim()}'`);
      return t.trim();
    }
    case 'choice': {
      const t = asText(node)?.trim();
      if (!t || !spec.choices?.includes(t)) throw new Error(`expected one of ${spec.choices?.join(', ')}, got '${t ?? ''}'`);
      return t;
    }
    case 'codes': {
      let codes: string[];
      if (typeof node === 'string')
        codes = node
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
      else {
        if (!isSeq(node)) throw new Error('expected a list of codes');
        codes = node.items.map((it, i) => {
          const t = scalarText(it as YNode);
          if (t === null || t.trim() === '') throw new Error(`item ${i + 1}: expected a code value`);
          return t.trim();
        });
      }
      const outside = spec.vocabulary ? codes.filter((c) => !spec.vocabulary!.includes(c)) : [];
      if (outside.length > 0) throw new Error(`${outside.map((c) => `'${c}'`).join(', ')} not among the ${spec.unit} codes (${spec.vocabulary!.join(', ')})`);
      return codes;
    }
    case 'tiers': {
      if (typeof node === 'string') throw new Error('a tier table cannot be set from the command line; use a scenario file');
      if (!isSeq(node) || node.items.length === 0) throw new Error('expected a non-empty list of tiers');
      const tiers: RequirementTier[] = node.items.map((it, i) => {
        if (!isMap(it)) throw new Error(`tier ${i + 1}: expected a mapping`);
        const get = (k: string): Decimal => {
          const v = it.get(k, true) as YNode | undefined;
          const t = v ? scalarText(v) : null;
          const d = t === null ? null : parseDecimalLiteral(t.trim());
          if (!d || d.isNegative()) throw new Error(`tier ${i + 1}: '${k}' must be a non-negative decimal`);
          return d;
        };
        for (const pair of it.items) {
          const k = String((pair.key as YNode & { value?: unknown })?.toString());
          if (!['min_focus_share', 'visit_requirement_per_fte', 'visit_deduction_per_visit'].includes(k)) throw new Error(`tier ${i + 1}: unknown key '${k}'`);
        }
        return {
          minFocusShare: get('min_focus_share'),
          visitRequirementPerFte: get('visit_requirement_per_fte'),
          visitDeductionPerVisit: get('visit_deduction_per_visit'),
        };
      });
      for (let i = 1; i < tiers.length; i++)
        if (!tiers[i]!.minFocusShare.greaterThan(tiers[i - 1]!.minFocusShare))
          throw new Error(`tier ${i + 1}: min_focus_share must increase from tier to tier`);
      if (!tiers[0]!.minFocusShare.isZero()) throw new Error('tier 1: min_focus_share must be 0 so every share has a tier');
      return tiers;
    }
    case 'age_weights':
      return parseAgeWeights(node);
    case 'named_amounts': {
      if (typeof node === 'string') throw new Error('a table by name cannot be set from the command line; use a scenario file');
      if (!isMap(node)) throw new Error('expected a mapping of names (as in the register) to decimals');
      const entries = new Map<string, Decimal>();
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? String(pair.key.value).normalize('NFC') : '';
        const t = pair.value ? scalarText(pair.value as YNode) : null;
        const d = t === null ? null : parseDecimalLiteral(t.trim());
        if (!d || d.isNegative()) throw new Error(`'${name}': expected a non-negative decimal, got ${t === null ? 'nothing' : `'${t}'`}`);
        entries.set(name, d);
      }
      return new NamedAmounts(new Map([...entries].sort(([a], [b]) => a.localeCompare(b, 'sv'))));
    }
  }
}

/**
 * An age/sex weight table: rows {sex, age_from, age_to, weight}; per sex the bands must start at
 * 0, follow each other without gap or overlap, and end with one open band (age_to empty), so
 * every age has exactly one weight.
 */
function parseAgeWeights(node: YNode | string): AgeWeightTable {
  if (typeof node === 'string') throw new Error('a weight table cannot be set from the command line; use a scenario file');
  if (!isSeq(node) || node.items.length === 0) throw new Error('expected a non-empty list of rows {sex, age_from, age_to, weight}');
  const rows: AgeWeight[] = node.items.map((it, i) => {
    if (!isMap(it)) throw new Error(`row ${i + 1}: expected a mapping {sex, age_from, age_to, weight}`);
    for (const pair of it.items) {
      const k = String((pair.key as YNode & { value?: unknown })?.toString());
      if (!['sex', 'age_from', 'age_to', 'weight'].includes(k)) throw new Error(`row ${i + 1}: unknown key '${k}'`);
    }
    const text = (k: string): string | null => {
      const v = it.get(k, true) as YNode | undefined;
      return v ? scalarText(v) : null;
    };
    const sex = text('sex')?.trim();
    if (sex !== 'female' && sex !== 'male') throw new Error(`row ${i + 1}: sex must be female or male, got '${sex ?? ''}'`);
    const age = (k: string, optional: boolean): number | null => {
      const t = text(k)?.trim() ?? '';
      if (t === '' && optional) return null;
      if (!/^\d{1,3}$/.test(t)) throw new Error(`row ${i + 1}: ${k} must be a whole age in years${optional ? ' or empty' : ''}, got '${t}'`);
      return Number(t);
    };
    const ageFrom = age('age_from', false)!;
    const ageTo = age('age_to', true);
    if (ageTo !== null && ageTo < ageFrom) throw new Error(`row ${i + 1}: age_to ${ageTo} is below age_from ${ageFrom}`);
    const w = text('weight');
    const weight = w === null ? null : parseDecimalLiteral(w.trim());
    if (!weight || weight.isNegative()) throw new Error(`row ${i + 1}: weight must be a non-negative decimal`);
    return { sex, ageFrom, ageTo, weight };
  });
  for (const sex of ['female', 'male'] as const) {
    const bands = rows.filter((r) => r.sex === sex).sort((a, b) => a.ageFrom - b.ageFrom);
    if (bands.length === 0) throw new Error(`no rows for ${sex}: every age needs a weight per sex`);
    let next = 0;
    for (const b of bands) {
      if (next === -1) throw new Error(`${sex}: the band from ${b.ageFrom} comes after the open last band`);
      if (b.ageFrom < next) throw new Error(`${sex}: age ${b.ageFrom} has two weights (bands overlap)`);
      if (b.ageFrom > next) throw new Error(`${sex}: ages ${next}–${b.ageFrom - 1} have no weight (a gap between bands)`);
      next = b.ageTo === null ? -1 : b.ageTo + 1;
    }
    if (next !== -1) throw new Error(`${sex}: the last band must be open (age_to empty), so every age from ${next} up has a weight`);
  }
  return new AgeWeightTable(rows);
}

/** True when `name` is a catalogue parameter or a group of them (a prefix of one). */
function isKnownGroup(name: string): boolean {
  return Object.keys(CATALOG).some((n) => n.startsWith(`${name}.`));
}

/**
 * Walks a `parameters:` mapping. A mapping with a `value` key, or named like a catalogue
 * parameter, is a parameter (leaf); any other mapping is a group whose keys extend the dotted
 * name. With `problems`, every problem is collected there and the walk goes on (for `rules
 * validate`); without it, the first problem is thrown.
 */
export function collectParams(y: YamlFile, root: YNode, origin: ParamOrigin['kind'], problems?: RuleError[]): Map<string, Param> {
  const out = new Map<string, Param>();
  const report = (e: RuleError): void => {
    if (!problems) throw e;
    problems.push(e);
  };
  const leaf = (name: string, child: YNode & { get: (k: string, keep: true) => unknown; toJSON: () => unknown }, line: number | undefined): void => {
    const spec = CATALOG[name];
    if (!spec) {
      report(new RuleError(y.file, line, name, unknownParameter(name)));
      return;
    }
    const nodeOf = (k: string): YNode | undefined => child.get(k, true) as YNode | undefined;
    const before = problems?.length ?? 0;
    const meta = leafMeta.safeParse(child.toJSON());
    if (!meta.success)
      for (const p of zodProblems(meta.error)) {
        const at = p.key ? nodeOf(p.key.split('.')[0]!) : undefined;
        report(new RuleError(y.file, lineOf(y, at) ?? line, name, p.message));
      }
    const unitNode = nodeOf('unit');
    const unit = unitNode && isScalar(unitNode) ? String(unitNode.value) : undefined;
    if (unit !== undefined && unit !== '' && unit !== spec.unit)
      report(new RuleError(y.file, lineOf(y, unitNode), name, `wrong unit '${unit}', expected '${spec.unit}'`));
    const valueNode = nodeOf('value');
    let value: ParamValue | undefined;
    if (valueNode !== undefined)
      try {
        value = parseParamValue(spec, valueNode);
      } catch (e) {
        report(new RuleError(y.file, lineOf(y, valueNode) ?? line, name, (e as Error).message));
      }
    if (!meta.success || value === undefined || (problems?.length ?? 0) > before) return;
    out.set(name, {
      name,
      kind: spec.kind,
      value,
      unit: meta.data.unit,
      source: meta.data.source,
      status: meta.data.status,
      ...(meta.data.note !== undefined ? { note: meta.data.note } : {}),
      origin: { kind: origin, file: y.file, line },
    });
  };
  const walk = (node: YNode, prefix: string): void => {
    if (!isMap(node)) {
      report(new RuleError(y.file, lineOf(y, node), prefix || 'parameters', 'expected a mapping of parameters'));
      return;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const name = prefix ? `${prefix}.${key}` : key;
      const child = pair.value as YNode | null;
      const line = lineOf(y, (pair.key as YNode) ?? child);
      if (!child || !isMap(child)) {
        report(
          new RuleError(
            y.file,
            line,
            name,
            CATALOG[name]
              ? 'expected a parameter: a mapping with value, unit, source and status'
              : isKnownGroup(name)
                ? 'expected a group of parameters'
                : unknownParameter(name),
          ),
        );
        continue;
      }
      if (child.has('value') || CATALOG[name]) leaf(name, child, line);
      else if (isKnownGroup(name)) walk(child, name);
      else report(new RuleError(y.file, line, name, unknownParameter(name)));
    }
  };
  walk(root, '');
  return out;
}

/**
 * Checks a complete parameter set: required parameters present (the plain visit requirement
 * and rate may give way to a tier table), and parameters that only make sense together.
 */
export function checkParamSet(params: ReadonlyMap<string, Param>, file: string, line?: number): RuleError[] {
  const problems: RuleError[] = [];
  const sections = new Set([...params.keys()].map((n) => n.split('.')[0]!));
  for (const [name, spec] of Object.entries(CATALOG)) {
    if (spec.requiredInSection && !params.has(name) && sections.has(name.split('.')[0]!)) {
      problems.push(new RuleError(file, line, name, `missing parameter: the rule file has a '${name.split('.')[0]}' section, which needs it`));
      continue;
    }
    if (!spec.required || params.has(name)) continue;
    if (spec.requiredUnless && params.has(spec.requiredUnless)) continue;
    problems.push(
      new RuleError(file, line, name, `missing required parameter${spec.requiredUnless ? ` (required unless ${spec.requiredUnless} is given)` : ''}`),
    );
  }
  for (const [name, spec] of Object.entries(CATALOG))
    for (const other of spec.requires ?? [])
      if (params.has(name) && !params.has(other)) problems.push(new RuleError(file, params.get(name)!.origin.line ?? line, name, `needs ${other} as well`));
  return problems;
}

const header = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lower-case letters, digits and dashes'),
    year: z.number().int().min(2000).max(2100),
    title: z.string().min(1),
    document: z.string().min(1),
    parameters: z.unknown(),
  })
  .strict();

/** A duplicate key under `parameters:` is named by its parameter path, like every other problem. */
export function namedByParameter(problems: readonly RuleError[]): RuleError[] {
  return problems.map((p) => (p.path?.startsWith('parameters.') ? new RuleError(p.file, p.line, p.path.slice('parameters.'.length), p.problem) : p));
}

/** Throws the first of a file's problems, saying how many more `vardval rules validate` would list. */
export function throwFirstProblem(file: string, problems: readonly RuleError[]): void {
  const first = problems[0];
  if (!first) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more; see vardval rules validate ${file})` : '';
  throw new RuleError(first.file, first.line, first.path, first.problem + more);
}

/** Validates a rule file and reports every problem found (all of them, not just the first). */
export function validateRuleFile(file: string): { rules: RuleSet | null; problems: RuleError[] } {
  const parsed = parseYamlFile(file);
  const { y, syntaxOk } = parsed;
  const problems = namedByParameter(parsed.problems);
  if (!y || !syntaxOk) return { rules: null, problems };
  const top = y.doc.contents;
  if (!top || !isMap(top))
    return { rules: null, problems: [...problems, new RuleError(file, 1, undefined, 'a rule file is a mapping with id, year, title, document, parameters')] };
  const h = header.safeParse(y.doc.toJSON());
  if (!h.success)
    for (const p of zodProblems(h.error))
      problems.push(new RuleError(file, lineOf(y, top.get(p.key.split('.')[0]!, true) as YNode | undefined) ?? 1, p.key || undefined, p.message));
  const paramsNode = top.get('parameters', true) as YNode | undefined;
  const paramsLine = lineOf(y, top.items.find((i) => isScalar(i.key) && i.key.value === 'parameters')?.key as YNode | undefined);
  if (!paramsNode) problems.push(new RuleError(file, 1, 'parameters', "missing 'parameters'"));
  const params = paramsNode ? collectParams(y, paramsNode, 'file', problems) : new Map<string, Param>();
  if (problems.length === 0) problems.push(...checkParamSet(params, file, paramsLine));
  if (!h.success || problems.length > 0) return { rules: null, problems };
  return {
    problems,
    rules: {
      id: h.data.id,
      year: h.data.year,
      title: h.data.title,
      document: h.data.document,
      file,
      sha256: y.sha256,
      params,
      overrides: [],
      scenarios: [],
    },
  };
}

/** Loads a rule file; the first problem is thrown (`vardval rules validate` lists them all). */
export function loadRuleFile(file: string): RuleSet {
  const { rules, problems } = validateRuleFile(file);
  throwFirstProblem(file, problems);
  return rules!;
}

/** The FFU rule files in a directory (default: the bundled rules/), by year. */
export function listRuleFiles(dir = RULES_DIR): { year: number; file: string }[] {
  return filesIn(dir, 'ffu-[0-9][0-9][0-9][0-9].{yaml,yml}')
    .map((file) => ({ year: Number(basename(file).slice(4, 8)), file }))
    .sort((a, b) => a.year - b.year);
}

export function loadRulesForYear(year: number, dir = RULES_DIR): RuleSet {
  const hit = listRuleFiles(dir).find((r) => r.year === year);
  if (!hit) {
    const have =
      listRuleFiles(dir)
        .map((r) => r.year)
        .join(', ') || 'none';
    throw new RuleError(
      join(dir, `ffu-${year}.yaml`),
      undefined,
      undefined,
      `no rule file for ${year} (available: ${have}); add rules/ffu-${year}.yaml or pass --rules FILE`,
    );
  }
  const rules = loadRuleFile(hit.file);
  if (rules.year !== year) throw new RuleError(hit.file, undefined, 'year', `file is named for ${year} but says year ${rules.year}`);
  return rules;
}

/** Apply `--set NAME=VALUE` overrides; the result records each one. */
export function applySets(rules: RuleSet, sets: readonly string[]): RuleSet {
  if (sets.length === 0) return rules;
  const params = new Map(rules.params);
  const overrides = [...rules.overrides];
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new RuleError('--set', undefined, undefined, `expected NAME=VALUE, got '${s}'`);
    const name = s.slice(0, eq).trim();
    const raw = s.slice(eq + 1).trim();
    const spec = CATALOG[name];
    if (!spec || !isKnownParam(name)) throw new RuleError('--set', undefined, name, unknownParameter(name));
    let value: ParamValue;
    try {
      value = parseParamValue(spec, raw);
    } catch (e) {
      throw new RuleError('--set', undefined, name, (e as Error).message);
    }
    const prev = params.get(name);
    params.set(name, {
      name,
      kind: spec.kind,
      value,
      unit: spec.unit,
      source: `--set on the command line (what-if)`,
      status: 'assumed',
      origin: { kind: 'set' },
    });
    overrides.push({
      name,
      raw,
      previous: prev ? renderValue(prev.value) : '(not set)',
      origin: { kind: 'set' },
      source: '--set on the command line (what-if)',
      status: 'assumed',
    });
  }
  const first = checkParamSet(params, '--set')[0];
  if (first) throw new RuleError('--set', undefined, first.path, first.problem);
  return { ...rules, params, overrides };
}

/** Names of the assumed parameters among `names`, sorted. */
export function assumedAmong(rules: RuleSet, names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const n of names) if (rules.params.get(n)?.status === 'assumed') out.add(n);
  return [...out].sort();
}

/** The header of a rule file, for the editor schema (schemas/rules.schema.json). */
export { header as ruleFileHeader };
