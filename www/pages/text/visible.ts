// Whitespace made visible in token chips: a space is a token's real content.
// Hex groups for partial characters (`<E4 B8>`) keep their inner spaces.
const SHOWN: Record<string, string> = { ' ': '·', '\n': '↵', '\t': '→', '\r': '␍' };

export function visible(text: string): string {
  return text.replace(/<[0-9A-F]{2}(?: [0-9A-F]{2})*>|[ \n\t\r]/g, (match) => SHOWN[match] ?? match);
}
