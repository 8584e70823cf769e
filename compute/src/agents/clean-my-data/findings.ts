/**
 * What every cleaning agent reports besides its data: row-level issues kept in bounded memory
 * (the first ROW_ISSUE_LIMIT, with the exact total), and the operations it applied, in the
 * form recipe.json replays.
 */
import type { RecipeOperation, RowLevelIssue } from "@agensium/shared";

/** Row issues an agent keeps; the count beyond it stays exact and is reported. */
export const ROW_ISSUE_LIMIT = 100_000;

export class RowIssueLog {
  readonly kept: RowLevelIssue[] = [];
  total = 0;

  add(issue: RowLevelIssue): void {
    this.total++;
    if (this.kept.length < ROW_ISSUE_LIMIT) this.kept.push(issue);
  }

  get truncated(): boolean {
    return this.total > this.kept.length;
  }
}

export function operation(
  agent: string,
  name: string,
  count: number,
  parameters: Record<string, unknown> = {},
  field?: string,
): RecipeOperation {
  return field === undefined ? { agent, operation: name, parameters, count } : { agent, operation: name, field, parameters, count };
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : "0 %";
}
