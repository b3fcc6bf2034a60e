/**
 * schemas/ is generated from the zod schemas (npm run schemas): the committed files are what the
 * generator writes, the YAML schemas for editors accept every bundled rule, scenario and profile
 * file and reject what the loaders reject, and the JSON documents' fields are the CSV columns.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listProfiles } from '../src/input/profile.js';
import { schemaFiles } from '../src/output/file-schemas.js';
import { calcResultJson, payoutJsonSchema } from '../src/output/json-schemas.js';
import { PAYMENT_COLUMNS } from '../src/output/report.js';
import { listRuleFiles } from '../src/rules/load.js';
import { listScenarioFiles } from '../src/rules/scenario.js';
import { ROOT, cli, tmp } from './helpers.js';

const SCHEMAS = join(ROOT, 'schemas');
const validator = (name: string) =>
  new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(SCHEMAS, `${name}.schema.json`), 'utf8')));
const yamlOf = (file: string): unknown => parse(readFileSync(file, 'utf8'));

describe('schemas/ is generated', () => {
  it('every committed schema is exactly what npm run schemas writes, and there is no other', () => {
    const files = schemaFiles();
    expect(readdirSync(SCHEMAS).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(SCHEMAS, name), 'utf8'), `${name}: run npm run schemas`).toBe(text);
  });
  it('the payout rows are the columns of payment-basis.csv, in order; each vårdval’s units carry its own figures', () => {
    expect(Object.keys(payoutJsonSchema.shape.rows.element.shape)).toEqual(PAYMENT_COLUMNS.map((c) => c.name));
    const calc = JSON.parse(schemaFiles()['calc-result.schema.json']!);
    const physio = calc.$defs.unit_fysioterapi.properties;
    expect(physio.visit_deduction).toEqual({ description: 'deduction for missing visits', $ref: '#/$defs/money' });
    expect(physio.listing).toBeUndefined();
    const vc = calc.$defs.unit_vardcentral.properties;
    expect(Object.keys(vc)).toContain('listing');
    expect(vc.visit_deduction).toBeUndefined();
    expect(Object.keys(calc.$defs.payment_vardcentral.properties)).toContain('age_sex_capitation');
  });
});

describe('the YAML schemas for editors', () => {
  const rules = validator('rules');
  const scenario = validator('scenario');
  const profile = validator('format-profile');
  const ok = (v: ReturnType<typeof validator>, file: string): void => {
    v(yamlOf(file));
    expect(v.errors ?? [], file).toEqual([]);
  };
  it('accept every bundled rule file, scenario and format profile', () => {
    const years = listRuleFiles();
    expect(years.length).toBeGreaterThan(3);
    for (const r of years) ok(rules, r.file);
    for (const f of listScenarioFiles()) ok(scenario, f);
    for (const p of listProfiles()) ok(profile, p.file);
  });
  it('reject what the loader rejects: a misspelt parameter, a wrong unit, a missing source, a required parameter left out, a rate above 1', () => {
    const base = yamlOf(join(ROOT, 'rules', 'ffu-2026.yaml')) as { parameters: { physio: Record<string, Record<string, unknown>> } };
    const broken = (f: (p: Record<string, Record<string, unknown>>) => void): boolean => {
      const doc = structuredClone(base);
      f(doc.parameters.physio);
      return rules(doc) as boolean;
    };
    expect(broken(() => {})).toBe(true);
    expect(
      broken((p) => {
        p.unqiue_patient_requirement_per_fte = p.unique_patient_requirement_per_fte!;
      }),
    ).toBe(false);
    expect(
      broken((p) => {
        p.visit_deduction_per_visit!.unit = 'SEK';
      }),
    ).toBe(false);
    expect(
      broken((p) => {
        delete p.visit_deduction_per_visit!.source;
      }),
    ).toBe(false);
    expect(
      broken((p) => {
        delete p.fixed_compensation_per_fte;
      }),
    ).toBe(false);
    expect(
      broken((p) => {
        p.visit_deduction_per_visit!.value = -1;
      }),
    ).toBe(false);
  });
  it('a scenario may give any one parameter; a profile needs its columns and codes', () => {
    expect(
      scenario({
        id: 'x',
        description: 'd',
        source: 's',
        parameters: { physio: { visit_deduction_per_visit: { value: 600, unit: 'SEK/visit', source: 's', status: 'assumed' } } },
      }),
    ).toBe(true);
    expect(scenario({ id: 'x', description: 'd', source: 's', parameters: { physio: { visit_deduction_per_visit: { value: 600 } } } })).toBe(false);
    const cosmic = yamlOf(join(ROOT, 'rules', 'formats', 'cosmic.yaml')) as Record<string, unknown>;
    expect(profile({ ...cosmic, delimiter: ';;' })).toBe(false);
    expect(profile({ ...cosmic, encodings: 'utf-8' })).toBe(false);
  });
});

describe('the zod schemas are the builders’ types and accept real output', () => {
  it('calc and payout JSON of the archived year parse', () => {
    const A = join(ROOT, 'fixtures', 'archive-2025');
    const args = ['--clinics', join(A, 'clinics.csv'), join(A, 'exports')];
    const calc = cli(['calc', '--year', '2025', '--out', tmp(), '--format', 'json', '-q', ...args]);
    expect(calc.code).toBe(0);
    expect(calcResultJson.safeParse(JSON.parse(calc.stdout)).error).toBeUndefined();
    const payout = cli(['payout', '--month', '2026-01', '--out', '-', '--format', 'json', '-q', ...args]);
    expect(payout.code).toBe(0);
    expect(payoutJsonSchema.safeParse(JSON.parse(payout.stdout)).error).toBeUndefined();
  });
});
