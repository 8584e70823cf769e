/**
 * PII and governance: the entity found in each column with its risk, checksum results where the
 * scan reports them, a few masked examples, the protective action advised, and each framework's
 * score and findings. Values are only ever shown masked.
 */
import type { GovernanceData } from "../../../agents/governance-checker.js";
import type { PiiScan } from "../../../agents/score-risk/scan-pii.js";
import { formatCount, formatNumber, formatScore, formatShare, humanize } from "../format.js";
import { html } from "../html.js";
import { findAgent, successData } from "../report-data.js";
import { type SectionWriter, severityBadge, table, tile } from "./common.js";

const ADVICE: Record<string, string> = {
  mask: "Mask: show only part of each value (e.g. the last four digits) wherever it is displayed",
  hash: "Hash: replace values with a keyed hash, so records still join but values cannot be read",
  tokenize: "Tokenise: swap values for tokens kept in a vault, as PCI-DSS expects for card and account numbers",
  redact: "Redact: remove the values from copies that do not need them",
  encrypt: "Encrypt: store the column encrypted, readable only with a key",
  drop: "Drop: do not store this column at all",
};

const MASKED_EXAMPLES = 3;

/** Checksum and validity counts a scan may report per column (card Luhn, IBAN, SSN rules). */
function checksumText(column: Record<string, unknown>): string {
  const parts = Object.entries(column)
    .filter(([k, v]) => /checksum|valid/i.test(k) && typeof v === "number")
    .map(([k, v]) => `${humanize(k)}: ${formatCount(v as number)}`);
  return parts.length > 0 ? parts.join(", ") : "–";
}

export const piiGovernanceSection: SectionWriter = ({ report, masker }) => {
  const scan = successData<PiiScan>(report, "score-risk");
  const governance = successData<GovernanceData>(report, "governance-checker");
  if (!scan && !governance) return null;
  const riskAgent = findAgent(report, "score-risk");
  const examples = (field: string) =>
    (riskAgent?.row_level_issues ?? [])
      .filter((r) => r.field === field)
      .slice(0, MASKED_EXAMPLES)
      .map((r) => masker.show(field, r.value, r.issue_type.startsWith("pii_")))
      .join(", ");
  const action = new Map((governance?.columns ?? []).map((c) => [c.name, c]));
  const personal = (scan?.columns ?? []).filter((c) => c.entity);
  const governed = (governance?.columns ?? []).filter(
    (c) => (c.entity || c.action || c.health || c.special_category) && !personal.some((p) => p.name === c.name),
  );
  const rows = [
    ...personal.map((c) => {
      const g = action.get(c.name);
      return [
        c.name,
        humanize(c.entity ?? ""),
        `${formatCount(c.matches)} of ${formatCount(c.non_null)} (${formatShare(c.share)})`,
        formatScore(c.risk_score),
        checksumText(c as unknown as Record<string, unknown>),
        html`<span class="mono">${examples(c.name) || "–"}</span>`,
        g?.action ? (ADVICE[g.action] ?? humanize(g.action)) : "–",
      ];
    }),
    ...governed.map((g) => [
      g.name,
      g.entity ? humanize(g.entity) : g.health ? "Health data" : "Special category",
      "–",
      "–",
      "–",
      "–",
      g.action ? (ADVICE[g.action] ?? humanize(g.action)) : "–",
    ]),
  ];
  const frameworks = governance?.frameworks ?? [];
  return {
    id: "pii-governance",
    title: "PII and governance",
    body: html`<div class="tiles">${scan ? tile("Dataset PII risk", `${formatScore(scan.dataset_risk_score)} / 100`, scan.dataset_risk_score >= 50 ? "critical" : scan.dataset_risk_score > 0 ? "warning" : "good") : ""}${tile("Columns with personal data", formatCount(rows.length), rows.length > 0 ? "warning" : "good")}${governance ? tile("Statistics withheld", formatCount(governance.withheld_statistics.length)) : ""}</div>
${rows.length > 0 ? table(["Column", "Entity", "Matching values", "Risk", "Checksums", "Masked examples", "Advice"], rows) : html`<p class="muted">No personal data was found.</p>`}
${governance && governance.withheld_statistics.length > 0 ? html`<p class="muted">Values, ranges and shapes of ${governance.withheld_statistics.join(", ")} are left out of this report; counts remain.</p>` : ""}
${
  frameworks.length > 0
    ? html`<h3>Frameworks</h3>${table(
        ["Framework", "Score", "Status", "Findings"],
        frameworks.map((f) => [
          f.framework,
          formatScore(f.score),
          humanize(f.status),
          f.findings.length === 0
            ? "none"
            : html`<ul>${f.findings.map((x) => html`<li>${severityBadge(x.severity)} ${x.rule}${x.field ? ` (${x.field})` : ""}: ${x.description}</li>`)}</ul>`,
        ]),
      )}`
    : ""
}
${scan ? html`<p class="muted">Scanned ${formatCount(scan.rows)} rows; mean match scores ${personal.map((c) => `${c.name} ${formatNumber(c.mean_score)}`).join(", ") || "–"}.</p>` : ""}`,
  };
};
