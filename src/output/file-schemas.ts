/**
 * Schemas of the YAML files a user writes, for editors (yaml-language-server): rule files,
 * scenarios and format profiles. Built from what the loaders use: the zod headers of rule and
 * scenario files, the parameter catalogue (names, kinds, units, descriptions) and the zod schema
 * of a format profile. The loaders stay the judges (they name file, line and parameter); a test
 * validates every bundled file against these, so the two cannot drift apart unnoticed.
 */
import { z } from 'zod';
import { profileFileSchema } from '../input/profile.js';
import { CATALOG, type ParamSpec } from '../rules/catalog.js';
import { ruleFileHeader } from '../rules/load.js';
import { scenarioFileHeader } from '../rules/scenario.js';
import { JSON_DOCUMENTS, toJsonSchema } from './json-schemas.js';

/** A decimal as the loaders read it: a YAML number or its text, never negative. */
const decimal = z.union([z.number().min(0), z.string().regex(/^\s*\d+(\.\d+)?\s*$/)]);

function valueSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'amount':
    case 'quantity':
    case 'weight':
      return decimal;
    case 'rate':
      return z.union([z.number().min(0).max(1), z.string().regex(/^\s*(0(\.\d+)?|1(\.0+)?)\s*$/)]);
    case 'code':
      return spec.pattern ? z.union([z.string().regex(spec.pattern.re), z.int().min(0)]) : z.union([z.string().min(1), z.number()]);
    case 'codes':
      return z.array(spec.vocabulary ? z.enum(spec.vocabulary as [string, ...string[]]) : z.string().min(1));
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]);
    case 'tiers':
      return z.array(z.strictObject({ min_focus_share: decimal, visit_requirement_per_fte: decimal, visit_deduction_per_visit: decimal })).min(1);
    case 'age_weights':
      return z
        .array(
          z.strictObject({
            sex: z.enum(['female', 'male']),
            age_from: z.int().min(0).max(999),
            age_to: z.union([z.int().min(0).max(999), z.literal('')]).describe('empty: the open last band'),
            weight: decimal,
          }),
        )
        .min(1)
        .describe('per sex, bands from age 0 without gap or overlap, the last one open');
    case 'named_amounts':
      return z.record(z.string().min(1), decimal).describe('a municipality as written in the register → a decimal');
  }
}

function leaf(spec: ParamSpec): z.ZodType {
  return z
    .strictObject({
      value: valueSchema(spec),
      unit: z.literal(spec.unit),
      source: z.string().min(1).describe('the document and section the value comes from'),
      status: z.enum(['confirmed', 'assumed']).describe('confirmed: stated in a source; assumed: a working assumption to be confirmed'),
      note: z.string().optional(),
    })
    .describe(spec.description);
}

interface Tree {
  [key: string]: Tree | ParamSpec;
}

/**
 * The `parameters:` mapping: groups nested by the dotted names of the catalogue. In a rule file
 * the required parameters are required (except those another one may replace); in a scenario
 * every parameter is optional.
 */
function parametersSchema(requireRequired: boolean): z.ZodType {
  const root: Tree = {};
  for (const [name, spec] of Object.entries(CATALOG)) {
    const parts = name.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      node[p] ??= {};
      node = node[p] as Tree;
    }
    node[parts.at(-1)!] = spec;
  }
  const isSpec = (x: Tree | ParamSpec): x is ParamSpec => typeof (x as ParamSpec).kind === 'string';
  const required = (x: Tree | ParamSpec): boolean => requireRequired && (isSpec(x) ? x.required && !x.requiredUnless : Object.values(x).some(required));
  const build = (t: Tree): z.ZodType =>
    z.strictObject(
      Object.fromEntries(
        Object.entries(t).map(([k, v]) => {
          const s = isSpec(v) ? leaf(v) : build(v);
          return [k, required(v) ? s : s.optional()];
        }),
      ),
    );
  return build(root);
}

const ruleFile = ruleFileHeader.extend({ parameters: parametersSchema(true) }).meta({
  $id: 'urn:vardval:schema:rules',
  title: 'vardval rule file (rules/ffu-YYYY.yaml)',
  description:
    'The parameters of one FFU year. Every parameter has a value, its unit, a source and a status. `vardval rules validate FILE` checks what a schema cannot (tiers, parameters that need each other).',
});
const scenarioFile = scenarioFileHeader.extend({ parameters: parametersSchema(false) }).meta({
  $id: 'urn:vardval:schema:scenario',
  title: 'vardval scenario file (rules/scenarios/*.yaml)',
  description: 'A named overlay of parameters on a year’s rules (a proposal, a what-if), with its description and source.',
});
const profileFile = profileFileSchema.meta({
  $id: 'urn:vardval:schema:format-profile',
  title: 'vardval format profile (rules/formats/*.yaml)',
  description: 'The columns, codes, delimiter, encoding, date and decimal formats of one kind of export.',
});

/** schemas/<name>.schema.json → the zod schema of a YAML file a user writes. */
const YAML_DOCUMENTS = { rules: ruleFile, scenario: scenarioFile, 'format-profile': profileFile } as const;

/** Every file of schemas/ (name → text) as `npm run schemas` writes it. */
export function schemaFiles(): Record<string, string> {
  const text = (schema: Record<string, unknown>): string => `${JSON.stringify(schema, null, 2)}\n`;
  return Object.fromEntries([
    ...Object.entries(JSON_DOCUMENTS).map(([name, s]) => [`${name}.schema.json`, text(toJsonSchema(s, 'output'))]),
    ...Object.entries(YAML_DOCUMENTS).map(([name, s]) => [`${name}.schema.json`, text(toJsonSchema(s, 'input'))]),
  ]);
}
