import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YNode, type Document } from 'yaml';
import { z } from 'zod';
import { Decimal, parseDecimalLiteral } from '../model/decimal.js';
import { CATALOG, isKnownParam, type ParamSpec } from './catalog.js';
import { RuleError, renderValue, type Param, type ParamOrigin, type ParamValue, type RequirementTier, type RuleSet } from './ruleset.js';

/** The project root (where rules/ and fixtures/ live), found from this compiled file. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RULES_DIR = join(PROJECT_ROOT, 'rules');

/** A parsed YAML file with positions, shared by rule, scenario and profile loaders. */
export interface YamlFile {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  sha256: string;
}

export function readYaml(file: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RuleError(file, undefined, undefined, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? lines.linePos(first.pos[0]).line;
    const msg = first.code === 'DUPLICATE_KEY' ? 'duplicate key' : first.message.split('\n')[0]!;
    throw new RuleError(file, line, undefined, msg);
  }
  return { file, text, doc, lines, sha256: createHash('sha256').update(text).digest('hex') };
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

function zodProblem(err: z.ZodError): { key: string; message: string } {
  const issue = err.issues[0]!;
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return { key, message: `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  if (issue.code === 'invalid_type' && issue.input === undefined) return { key, message: `missing '${key}'` };
  return { key, message: issue.message };
}

/** Convert a parameter's value node to a typed value, or throw a message. */
export function parseParamValue(spec: ParamSpec, node: YNode | string): ParamValue {
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
      return t.trim();
    }
    case 'choice': {
      const t = asText(node)?.trim();
      if (!t || !spec.choices?.includes(t)) throw new Error(`expected one of ${spec.choices?.join(', ')}, got '${t ?? ''}'`);
      return t;
    }
    case 'codes': {
      if (typeof node === 'string') return node.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (!isSeq(node)) throw new Error('expected a list of codes');
      return node.items.map((it, i) => {
        const t = scalarText(it as YNode);
        if (t === null || t.trim() === '') throw new Error(`item ${i + 1}: expected a code value`);
        return t.trim();
      });
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
          if (!['min_focus_share', 'visit_requirement_per_fte', 'visit_deduction_per_visit'].includes(k))
            throw new Error(`tier ${i + 1}: unknown key '${k}'`);
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
  }
}

/**
 * Walks a `parameters:` mapping. A mapping with a `value` key is a parameter (leaf); any other
 * mapping is a group whose keys extend the dotted name.
 */
export function collectParams(y: YamlFile, root: YNode, origin: ParamOrigin['kind']): Map<string, Param> {
  const out = new Map<string, Param>();
  const walk = (node: YNode, prefix: string): void => {
    if (!isMap(node)) throw new RuleError(y.file, lineOf(y, node), prefix || 'parameters', 'expected a mapping of parameters');
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const name = prefix ? `${prefix}.${key}` : key;
      const child = pair.value as YNode | null;
      const line = lineOf(y, (pair.key as YNode) ?? child);
      if (!child || !isMap(child)) throw new RuleError(y.file, line, name, 'expected a parameter (value, unit, source, status) or a group of parameters');
      if (!child.has('value')) {
        walk(child, name);
        continue;
      }
      const spec = CATALOG[name];
      if (!spec) throw new RuleError(y.file, line, name, 'unknown parameter (not in the catalogue; see `vardval rules show`)');
      const meta = leafMeta.safeParse(child.toJSON());
      if (!meta.success) {
        const p = zodProblem(meta.error);
        const at = p.key ? (child.get(p.key.split('.')[0]!, true) as YNode | undefined) : undefined;
        throw new RuleError(y.file, lineOf(y, at) ?? line, name, p.message);
      }
      if (meta.data.unit !== spec.unit)
        throw new RuleError(y.file, lineOf(y, child.get('unit', true) as YNode), name, `wrong unit '${meta.data.unit}', expected '${spec.unit}'`);
      const valueNode = child.get('value', true) as YNode;
      let value: ParamValue;
      try {
        value = parseParamValue(spec, valueNode);
      } catch (e) {
        throw new RuleError(y.file, lineOf(y, valueNode) ?? line, name, (e as Error).message);
      }
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
    }
  };
  walk(root, '');
  return out;
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

export function loadRuleFile(file: string): RuleSet {
  const y = readYaml(file);
  const top = y.doc.contents;
  if (!top || !isMap(top)) throw new RuleError(file, 1, undefined, 'a rule file is a mapping with id, year, title, document, parameters');
  const h = header.safeParse(y.doc.toJSON());
  if (!h.success) {
    const p = zodProblem(h.error);
    throw new RuleError(file, lineOf(y, top.get(p.key, true) as YNode | undefined) ?? 1, p.key || undefined, p.message);
  }
  const params = collectParams(y, top.get('parameters', true) as YNode, 'file');
  for (const [name, spec] of Object.entries(CATALOG))
    if (spec.required && !params.has(name)) throw new RuleError(file, undefined, name, 'missing required parameter');
  return {
    id: h.data.id,
    year: h.data.year,
    title: h.data.title,
    document: h.data.document,
    file,
    sha256: y.sha256,
    params,
    overrides: [],
    scenarios: [],
  };
}

/** The FFU rule files in a directory (default: the bundled rules/), by year. */
export function listRuleFiles(dir = RULES_DIR): { year: number; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^ffu-\d{4}\.ya?ml$/.test(f))
    .map((f) => ({ year: Number(basename(f).slice(4, 8)), file: join(dir, f) }))
    .sort((a, b) => a.year - b.year);
}

export function loadRulesForYear(year: number, dir = RULES_DIR): RuleSet {
  const hit = listRuleFiles(dir).find((r) => r.year === year);
  if (!hit) {
    const have = listRuleFiles(dir).map((r) => r.year).join(', ') || 'none';
    throw new RuleError(join(dir, `ffu-${year}.yaml`), undefined, undefined, `no rule file for ${year} (available: ${have}); add rules/ffu-${year}.yaml or pass --rules FILE`);
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
    if (!spec || !isKnownParam(name)) throw new RuleError('--set', undefined, name, 'unknown parameter');
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
  return { ...rules, params, overrides };
}

/** Names of the assumed parameters among `names`, sorted. */
export function assumedAmong(rules: RuleSet, names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const n of names) if (rules.params.get(n)?.status === 'assumed') out.add(n);
  return [...out].sort();
}
