/**
 * semantic-mapper: the business meaning of every column (email, phone, names, address, city,
 * postcode, country, date of birth, company, id, amount, currency, date) from its header and
 * all its values, mapped to a canonical name with a confidence; a glossary extends the synonyms.
 */
import type * as report from "@agensium/shared";
import type { Alert, MasterMyDataParameters, Recommendation, SummaryItem } from "@agensium/shared";
import type { Agent, AgentContext } from "../../engine/types.js";
import { type ColumnMapping, mapColumns } from "./column-mapping.js";
import { attachedTrimmedDistinct } from "./handoff.js";

type Params = MasterMyDataParameters["semantic-mapper"];

export type SemanticMapperData = report.SemanticMapperData;

/** The mapping from an earlier semantic-mapper in this run, or a fresh one with the default settings. */
export async function mappingFrom(ctx: AgentContext<unknown>): Promise<ColumnMapping[]> {
  const earlier = ctx.previous.get("semantic-mapper");
  if (earlier?.status === "success" && earlier.data) return (earlier.data as SemanticMapperData).columns;
  return mapColumns(ctx.primary, {
    glossary: {},
    minConfidence: 0.5,
    signal: ctx.signal,
    progress: ctx.progress,
    knownDistinct: attachedTrimmedDistinct(ctx.previous.get("key-identifier")),
  });
}

export const semanticMapper: Agent<Params, SemanticMapperData> = {
  id: "semantic-mapper",
  async run(ctx) {
    const columns = await mapColumns(ctx.primary, {
      glossary: ctx.parameters.glossary,
      minConfidence: ctx.parameters.min_confidence,
      signal: ctx.signal,
      progress: ctx.progress,
      knownDistinct: attachedTrimmedDistinct(ctx.previous.get("key-identifier")),
    });
    const mapped = columns.filter((c) => c.semantic_type !== null);
    const unmapped = columns.filter((c) => c.semantic_type === null).map((c) => c.column);
    const alerts: Alert[] = columns
      .filter(
        (c) => c.semantic_type !== null && c.alternatives.length > 1 && c.alternatives[0].confidence - c.alternatives[1].confidence < 0.1,
      )
      .map((c, i) => ({
        id: `semantic-ambiguous-${i + 1}`,
        severity: "low",
        category: "semantic_ambiguity",
        field: c.column,
        message: `${c.column} could be ${c.alternatives[0].type} or ${c.alternatives[1].type}`,
        metric: "confidence",
        value: c.confidence,
      }));
    const recommendations: Recommendation[] = unmapped.map((column, i) => ({
      id: `semantic-rec-${i + 1}`,
      priority: "low",
      action: "Add this column's business name to the glossary parameter",
      field: column,
      rationale: `No semantic type reached the minimum confidence of ${ctx.parameters.min_confidence}`,
    }));
    const share = columns.length ? mapped.length / columns.length : 0;
    const summary: SummaryItem[] = [
      {
        title: "Mapped columns",
        value: `${mapped.length} / ${columns.length}`,
        status: share >= 0.8 ? "good" : share >= 0.5 ? "warning" : "critical",
        description: "Columns mapped to a canonical business name",
      },
    ];
    return {
      alerts,
      issues: [],
      recommendations,
      row_level_issues: [],
      executive_summary: summary,
      data: { columns, mapped_columns: mapped.length, unmapped_columns: unmapped },
    };
  },
};
