/**
 * A prompt template with its class name filled in: "a photo of a {}." + "cat" → "a photo of a cat.". Every `{}` is
 * filled (the recipe's Python templates have exactly one, where `str.format` gives the same text); the label is taken
 * literally, so `$&` or `$1` in a class name stay as written (a plain string replacement would expand them).
 */
export function fillTemplate(template: string, label: string): string {
  return template.replaceAll('{}', () => label);
}
