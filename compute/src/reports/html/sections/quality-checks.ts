/** The checks the data was held to: profile-my-data's suggested tests, master-my-data's keys and contract. */
import type { ContractEnforcerData } from "../../../agents/master-my-data/contract-enforcer.js";
import type { KeyIdentifierData } from "../../../agents/master-my-data/key-identifier.js";
import type { TestCoverageData } from "../../../agents/test-coverage-agent.js";
import { formatCount, formatScalar, formatShare, humanize } from "../format.js";
import { html } from "../html.js";
import { successData } from "../report-data.js";
import { type SectionWriter, table, tile } from "./common.js";

const CHECKS_SHOWN = 200;

export const qualityChecksSection: SectionWriter = ({ report }) => {
  const coverage = successData<TestCoverageData>(report, "test-coverage-agent");
  const keys = successData<KeyIdentifierData>(report, "key-identifier");
  const contract = successData<ContractEnforcerData>(report, "contract-enforcer");
  if (!coverage && !keys && !contract) return null;
  const parts = [];
  if (coverage) {
    const count = (s: string) => coverage.checks.filter((c) => c.status === s).length;
    const notPassed = coverage.checks.filter((c) => c.status !== "passed").slice(0, CHECKS_SHOWN);
    parts.push(html`<h3>Suggested tests</h3><div class="tiles">${tile("Coverage", `${formatCount(coverage.coverage_percent)} %`)}${tile("Passed", formatCount(count("passed")), "good")}${tile("Failed", formatCount(count("failed")), count("failed") > 0 ? "warning" : "good")}${tile("Not verified", formatCount(count("not_verified")))}</div>
${
  notPassed.length > 0
    ? table(
        ["Column", "Check", "Expected", "Status", "Why"],
        notPassed.map((c) => [c.column, humanize(c.check), formatScalar(c.argument), humanize(c.status), c.description]),
      )
    : html`<p class="muted">Every suggested test passed.</p>`
}
${coverage.uncovered_columns.length > 0 ? html`<p class="muted">No meaningful test for: ${coverage.uncovered_columns.join(", ")}.</p>` : ""}`);
  }
  if (keys) {
    const candidates = [...keys.single_column_candidates, ...keys.composite_keys];
    parts.push(html`<h3>Keys</h3><div class="tiles">${tile("Primary key", keys.primary_key ? keys.primary_key.join(" + ") : "none", keys.primary_key ? "good" : "warning")}${tile("Candidate keys", formatCount(candidates.filter((k) => k.unique).length))}</div>
${table(
  ["Columns", "Distinct", "Share", "Unique"],
  candidates.map((k) => [k.columns.join(" + "), k.distinct, formatShare(k.distinct_share), k.unique ? "yes" : "no"]),
)}`);
  }
  if (contract) {
    parts.push(html`<h3>Contract</h3><div class="tiles">${tile("Contract", contract.status, contract.status === "pass" ? "good" : "critical")}${tile("Rows passing", `${formatCount(contract.rows_passing)} of ${formatCount(contract.rows)}`)}${tile("Source", humanize(contract.contract_source))}</div>
${table(
  ["Column", "Check", "Rule", "Violations", "Passing", "Status"],
  contract.checks.map((c) => [c.column, humanize(c.check), c.rule, c.violations, formatShare(c.pass_share), c.status]),
)}
${contract.missing_columns.length > 0 ? html`<p class="note">Missing columns: ${contract.missing_columns.join(", ")}</p>` : ""}${contract.extra_columns.length > 0 ? html`<p class="note">Extra columns: ${contract.extra_columns.join(", ")}</p>` : ""}`);
  }
  return { id: "quality-checks", title: "Checks", body: html`${parts}` };
};
