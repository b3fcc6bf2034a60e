import { Command, Option } from 'commander';
import { CONFIG_KEYS, loadSettings } from '../app/config.js';
import { toolVersion } from './common.js';

export function configCommand(): Command {
  return new Command('config')
    .summary('the effective settings (config file, environment, defaults) and where each comes from')
    .description(
      'Shows, for every key a config file may set, the value the commands will use unless an option on the command line ' +
        'says otherwise, and where it comes from: environment (VARDVAL_<KEY>), config (FILE:LINE) or default. ' +
        'The config file is --config FILE, VARDVAL_CONFIG, or the first vardval.config.yaml in the working directory or its parents.',
    )
    .addOption(new Option('--format <FORMAT>', 'stdout: a table or JSON').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  vardval config\n  vardval --config team.config.yaml config --format json')
    .action(async function (this: Command, o: { format: 'table' | 'json' }) {
      const configFile = (this.parent?.opts() as { config?: string } | undefined)?.config;
      const settings = await loadSettings(configFile ? { configFile } : {});
      // the report module (and the rule loader behind it) only for a run, not for `config --help`
      const { displayPath } = await import('../output/report.js');
      const shown = (v: unknown): string =>
        Array.isArray(v) ? v.map((x) => displayPath(String(x))).join(', ') : typeof v === 'string' && v.startsWith('/') ? displayPath(v) : String(v);
      const rows = CONFIG_KEYS.map((k) => {
        const s = settings.values.get(k.key);
        return {
          key: k.key,
          value: s ? s.value : k.builtIn === '' ? null : k.builtIn,
          source: s ? s.source : 'default',
          origin: s ? (s.source === 'config' ? displayPath(s.origin) : s.origin) : null,
          env: k.env ?? null,
          description: k.description,
        };
      });
      if (o.format === 'json') {
        process.stdout.write(
          `${JSON.stringify({ tool: toolVersion(), config_file: settings.file ? displayPath(settings.file) : null, settings: rows }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write(
        settings.file ? `config file: ${displayPath(settings.file)}\n` : `config file: none (no ${'vardval.config.yaml'} in ${process.cwd()} or its parents)\n`,
      );
      const cells = rows.map((r) => [r.key, r.value === null ? '' : shown(r.value), r.origin ? `${r.source} ${r.origin}` : r.source, r.env ?? '']);
      const header = ['key', 'value', 'from', 'environment variable'];
      const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
      const line = (c: string[]): string =>
        c
          .map((x, i) => x.padEnd(widths[i]!))
          .join('  ')
          .trimEnd();
      process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`);
      process.stdout.write('An option on the command line overrides all of these.\n');
    });
}
