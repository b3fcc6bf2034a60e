/**
 * One CSV record with quotes, parsed strictly so that broken quoting is found and located
 * (the reader splits quote-free lines itself and comes here only for lines with quotes).
 */

/**
 * Characters handed to parseRecord since the start: the fuzz test holds it to a multiple of the
 * input's size (reading stays linear however the quotes are broken); one addition per call.
 */
export const parseStats = { chars: 0 };

/** One record's text parsed, or where and why it cannot be. */
export type Parsed = { ok: true; fields: string[] } | { ok: false; open: boolean; field: number; problem: string };

/**
 * Parses one record (which may span lines inside quotes) in the RFC 4180 way: a field is
 * either unquoted, without quote characters, or quoted from its first to its last character,
 * with inner quotes doubled.
 */
export function parseRecord(text: string, delimiter: string, quote: string): Parsed {
  parseStats.chars += text.length;
  const fields: string[] = [];
  const q = quote.charCodeAt(0);
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === q) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const k = text.indexOf(quote, j);
        if (k === -1) return { ok: false, open: true, field: fields.length, problem: 'the quote that opens the field is never closed' };
        value += text.slice(j, k);
        if (text.charCodeAt(k + 1) === q) {
          value += quote;
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      fields.push(value);
      if (j === n) return { ok: true, fields };
      if (text[j] !== delimiter)
        return {
          ok: false,
          open: false,
          field: fields.length - 1,
          problem: `text after the closing quote (a quoted field must end at a delimiter or the end of the line; write an inner quote as ${quote}${quote})`,
        };
      i = j + 1;
      continue;
    }
    const k = text.indexOf(delimiter, i);
    const end = k === -1 ? n : k;
    const value = text.slice(i, end);
    if (value.includes(quote))
      return {
        ok: false,
        open: false,
        field: fields.length,
        problem: `a quote inside an unquoted field (quote the whole field and write an inner quote as ${quote}${quote})`,
      };
    if (value.includes('\n')) return { ok: false, open: false, field: fields.length, problem: 'the record breaks across lines outside quotes' };
    fields.push(value);
    if (k === -1) return { ok: true, fields };
    i = k + 1;
  }
}
