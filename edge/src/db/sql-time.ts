/** A Date as MySQL DATETIME(3) text in UTC, for comparisons inside raw `sql` fragments. */
export function sqlTime(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}
