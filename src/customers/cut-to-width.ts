/** A value cut to a JDE field's width; `length` is the original length, both in UTF-16 code units. */
export interface CutValue {
  value: string;
  length: number;
  cut: boolean;
}

/**
 * Cuts `value` to at most `width` UTF-16 code units — JDE stores text as UTF-16 and its field widths
 * (Oracle NCHAR, SQL Server nchar) count units, so an emoji takes two — without splitting a surrogate
 * pair, which JDE would store as a broken character.
 */
export function cutToWidth(value: string, width: number): CutValue {
  if (value.length <= width) return { value, length: value.length, cut: false };
  let end = width;
  const last = value.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose pair is cut off
  return { value: value.slice(0, end), length: value.length, cut: true };
}
