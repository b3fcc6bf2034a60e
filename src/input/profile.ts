import { join } from 'node:path';
import { isMap } from 'yaml';
import { z } from 'zod';
import { filesIn } from '../util/glob.js';
import { CONTACT_STATUSES, CONTACT_TYPES, PROFESSIONS, type ContactStatus, type ContactType } from '../rules/catalog.js';
import { RULES_DIR, lineOf, readYaml } from '../rules/load.js';
import { INPUT_KINDS, type InputKind } from '../model/model.js';
import { RuleError } from '../rules/ruleset.js';

/** Canonical fields of a contact row; a profile maps each to a header of its export. */
export const CANONICAL_FIELDS = [
  'period',
  'clinic_id',
  'clinic_name',
  'contact_id',
  'date',
  'contact_type',
  'status',
  'profession',
  'patient_id',
  'county',
  'fee',
  'diagnosis',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/**
 * Canonical fields of the vårdcentral inputs (VARDCENTRAL.md §12): listing snapshots, the CNI
 * table, requisition-drug costs and adjustments. Like the contact fields, a profile maps each to
 * a header of its file.
 */
const VC_FIELDS = [
  'snapshot_date',
  'listing_type',
  'municipality_code',
  'valid_from',
  'valid_to',
  'population',
  'cni',
  'kommunmottagna',
  'month',
  'drug_group',
  'amount',
  'payment_month',
  'code',
  'vat',
  'note',
] as const;
type VcField = (typeof VC_FIELDS)[number];
export type ProfileField = CanonicalField | VcField;
const ALL_FIELDS = [...CANONICAL_FIELDS, ...VC_FIELDS] as const;

/** Fields a profile of each input kind must map (a file lacking one is an error naming the column). */
const REQUIRED_BY_KIND: Readonly<Record<InputKind, readonly ProfileField[]>> = {
  visits: ['clinic_id', 'contact_id', 'date', 'contact_type', 'status', 'profession', 'patient_id', 'county', 'fee'],
  listing: ['snapshot_date', 'clinic_id', 'patient_id'],
  cni: ['clinic_id', 'valid_from', 'cni'],
  requisition_drugs: ['clinic_id', 'month', 'drug_group', 'amount'],
  adjustments: ['clinic_id', 'payment_month', 'code', 'amount'],
};

/**
 * What a record may be: whether a quoted field may span lines (a machine export writes none, so
 * a quote left open there is broken quoting, never a field going on) and the longest line and
 * field. Data in the profile, so a reader of another core (byte-level) carries them over as they are.
 */
export interface ReadingLimits {
  multilineFields: boolean;
  /** characters in one line; a longer line is rejected without being held in memory */
  maxRecordChars: number;
  /** characters in one field; a longer field rejects its row */
  maxFieldChars: number;
}

/** Far above any real row (a Cosmic row is about 150 characters), low enough to bound memory and time. */
export const DEFAULT_READING: ReadingLimits = { multilineFields: true, maxRecordChars: 100_000, maxFieldChars: 10_000 };

const ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface FormatProfile {
  id: string;
  /** which kind of input the profile reads (default visits) */
  kind: InputKind;
  description: string;
  file: string;
  source: string;
  status: 'confirmed' | 'assumed';
  encoding: Encoding;
  delimiter: string;
  quote: string;
  decimalMark: ',' | '.';
  dateFormat: 'YYYY-MM-DD' | 'YYYYMMDD';
  /** canonical field → header text */
  columns: Partial<Record<ProfileField, string>>;
  optional: ProfileField[];
  /** how the reader bounds and splits records (profile keys multiline_fields and limits) */
  reading: ReadingLimits;
  codes: {
    contactType: Record<string, ContactType>;
    status: Record<string, ContactStatus>;
    profession: Record<string, string>;
    /** listing: Aktiv/Passiv → active/passive */
    listingType: Record<string, 'active' | 'passive'>;
    /** adjustments: ja/nej → yes/no */
    yesNo: Record<string, 'yes' | 'no'>;
  };
}

const schema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    kind: z.enum(INPUT_KINDS).default('visits'),
    description: z.string().min(1),
    source: z.string().min(1),
    status: z.enum(['confirmed', 'assumed']),
    encoding: z.enum(ENCODINGS),
    delimiter: z.string().length(1, 'delimiter is one character'),
    quote: z.string().length(1, 'quote is one character'),
    decimal_mark: z.enum([',', '.']),
    date_format: z.enum(['YYYY-MM-DD', 'YYYYMMDD']),
    columns: z.partialRecord(z.enum(ALL_FIELDS), z.string().min(1)),
    optional: z.array(z.enum(ALL_FIELDS)).default([]),
    multiline_fields: z.boolean().default(DEFAULT_READING.multilineFields),
    limits: z
      .object({
        max_record_chars: z.number().int().min(100).max(10_000_000).default(DEFAULT_READING.maxRecordChars),
        max_field_chars: z.number().int().min(10).max(10_000_000).default(DEFAULT_READING.maxFieldChars),
      })
      .strict()
      .default({ max_record_chars: DEFAULT_READING.maxRecordChars, max_field_chars: DEFAULT_READING.maxFieldChars }),
    codes: z
      .object({
        contact_type: z.record(z.string(), z.enum(CONTACT_TYPES)).default({}),
        status: z.record(z.string(), z.enum(CONTACT_STATUSES)).default({}),
        profession: z
          .record(z.string(), z.enum(PROFESSIONS, { error: `a canonical profession is one of ${PROFESSIONS.join(', ')} (src/rules/catalog.ts)` }))
          .default({}),
        listing_type: z.record(z.string(), z.enum(['active', 'passive'])).default({}),
        yes_no: z.record(z.string(), z.enum(['yes', 'no'])).default({}),
      })
      .strict()
      .default({ contact_type: {}, status: {}, profession: {}, listing_type: {}, yes_no: {} }),
  })
  .strict();

function nfcKeys<V>(rec: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k.normalize('NFC'), v]));
}

export function loadProfile(file: string): FormatProfile {
  const y = readYaml(file);
  const top = y.doc.contents;
  if (!top || !isMap(top)) throw new RuleError(file, 1, undefined, 'a format profile is a mapping');
  const r = schema.safeParse(y.doc.toJSON());
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String);
    let node: unknown = top;
    for (const k of path) if (isMap(node)) node = node.get(k, true) ?? node;
    const msg = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : issue.message;
    throw new RuleError(file, lineOf(y, node as never) ?? 1, path.join('.') || undefined, msg);
  }
  const d = r.data;
  if (d.kind === 'visits')
    for (const k of ['contact_type', 'status', 'profession'] as const)
      if (Object.keys(d.codes[k]).length === 0)
        throw new RuleError(file, lineOf(y, top.get('codes', true) as never) ?? 1, `codes.${k}`, 'a visits profile maps the code values of its file');
  for (const f of REQUIRED_BY_KIND[d.kind])
    if (!d.columns[f]) throw new RuleError(file, lineOf(y, top.get('columns', true) as never), `columns.${f}`, 'required field is not mapped to a column');
  return {
    id: d.id,
    kind: d.kind,
    description: d.description,
    file,
    source: d.source,
    status: d.status,
    encoding: d.encoding,
    delimiter: d.delimiter,
    quote: d.quote,
    decimalMark: d.decimal_mark,
    dateFormat: d.date_format,
    columns: d.columns,
    optional: d.optional,
    reading: { multilineFields: d.multiline_fields, maxRecordChars: d.limits.max_record_chars, maxFieldChars: d.limits.max_field_chars },
    // keys in NFC so that a code typed with combining accents still matches
    codes: {
      contactType: nfcKeys(d.codes.contact_type),
      status: nfcKeys(d.codes.status),
      profession: nfcKeys(d.codes.profession),
      listingType: nfcKeys(d.codes.listing_type),
      yesNo: nfcKeys(d.codes.yes_no),
    },
  };
}

export const FORMATS_DIR = join(RULES_DIR, 'formats');

export function listProfiles(dir = FORMATS_DIR): FormatProfile[] {
  return filesIn(dir, '*.{yaml,yml}').map(loadProfile);
}

/** `--input-format NAME|FILE`: a bundled profile by id, or a profile file. */
export function resolveProfile(nameOrFile: string): FormatProfile {
  if (/[\\/]|\.ya?ml$/.test(nameOrFile)) return loadProfile(nameOrFile);
  const hit = listProfiles().find((p) => p.id === nameOrFile);
  if (!hit)
    throw new RuleError(
      nameOrFile,
      undefined,
      undefined,
      `no format profile named '${nameOrFile}' (bundled: ${listProfiles()
        .map((p) => p.id)
        .join(', ')})`,
    );
  return hit;
}

/** The format profile file, for the editor schema (schemas/format-profile.schema.json). */
export { schema as profileFileSchema };
