import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIV, cli, issue2Activity, readCsv, tmp } from './helpers.js';

/**
 * A team directory as an analyst keeps it: the register and exports beside the config file,
 * and a work directory two levels below it where the commands are typed.
 */
function team(config: string): { dir: string; work: string } {
  const { dir } = issue2Activity(2026);
  writeFileSync(join(dir, 'vardval.config.yaml'), config);
  const work = join(dir, 'analyses', 'march');
  mkdirSync(work, { recursive: true });
  return { dir, work };
}

const BASE = 'clinics: clinics.csv\ninputs: [exports]\nyear: 2026\n';

describe('vardval.config.yaml', () => {
  it('is found in a parent directory; its relative paths are relative to the file; inputs are the default files', () => {
    const { dir, work } = team(`${BASE}out: results\n`);
    const r = cli(['calc', '-q'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const pay = readCsv(readFileSync(join(dir, 'results', 'payment-basis.csv'), 'utf8'));
    // the worked private clinic of issue 2: net 851 399.42 over the year
    const net = pay.filter((p) => p.clinic_id === PRIV).reduce((s, p) => s + Math.round(Number(p.net_payment) * 100), 0);
    expect(net).toBe(85_139_942);
    expect(existsSync(join(work, 'out'))).toBe(false);
  });

  it('precedence: option > environment > config > default', () => {
    const { dir, work } = team(`${BASE}out: from-config\n`);
    const env = { VARDVAL_OUT: join(dir, 'from-env') };
    expect(cli(['calc', '-q', '--out', join(dir, 'from-option')], { cwd: work, env }).code).toBe(0);
    expect(existsSync(join(dir, 'from-option', 'payment-basis.csv'))).toBe(true);
    expect(existsSync(join(dir, 'from-env'))).toBe(false);
    expect(cli(['calc', '-q'], { cwd: work, env }).code).toBe(0);
    expect(existsSync(join(dir, 'from-env', 'payment-basis.csv'))).toBe(true);
    expect(existsSync(join(dir, 'from-config'))).toBe(false);
    expect(cli(['calc', '-q'], { cwd: work }).code).toBe(0);
    expect(existsSync(join(dir, 'from-config', 'payment-basis.csv'))).toBe(true);
    // and without a config file, the built-in default out/ of the working directory
    const bare = tmp();
    const { args } = issue2Activity(2026);
    expect(cli(['calc', '--year', '2026', '-q', ...args], { cwd: bare }).code).toBe(0);
    expect(existsSync(join(bare, 'out', 'payment-basis.csv'))).toBe(true);
  });

  it('vardval config shows each value and where it came from (table and JSON)', () => {
    const { dir, work } = team(`${BASE}locale: sv\ncsv-dialect: excel-sv\n`);
    const r = cli(['config', '--format', 'json'], { cwd: work, env: { VARDVAL_LOCALE: 'en' } });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.tool.name).toBe('vardval');
    expect(j.config_file).toBe(join(dir, 'vardval.config.yaml'));
    const by = Object.fromEntries(j.settings.map((s: { key: string }) => [s.key, s]));
    expect(by.locale).toMatchObject({ value: 'en', source: 'environment', origin: 'VARDVAL_LOCALE' });
    expect(by['csv-dialect']).toMatchObject({ value: 'excel-sv', source: 'config', origin: `${join(dir, 'vardval.config.yaml')}:5` });
    expect(by.clinics).toMatchObject({ value: join(dir, 'clinics.csv'), source: 'config' });
    expect(by.inputs.value).toEqual([join(dir, 'exports')]);
    expect(by.out).toMatchObject({ value: 'out', source: 'default' });
    const t = cli(['config'], { cwd: work });
    expect(t.stdout).toContain(`config file: ${join(dir, 'vardval.config.yaml')}`);
    expect(t.stdout).toMatch(/locale +sv +config .*vardval\.config\.yaml:4/);
  });

  it('--config FILE (anywhere on the line) and VARDVAL_CONFIG name another file; a list option on the command line replaces the configured list', () => {
    const { dir, work } = team(BASE);
    writeFileSync(join(dir, 'what-if.yaml'), `${BASE}set: ["physio.visit_deduction_per_visit=500"]\nout: what-if\n`);
    const one = cli(['calc', '--config', join(dir, 'what-if.yaml'), '-q', '--format', 'json'], { cwd: work });
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).rules.overrides.map((o: { name: string; value: string }) => `${o.name}=${o.value}`)).toEqual([
      'physio.visit_deduction_per_visit=500',
    ]);
    const two = cli(['--config', join(dir, 'what-if.yaml'), 'calc', '-q', '--format', 'json', '--set', 'physio.visit_deduction_per_visit=400'], { cwd: work });
    expect(JSON.parse(two.stdout).rules.overrides.map((o: { value: string }) => o.value)).toEqual(['400']);
    const env = cli(['config', '--format', 'json'], { cwd: tmp(), env: { VARDVAL_CONFIG: join(dir, 'what-if.yaml') } });
    expect(JSON.parse(env.stdout).config_file).toBe(join(dir, 'what-if.yaml'));
  });

  it('payout takes out as a directory and strict from the config, and its year from --month, not from the config', () => {
    const { dir, work } = team(`clinics: clinics.csv\ninputs: [exports]\nyear: 2025\nout: payouts\nstrict: false\n`);
    const r = cli(['payout', '--month', '2026-03'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'payouts', 'payout-2026-03.csv'))).toBe(true);
  });

  it('an unknown key is a usage error naming the file, line and key, with a suggestion', () => {
    const { dir, work } = team(`${BASE}csv_dialect: excel-sv\n`);
    const r = cli(['calc'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'vardval.config.yaml')}:4: unknown key 'csv_dialect' (did you mean csv-dialect?)`);
    // help still works with a broken config file
    expect(cli(['calc', '--help'], { cwd: work }).code).toBe(0);
  });

  it('a value of the wrong kind, bad YAML and a missing --config file are usage errors', () => {
    const { work } = team(`${BASE}locale: se\n`);
    const r = cli(['config'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vardval\.config\.yaml:4: locale: expected one of en, sv \(did you mean sv\?\), got "se"/);
    const y = team('clinics: [unclosed\n');
    expect(cli(['calc'], { cwd: y.work }).stderr).toMatch(/vardval\.config\.yaml:\d+: not valid YAML/);
    const m = cli(['--config', 'nope.yaml', 'calc'], { cwd: tmp() });
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('nope.yaml: no such config file');
  });
});
