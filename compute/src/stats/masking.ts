/**
 * Masks a sensitive value for display: never the full value. Card, account and id numbers keep
 * their last four characters (PCI-DSS allows showing the last four); e-mails keep the first
 * letter and the domain; anything else keeps its first and last character.
 */
export function maskValue(value: string, entity?: string): string {
  const text = value.trim();
  if (text.length === 0) return "";
  if (entity === "email") {
    const at = text.indexOf("@");
    if (at > 0) return `${text[0]}${"*".repeat(Math.max(3, at - 1))}${text.slice(at)}`;
  }
  const alnum = text.replace(/[^A-Za-z0-9]/g, "");
  if (entity !== "email" && alnum.length >= 8) {
    return `${"*".repeat(alnum.length - 4)}${alnum.slice(-4)}`;
  }
  if (text.length <= 2) return "*".repeat(text.length + 2);
  return `${text[0]}${"*".repeat(text.length - 2)}${text[text.length - 1]}`;
}
