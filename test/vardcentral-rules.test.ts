/**
 * The vårdcentral rules: the age/sex weight table is validated (every age once per sex), and
 * the model's invariants hold for any listing (property tests with fast-check): the payment
 * lines of a month add up to its net, and the age points are the persons × their weights.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ZERO, sum } from '../src/model/decimal.js';
import { MAX_AGE, SnapshotCounts } from '../src/model/listing.js';
import type { RunInputs } from '../src/model/model.js';
import { computeVardcentralUnit } from '../src/model/vardcentral.js';
import type { Clinic } from '../src/model/types.js';
import { loadRulesForYear } from '../src/rules/load.js';
import { ParamReader } from '../src/rules/ruleset.js';
import { ROOT, cli, tmp } from './helpers.js';

const RULES_2026 = readFileSync(join(ROOT, 'rules', 'ffu-2026.yaml'), 'utf8');

/** The 2026 rules with the female rows of the weight table replaced. */
function withFemaleBands(rows: string[]): string {
  const lines = RULES_2026.split('\n').filter((l) => !/^\s+- \{sex: female,/.test(l));
  const at = lines.findIndex((l) => /^\s+- \{sex: male,/.test(l));
  const indent = lines[at]!.match(/^\s+/)![0];
  lines.splice(at, 0, ...rows.map((r) => `${indent}- {sex: female, ${r}}`));
  return lines.join('\n');
}

function validate(text: string): { code: number; out: string } {
  const dir = tmp('vardval-vc-rules-');
  const file = join(dir, 'ffu-2026.yaml');
  writeFileSync(file, text);
  const r = cli(['rules', 'validate', file]);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('vardcentral.age_point_weights covers every age once per sex', () => {
  it('the bundled tables are valid', () => {
    expect(validate(RULES_2026).code).toBe(0);
  });
  it('a gap between bands is an error naming the ages', () => {
    const r = validate(withFemaleBands(['age_from: 0, age_to: 4, weight: 1', "age_from: 6, age_to: '', weight: 1"]));
    expect(r.code).toBe(1); // rules validate: a check failed
    expect(r.out).toContain('vardcentral.age_point_weights: female: ages 5–5 have no weight (a gap between bands)');
  });
  it('overlapping bands are an error', () => {
    const r = validate(withFemaleBands(['age_from: 0, age_to: 10, weight: 1', "age_from: 10, age_to: '', weight: 1"]));
    expect(r.code).toBe(1); // rules validate: a check failed
    expect(r.out).toContain('female: age 10 has two weights (bands overlap)');
  });
  it('no open last band is an error', () => {
    const r = validate(withFemaleBands(['age_from: 0, age_to: 99, weight: 1']));
    expect(r.code).toBe(1); // rules validate: a check failed
    expect(r.out).toContain('female: the last band must be open (age_to empty), so every age from 100 up has a weight');
  });
  it('a table without one sex is an error', () => {
    const r = validate(withFemaleBands([]));
    expect(r.code).toBe(1); // rules validate: a check failed
    expect(r.out).toContain('no rows for female: every age needs a weight per sex');
  });
});

describe('the vårdcentral model on any listing (property)', () => {
  const rules = loadRulesForYear(2026);
  const unit = (regi: 'privat' | 'egen', municipality: string, km: string | null): Clinic => ({
    id: 'U',
    name: 'U',
    vardval: 'vardcentral',
    regi,
    municipality,
    kmFromTown: km === null ? null : new Decimal(km),
    established: '2026-03-01',
    firstContractYear: null,
    periods: [{ validFrom: '2020-01-01', validTo: null, fte: ZERO, specialists: ZERO, additionalAssignments: ZERO, line: 2 }],
  });
  const person = fc.record({ male: fc.boolean(), age: fc.integer({ min: 0, max: MAX_AGE }) });

  it('the lines of every month add up to its net; age points = Σ persons × weight; each amount in whole öre', () => {
    fc.assert(
      fc.property(
        fc.array(person, { maxLength: 60 }),
        fc.constantFrom<'privat' | 'egen'>('privat', 'egen'),
        fc.constantFrom('Karlstad', 'Torsby', 'Årjäng'),
        fc.option(fc.integer({ min: 0, max: 80 }).map(String), { nil: null }),
        fc.integer({ min: 0, max: 300 }).map((n) => new Decimal(n).dividedBy(100)),
        (persons, regi, municipality, km, cni) => {
          const counts = new SnapshotCounts('2026-05-31');
          for (const p of persons) counts.add(p.male ? 'male' : 'female', p.age);
          const inputs: RunInputs = {
            byKind: new Map<never, ReadonlyMap<string, unknown>>([
              ['listing' as never, new Map([['U', new Map([['2026-05', counts]])]])],
              ['cni' as never, new Map([['U', [{ validFrom: '2026-01-01', validTo: null, cni, kommunmottagna: null, line: 2 }]]])],
            ]),
            listingMonths: new Set(['2026-05']),
          };
          const r = computeVardcentralUnit(unit(regi, municipality, km), inputs, { year: 2026, fromMonth: 5, toMonth: 5 }, new ParamReader(rules));
          const weights = new ParamReader(rules).ageWeights('vardcentral.age_point_weights');
          const expectedPoints = sum(persons.map((p) => weights.weightOf(p.male ? 'male' : 'female', p.age)));
          const month = r.months[0]!;
          expect(month.values.age_points!.equals(expectedPoints)).toBe(true);
          expect(sum(r.lines.map((l) => l.amount)).equals(month.values.net_payment!)).toBe(true);
          for (const l of r.lines) expect(l.amount.decimalPlaces()).toBeLessThanOrEqual(2);
          if (regi === 'egen') expect(r.lines.some((l) => l.component === 'sal' || l.component === 'vat_compensation')).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
