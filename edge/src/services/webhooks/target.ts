/**
 * Which URLs a webhook may be sent to. In production: https only, and never an address on a
 * loopback, private, link-local, unique-local, shared, reserved or metadata network, nor a host
 * name that is obviously internal (localhost, *.local, *.internal, a single label). Checked when
 * an endpoint is registered or changed and again before every delivery.
 *
 * The limit, honestly: a Worker's fetch resolves DNS itself and offers no way to see or pin the
 * address first, so a public name whose DNS answers 10.0.0.1 (or rebinds later) is not caught
 * here. What runs the edge (Cloudflare's network) does not route to our private ranges, which is
 * the real barrier; this check refuses what can be known from the URL itself. IP literals in any
 * spelling are covered: the WHATWG URL parser turns 2130706433, 0x7f.1 and 0177.0.0.1 into
 * 127.0.0.1, and IPv6 into its canonical compressed form, before the ranges are compared.
 */
import type { ErrorCode } from "@agensium/shared";

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export interface TargetPolicy {
  /** Loopback and private addresses allowed (development and tests only). */
  allowPrivate: boolean;
  requireHttps: boolean;
}

export type TargetCheck =
  | { ok: true; url: URL }
  | { ok: false; code: Extract<ErrorCode, "WEBHOOK_URL_INVALID" | "WEBHOOK_URL_FORBIDDEN">; reason: string };

/** [first address as a 32-bit number, prefix length]. */
const BLOCKED_IPV4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 reaches the host itself
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, 169.254.169.254 is the cloud metadata service
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const INTERNAL_SUFFIXES = [".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa", ".corp"];

function ipv4Number(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inIpv4Range(address: number, [first, bits]: [string, number]): boolean {
  const size = 2 ** (32 - bits);
  const start = ipv4Number(first) as number;
  return address >= start && address < start + size;
}

export function isBlockedIpv4(address: number): boolean {
  return BLOCKED_IPV4.some((range) => inIpv4Range(address, range));
}

/** The eight 16-bit groups of a canonical IPv6 address (as the URL parser writes it, no dotted tail). */
export function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) =>
    part === "" ? [] : part.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : Number.NaN));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? undefined : groups;
}

const embeddedIpv4 = (high: number, low: number) => high * 65536 + low;

export function isBlockedIpv6(groups: number[]): boolean {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups;
  const firstSix = [g0, g1, g2, g3, g4, g5];
  // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped): judged by the IPv4 inside, which is never public enough to need.
  if (firstSix.every((g) => g === 0)) return true;
  if ([g0, g1, g2, g3, g4].every((g) => g === 0) && g5 === 0xffff) return true;
  // 64:ff9b::/96 NAT64 carries an IPv4 address; 64:ff9b:1::/48 is for local use.
  if (g0 === 0x64 && g1 === 0xff9b) return g2 === 1 || isBlockedIpv4(embeddedIpv4(g6, g7));
  if (g0 === 0x2002) return isBlockedIpv4(embeddedIpv4(g1, g2)); // 6to4
  if (g0 === 0x2001 && g1 === 0) return true; // Teredo hides an IPv4 address
  if (g0 === 0x2001 && g1 === 0xdb8) return true; // documentation
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard
  if ((g0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return true; // link-local, site-local
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  return false;
}

function forbiddenHost(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) {
    const groups = ipv6Groups(host.slice(1, -1));
    if (!groups) return "is not an IPv6 address";
    return isBlockedIpv6(groups) ? "is a loopback, private, link-local or reserved IPv6 address" : undefined;
  }
  const v4 = ipv4Number(host);
  if (v4 !== undefined) return isBlockedIpv4(v4) ? "is a loopback, private, link-local or reserved IPv4 address" : undefined;
  if (host === "localhost" || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return "is an internal host name";
  if (!host.includes(".")) return "is a single-label (intranet) host name";
  return undefined;
}

export function checkWebhookUrl(text: string, policy: TargetPolicy): TargetCheck {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) {
    return { ok: false, code: "WEBHOOK_URL_INVALID", reason: `is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: "WEBHOOK_URL_INVALID", reason: "is not an absolute URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, code: "WEBHOOK_URL_INVALID", reason: "must be http(s)" };
  if (policy.requireHttps && url.protocol !== "https:") return { ok: false, code: "WEBHOOK_URL_INVALID", reason: "must use https" };
  if (url.username || url.password) return { ok: false, code: "WEBHOOK_URL_INVALID", reason: "may not carry a user name or password" };
  if (url.hash) return { ok: false, code: "WEBHOOK_URL_INVALID", reason: "may not have a #fragment" };
  if (!policy.allowPrivate) {
    const why = forbiddenHost(url.hostname);
    if (why) return { ok: false, code: "WEBHOOK_URL_FORBIDDEN", reason: `${url.hostname} ${why}` };
  }
  return { ok: true, url };
}
