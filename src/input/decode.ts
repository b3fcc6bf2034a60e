import { closeSync, openSync, readSync } from 'node:fs';
import iconv from 'iconv-lite';
import { InputError } from './errors.js';
import type { Encoding } from './profile.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * A spreadsheet or archive given where a CSV file is expected, by its first bytes: 'an Excel
 * workbook (xlsx)' and the like, or undefined for anything else.
 */
export function containerKind(b: Uint8Array): string | undefined {
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'an Excel 97-2003 workbook (xls)';
  if (!(b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7))) return undefined;
  const head = Buffer.from(b.subarray(0, Math.min(b.length, 64 * 1024))).toString('latin1');
  if (head.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'an OpenDocument spreadsheet (ods)';
  if (head.includes('xl/') || head.includes('[Content_Types].xml')) return 'an Excel workbook (xlsx)';
  return 'a zip archive';
}

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === UTF8_BOM[0] && b[1] === UTF8_BOM[1] && b[2] === UTF8_BOM[2];
}

/**
 * The encoding to read a file in: a UTF-8 BOM always means UTF-8; a sample that is valid UTF-8
 * and has non-ASCII characters is UTF-8 (a single-byte file practically never is); otherwise the
 * profile's declared encoding.
 */
export function detectEncoding(sample: Uint8Array, declared: Encoding, sampleIsWholeFile: boolean): Encoding {
  if (hasUtf8Bom(sample)) return 'utf-8';
  if (declared === 'utf-8') return 'utf-8';
  let nonAscii = false;
  for (const b of sample)
    if (b >= 0x80) {
      nonAscii = true;
      break;
    }
  if (!nonAscii) return declared;
  // a multi-byte sequence cut at the end of the sample is not an error
  let end = sample.length;
  if (!sampleIsWholeFile) {
    let k = end - 1;
    while (k > 0 && end - k < 4 && (sample[k]! & 0xc0) === 0x80) k--;
    end = k;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    return declared;
  }
}

/** What iconv-lite makes of the five bytes Windows-1252 leaves undefined (81 8D 8F 90 9D); no defined byte decodes to it. */
const UNDEFINED_IN_CP1252 = /\uFFFD/;
/**
 * UTF-8 read as a single-byte encoding: Ã or Â followed by what a UTF-8 continuation byte
 * (0x80–0xBF) decodes to ('Ã¥' for 'å', 'Ã–' for 'Ö'). Swedish text never has these pairs, so
 * finding one means a file that mixes encodings, which would otherwise come out as mojibake.
 */
const UTF8_AS_SINGLE_BYTE =
  /[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;
/** ISO-8859-1 text has no C1 controls; finding them means the file is in another encoding. */
const C1_CONTROLS = /[\u0080-\u009f]/;

const CP1252_SUSPECT = new RegExp(`${UNDEFINED_IN_CP1252.source}|${UTF8_AS_SINGLE_BYTE.source}`);
const LATIN1_SUSPECT = new RegExp(`${C1_CONTROLS.source}|${UTF8_AS_SINGLE_BYTE.source}`);

/**
 * Whether single-byte text needs no closer look: no byte 0x80–0x9F, and no 0xC2 or 0xC3
 * followed by 0xA0–0xBF (the first two bytes of a UTF-8 'å'-like sequence). Four bytes at a time
 * where the chunk allows: most of them are ASCII.
 */
export function plainSingleBytes(b: Uint8Array): boolean {
  const n = b.length;
  let k = 0;
  if (b.byteOffset % 4 === 0) {
    const words = new Uint32Array(b.buffer, b.byteOffset, n >>> 2);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if ((w & 0x80808080) === 0) continue;
      // a byte 0x80–0x9F (top three bits 100) or 0xC2/0xC3 in the word? A zero byte of each xor
      // tells (å ä ö, 0xE4–0xF6, pass); only such a word is looked at byte by byte
      const c1 = (w & 0xe0e0e0e0) ^ 0x80808080;
      const c2 = (w & 0xfefefefe) ^ 0xc2c2c2c2;
      if (((c1 - 0x01010101) & ~c1 & 0x80808080) === 0 && ((c2 - 0x01010101) & ~c2 & 0x80808080) === 0) continue;
      for (let j = i * 4; j < i * 4 + 4; j++) if (closerLook(b, j, n)) return false;
    }
    k = words.length * 4;
  }
  for (; k < n; k++) if (closerLook(b, k, n)) return false;
  return true;
}

function closerLook(b: Uint8Array, k: number, n: number): boolean {
  const c = b[k]!;
  if (c < 0x80) return false;
  if (c < 0xa0) return true;
  return (c === 0xc2 || c === 0xc3) && k + 1 < n && b[k + 1]! >= 0xa0 && b[k + 1]! < 0xc0;
}

/** Line breaks in bytes from..to of a file (0x0A is a line break in every encoding read here). */
function newlinesBetween(file: string, from: number, to: number): number {
  if (to <= from) return 0;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(to - from, 1 << 20));
    let n = 0;
    for (let pos = from; pos < to; ) {
      const got = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
      if (got <= 0) break;
      for (let i = buf.indexOf(10, 0); i !== -1 && i < got; i = buf.indexOf(10, i + 1)) n++;
      pos += got;
    }
    return n;
  } finally {
    closeSync(fd);
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Turns the chunks of a file, in order, into text (see decoder). */
export interface ChunkDecoder {
  /** The text of the next chunk (a multi-byte character cut at its end is held for the next), or of what is held when `final`. */
  decode(chunk: Uint8Array | undefined, final: boolean): string;
  /**
   * Character i of a chunk's text stands for byte i of the chunk (a single-byte encoding, lines
   * not ended by CR alone): a reader may then read values from the bytes themselves.
   */
  readonly aligned: boolean;
}

/**
 * Bytes → text in the given encoding, failing on bytes that are not valid in it (never mojibake).
 * Line breaks are LF; a CR before it is left in the text for the reader to drop (so that a
 * single-byte chunk's text stays aligned with its bytes). In a file whose lines end in CR alone,
 * CRLF and CR become LF, so line numbers are exact downstream.
 *
 * @param startByte where in the file the first chunk starts (a part of a file), and
 * @param firstLine the number of the line there: for line numbers in errors
 */
export function decoder(file: string, encoding: Encoding, crOnly = false, startByte = 0, firstLine = 1): ChunkDecoder {
  /** bytes of the file before the chunk at hand: line numbers are counted only on an error */
  let consumed = startByte;
  let heldCr = false;
  let utf8: TextDecoder | undefined;
  // Windows-1252 through iconv-lite: Node 20's TextDecoder('windows-1252') decodes as Latin-1
  // (0x80 as U+0080, not '€'; 0x96 as U+0096, not '–'). It is needed only for a chunk with bytes
  // 0x80–0x9F; the five bytes Windows-1252 leaves undefined become U+FFFD, reported as invalid.
  const cp1252 = encoding === 'windows-1252';
  if (encoding === 'utf-8') utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

  const lineAt = (textBefore: string): number => firstLine + newlinesBetween(file, startByte, consumed) + countNewlines(textBefore);
  const invalid = (textBefore: string): InputError =>
    new InputError(
      file,
      `bytes that are not valid ${encoding} (is the file in another encoding? save it as ${encoding}, or copy the format profile, set its encoding and pass it with --input-format)`,
      lineAt(textBefore),
    );
  const mixed = (textBefore: string): InputError =>
    new InputError(
      file,
      `UTF-8 bytes in a file read as ${encoding} (the file mixes encodings; 'Ã¥' would stand for 'å'): save the whole file in one encoding`,
      lineAt(textBefore),
    );
  let lastChar = '';

  const decode = (chunk: Uint8Array | undefined, final: boolean): string => {
    let text: string;
    if (utf8) {
      try {
        text = chunk ? utf8.decode(chunk, { stream: !final }) : utf8.decode();
      } catch {
        const lossy = chunk ? new TextDecoder('utf-8').decode(chunk) : '';
        const at = lossy.indexOf('\uFFFD');
        throw invalid(at >= 0 ? lossy.slice(0, at) : '');
      }
    } else {
      // single-byte: every chunk boundary is a character boundary. Latin-1 decoding is the
      // fastest there is, and equals Windows-1252 for a chunk without bytes 0x80–0x9F: most
      // Swedish text. One scan tells whether this chunk needs the closer look.
      const latin1 = chunk ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1') : '';
      const plain = chunk ? plainSingleBytes(chunk) : true;
      text = plain || !cp1252 ? latin1 : iconv.decode(Buffer.from(chunk!.buffer, chunk!.byteOffset, chunk!.length), 'win1252');
      // one scan for both problems; which one it is, is sorted out only when one is found
      const at = plain ? -1 : text.search(cp1252 ? CP1252_SUSPECT : LATIN1_SUSPECT);
      if (at >= 0) {
        const bad = text.search(cp1252 ? UNDEFINED_IN_CP1252 : C1_CONTROLS);
        const moji = text.search(UTF8_AS_SINGLE_BYTE);
        if (bad >= 0 && (moji < 0 || bad <= moji)) throw invalid(text.slice(0, bad));
        throw mixed(text.slice(0, moji));
      }
      // the pair may straddle two chunks
      if (lastChar !== '' && UTF8_AS_SINGLE_BYTE.test(lastChar + text.charAt(0))) throw mixed('');
      lastChar = text.slice(-1);
    }
    if (crOnly) {
      if (heldCr) text = `\r${text}`;
      heldCr = !final && text.endsWith('\r');
      if (heldCr) text = text.slice(0, -1);
      text = text.replace(/\r\n?/g, '\n');
    }
    if (chunk) consumed += chunk.length;
    return text;
  };
  return { decode, aligned: !utf8 && !crOnly };
}

/** Decode a whole small buffer (the header sample) the same way, leniently at the cut. */
export function decodeSample(sample: Uint8Array, encoding: Encoding): string {
  let text: string;
  if (encoding === 'utf-8') text = new TextDecoder('utf-8').decode(sample);
  else text = iconv.decode(Buffer.from(sample), encoding === 'windows-1252' ? 'win1252' : 'latin1');
  return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}
