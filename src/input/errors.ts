/** An input problem that stops the run (exit 2). Never carries a patient id. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${column ? ` (column '${column}')` : ''}: ${problem}`);
    this.name = 'InputError';
  }
}
