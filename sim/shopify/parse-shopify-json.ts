import { rawNumber } from "./rest-json.js";

const NUMBER = /-?\d+(?:\.\d+)?(?![.\deE])/y;

/**
 * Parses JSON text written by `toShopifyJson` without losing what JSON.parse would: every bare number
 * comes back wrapped by `rawNumber` (ids above 2^53 stay exact, `27.00` keeps its scale), so
 * `toShopifyJson(parseShopifyJson(text)) === text`.
 */
export function parseShopifyJson(text: string): unknown {
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = endOfString(text, i);
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match) {
        out += text.slice(copied, i) + JSON.stringify(rawNumber(match[0]));
        i += match[0].length;
        copied = i;
        continue;
      }
      // an exponent form (never written by toShopifyJson): left to JSON.parse as it is
      while (i < text.length && /[-+.\deE]/.test(text[i]!)) i++;
      continue;
    }
    i++;
  }
  return JSON.parse(out + text.slice(copied));
}

/** Index just past the closing quote of the string starting at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}
