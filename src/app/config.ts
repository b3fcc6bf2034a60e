import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Loader } from 'lilconfig';
import type * as Yaml from 'yaml';
import { InputError } from '../input/errors.js';
import { didYouMean } from '../util/did-you-mean.js';

/**
 * The defaults an analyst would otherwise retype on every command, from `vardval.config.yaml`
 * (the working directory or its parents, or `--config FILE` / VARDVAL_CONFIG) and from the
 * environment (VARDVAL_<KEY>). A value's precedence: option > environment > config file >
 * built-in default; the command layer applies these to the options a command has.
 */
const CONFIG_FILE_NAMES = ['vardval.config.yaml', 'vardval.config.yml'];

type Kind = 'path' | 'paths' | 'text' | 'texts' | 'year' | 'boolean' | 'choice' | 'format-profile' | 'scenarios';

export interface ConfigKey {
  /** the long option name (`csv-dialect` for --csv-dialect); `inputs` is the files argument */
  key: string;
  kind: Kind;
  choices?: readonly string[];
  /** the environment variable that sets it (lists have none: one value per variable is clearer) */
  env?: string;
  /** the built-in default, as `vardval config` shows it ('' = none) */
  builtIn: string;
  /** commands that have an option of this name but must not take it from the config (check --out writes extra files) */
  notFor?: readonly string[];
  description: string;
}

const env = (key: string): string => `VARDVAL_${key.toUpperCase().replace(/-/g, '_')}`;

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { key: 'inputs', kind: 'paths', builtIn: '', description: 'input files, directories or patterns when a command is given none' },
  { key: 'clinics', kind: 'path', env: env('clinics'), builtIn: '', description: 'the clinic register' },
  { key: 'out', kind: 'path', env: env('out'), builtIn: 'out', notFor: ['check'], description: 'output directory (payout and report write their file in it)' },
  {
    key: 'csv-dialect',
    kind: 'choice',
    choices: ['machine', 'excel-sv'],
    env: env('csv-dialect'),
    builtIn: 'machine',
    description: 'CSV dialect of the written files',
  },
  { key: 'locale', kind: 'choice', choices: ['en', 'sv'], env: env('locale'), builtIn: 'en', description: 'amounts in summary tables and messages' },
  { key: 'year', kind: 'year', env: env('year'), builtIn: '', description: 'FFU year (payout: the activity month decides)' },
  { key: 'rules', kind: 'path', env: env('rules'), builtIn: '', description: 'a rule file instead of the bundled one for --year' },
  { key: 'scenario', kind: 'scenarios', builtIn: '', description: 'scenario files or bundled scenario ids, applied in order' },
  { key: 'set', kind: 'texts', builtIn: '', description: 'parameter overrides NAME=VALUE' },
  { key: 'input-format', kind: 'format-profile', env: env('input-format'), builtIn: '', description: 'force a format profile (name or file)' },
  { key: 'ack-file', kind: 'path', env: env('ack-file'), builtIn: '', description: 'acknowledged clinic-months without activity (CSV)' },
  { key: 'ack', kind: 'texts', builtIn: '', description: 'acknowledgements CLINIC:YYYY-MM:REASON' },
  { key: 'strict', kind: 'boolean', env: env('strict'), builtIn: 'false (payout: true)', description: 'stop at the first rejected row' },
  { key: 'baseline', kind: 'path', env: env('baseline'), builtIn: '', description: 'check: the stored baseline' },
  { key: 'tolerance', kind: 'text', env: env('tolerance'), builtIn: '0', description: 'check: money tolerance in kronor' },
  { key: 'ignore-column', kind: 'texts', builtIn: '', description: 'check: columns not compared' },
  { key: 'threads', kind: 'text', env: env('threads'), builtIn: "the machine's cores", description: 'threads to read a large visit export on' },
  { key: 'quiet', kind: 'boolean', env: env('quiet'), builtIn: 'false', description: 'no progress or notes on stderr' },
];

const CONFIG_ENV = 'VARDVAL_CONFIG';

type SettingValue = string | boolean | number | string[];

interface Setting {
  key: string;
  value: SettingValue;
  source: 'environment' | 'config';
  /** VARDVAL_X, or FILE:LINE */
  origin: string;
}

export interface Settings {
  /** the config file read, or null */
  file: string | null;
  values: ReadonlyMap<string, Setting>;
}

interface Parsed {
  data: unknown;
  lines: Map<string, number>;
}

/** Reads a config file; lilconfig and yaml are imported when a run reads the config, not for `--help` (which lists CONFIG_KEYS). */
function yamlLoader({ LineCounter, isMap, isScalar, parseDocument }: typeof Yaml): Loader {
  return (file, content): Parsed => {
    const lc = new LineCounter();
    const doc = parseDocument(content, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
    const err = doc.errors[0];
    if (err) throw new InputError(file, `not valid YAML: ${err.message.split('\n')[0]}`, lc.linePos(err.pos[0]).line);
    const lines = new Map<string, number>();
    if (isMap(doc.contents))
      for (const item of doc.contents.items) if (isScalar(item.key) && item.key.range) lines.set(String(item.key.value), lc.linePos(item.key.range[0]).line);
    return { data: doc.toJSON() as unknown, lines };
  };
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };

/** One value from the config file (typed YAML) or the environment (a string), checked and made absolute. */
function convert(spec: ConfigKey, raw: unknown, where: { file: string; line?: number; base: string }): SettingValue {
  const bad = (expected: string): never => {
    throw new InputError(where.file, `${spec.key}: expected ${expected}, got ${JSON.stringify(raw)}`, where.line);
  };
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(where.base, p));
  const scalar = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : bad('a text value'));
  const list = (): string[] => (Array.isArray(raw) ? raw.map(scalar) : typeof raw === 'string' ? [raw] : bad('a list of texts'));
  switch (spec.kind) {
    case 'path':
      return abs(scalar(raw));
    case 'paths':
      return list().map(abs);
    case 'text':
      return scalar(raw);
    case 'texts':
      return list();
    case 'scenarios':
      // a path if it names a file there, else a bundled scenario's id
      return list().map((s) => (existsSync(abs(s)) ? abs(s) : s));
    case 'format-profile': {
      const s = scalar(raw);
      return /[/\\]|\.ya?ml$/.test(s) ? abs(s) : s;
    }
    case 'year': {
      const s = scalar(raw);
      return /^\d{4}$/.test(s) ? Number(s) : bad('a year like 2026');
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const b = BOOLEAN_WORDS[String(raw).trim().toLowerCase()];
      return b === undefined ? bad('true or false') : b;
    }
    case 'choice': {
      const s = scalar(raw);
      return spec.choices!.includes(s) ? s : bad(`one of ${spec.choices!.join(', ')}${didYouMean(s, spec.choices!)}`);
    }
  }
}

async function readConfigFile(explicit: string | undefined, cwd: string): Promise<{ file: string; parsed: Parsed } | null> {
  const [{ lilconfig }, yaml] = await Promise.all([import('lilconfig'), import('yaml')]);
  const loader = yamlLoader(yaml);
  const explorer = lilconfig('vardval', {
    searchPlaces: CONFIG_FILE_NAMES,
    loaders: { '.yaml': loader, '.yml': loader },
    stopDir: '/',
  });
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new InputError(explicit, 'no such config file');
    const r = await explorer.load(file);
    return r ? { file, parsed: r.config as Parsed } : null;
  }
  const r = await explorer.search(cwd);
  return r && !r.isEmpty ? { file: r.filepath, parsed: r.config as Parsed } : null;
}

/**
 * The settings from the environment and the config file: `--config FILE` (or VARDVAL_CONFIG),
 * else the first vardval.config.yaml in `cwd` or its parents. Unknown keys, values of the wrong
 * kind and bad YAML are usage errors naming the file, line and key.
 */
export async function loadSettings(o: { configFile?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Settings> {
  const cwd = o.cwd ?? process.cwd();
  const environment = o.env ?? process.env;
  const explicit = o.configFile ?? (environment[CONFIG_ENV] || undefined);
  const found = await readConfigFile(explicit, cwd);
  const values = new Map<string, Setting>();
  const byKey = new Map(CONFIG_KEYS.map((k) => [k.key, k]));
  if (found) {
    const { file, parsed } = found;
    const data = parsed.data;
    if (data !== null && (typeof data !== 'object' || Array.isArray(data)))
      throw new InputError(file, 'a config file is a mapping of option names to values (clinics: register/clinics.csv)', 1);
    for (const [key, raw] of Object.entries((data ?? {}) as Record<string, unknown>)) {
      const line = parsed.lines.get(key);
      const spec = byKey.get(key) ?? byKey.get(key.replace(/^--/, ''));
      if (!spec)
        throw new InputError(
          file,
          `unknown key '${key}'${didYouMean(key, byKey.keys())}; the keys are the long option names: ${[...byKey.keys()].join(', ')}`,
          line,
        );
      if (raw === null || raw === undefined) continue;
      values.set(spec.key, {
        key: spec.key,
        value: convert(spec, raw, { file, ...(line ? { line } : {}), base: dirname(file) }),
        source: 'config',
        origin: line ? `${file}:${line}` : file,
      });
    }
  }
  for (const spec of CONFIG_KEYS) {
    const raw = spec.env ? environment[spec.env] : undefined;
    if (raw === undefined || raw === '') continue;
    values.set(spec.key, { key: spec.key, value: convert(spec, raw, { file: spec.env!, base: cwd }), source: 'environment', origin: spec.env! });
  }
  return { file: found?.file ?? null, values };
}
