import { Chalk, type ChalkInstance } from 'chalk';

/** Colour only on a terminal, never with NO_COLOR set (https://no-color.org). */
export function styleFor(stream: NodeJS.WriteStream): ChalkInstance {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return new Chalk({ level: stream.isTTY && !noColor ? 1 : 0 });
}
