/** JDE's explanation field (EXR / GLEXR) holds 30 characters. */
export const MAX_EXPLANATION_LENGTH = 30;

/** An explanation cut to JDE's width (trimmed, so a cut never leaves a trailing space). */
export function journalExplanation(text: string): string {
  return text.trim().slice(0, MAX_EXPLANATION_LENGTH).trimEnd();
}
