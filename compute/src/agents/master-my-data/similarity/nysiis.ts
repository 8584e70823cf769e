/**
 * NYSIIS phonetic key (Taft 1970, the original rules): names that sound alike get the same
 * key ("Catherine" and "Catharine" → CATARAN), which makes it a blocking key that survives
 * spelling variants. Letters only; other characters are dropped.
 */
const VOWELS = new Set(["A", "E", "I", "O", "U"]);

function isVowel(c: string | undefined): boolean {
  return c !== undefined && VOWELS.has(c);
}

function replacePrefix(name: string): string {
  if (name.startsWith("MAC")) return `MCC${name.slice(3)}`;
  if (name.startsWith("KN")) return `NN${name.slice(2)}`;
  if (name.startsWith("K")) return `C${name.slice(1)}`;
  if (name.startsWith("PH") || name.startsWith("PF")) return `FF${name.slice(2)}`;
  if (name.startsWith("SCH")) return `SSS${name.slice(3)}`;
  return name;
}

function replaceSuffix(name: string): string {
  if (name.endsWith("EE") || name.endsWith("IE")) return `${name.slice(0, -2)}Y`;
  for (const end of ["DT", "RT", "RD", "NT", "ND"]) if (name.endsWith(end)) return `${name.slice(0, -2)}D`;
  return name;
}

export function nysiis(input: string): string {
  const letters = input
    .normalize("NFKD")
    .toUpperCase()
    .replace(/[^A-Z]/g, "");
  if (letters.length === 0) return "";
  const chars = replaceSuffix(replacePrefix(letters)).split("");
  let key = chars[0];
  let i = 1;
  while (i < chars.length) {
    const c = chars[i];
    const next = chars[i + 1];
    let translated: string[];
    if (c === "E" && next === "V") translated = ["A", "F"];
    else if (isVowel(c)) translated = ["A"];
    else if (c === "Q") translated = ["G"];
    else if (c === "Z") translated = ["S"];
    else if (c === "M") translated = ["N"];
    else if (c === "K") translated = next === "N" ? ["N"] : ["C"];
    else if (c === "S" && next === "C" && chars[i + 2] === "H") translated = ["S", "S", "S"];
    else if (c === "P" && next === "H") translated = ["F", "F"];
    else if (c === "H" && (!isVowel(chars[i - 1]) || !isVowel(next))) translated = [chars[i - 1]];
    else if (c === "W" && isVowel(chars[i - 1])) translated = [chars[i - 1]];
    else translated = [c];
    // The translation rewrites the name in place, so later rules see the rewritten letters.
    for (let k = 0; k < translated.length; k++) chars[i + k] = translated[k];
    for (let k = 0; k < translated.length; k++) {
      if (key[key.length - 1] !== translated[k]) key += translated[k];
    }
    i += translated.length;
  }
  if (key.length > 1 && key.endsWith("S")) key = key.slice(0, -1);
  if (key.length > 2 && key.endsWith("AY")) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith("A")) key = key.slice(0, -1);
  return key;
}
