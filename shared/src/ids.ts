/**
 * Prefixed, time-sortable ids: `tsk_01J…`, `usr_01J…`. The ULID inside sorts by creation
 * time, so keyset pagination on the id is pagination by age, and a log line says what an
 * id is by its prefix.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function ulid(now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = new Uint8Array(16);
  crypto.getRandomValues(random);
  let rand = "";
  for (const byte of random) rand += CROCKFORD[byte % 32];
  return time + rand;
}

export const ID_PREFIX = {
  user: "usr",
  task: "tsk",
  request: "req",
  refreshToken: "rtk",
  transaction: "txn",
  event: "evt",
  job: "job",
  apiKey: "key",
  webhookEndpoint: "whk",
  webhookEvent: "evt",
  webhookDelivery: "dlv",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

export function newId(kind: IdKind, now?: number): string {
  return `${ID_PREFIX[kind]}_${ulid(now)}`;
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${ID_PREFIX[kind]}_`) && id.length === ID_PREFIX[kind].length + 27;
}
