import type { AgentOutput } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { type ContractEnforcerData, contractEnforcer } from "../../../src/agents/master-my-data/contract-enforcer.js";
import { type LineageData, lineageTracer } from "../../../src/agents/master-my-data/lineage-tracer.js";
import { type SemanticMapperData, semanticMapper } from "../../../src/agents/master-my-data/semantic-mapper.js";
import { datasetFromRows } from "../../support/dataset.js";
import { asOutput } from "../../support/run-agent.js";
import { customers } from "./customers.js";
import { fileText, runMasterAgent } from "./run-master-agent.js";

describe("semantic-mapper", () => {
  it("maps each column to a canonical name from its header and values, with a confidence", async () => {
    const result = await runMasterAgent<SemanticMapperData>(semanticMapper, customers());
    const types = Object.fromEntries(result.data.columns.map((c) => [c.column, [c.semantic_type, c.canonical_name]]));
    expect(types).toEqual({
      customer_id: ["id", "id"],
      first_name: ["first_name", "first_name"],
      last_name: ["last_name", "last_name"],
      email: ["email", "email"],
      phone: ["phone", "phone"],
      zip: ["postcode", "postcode"],
      city: ["city", "city"],
      updated_at: ["date", "date"],
    });
    const email = result.data.columns.find((c) => c.column === "email");
    // Header "email" is a synonym (1) and the 8 present values are all addresses.
    expect(email?.confidence).toBe(1);
    expect(email?.non_blank).toBe(8);
  });

  it("reads the type from values when the header says nothing, and takes glossary synonyms", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`user${i}@example.com`, `Acme ${i} Inc`, `K-${i}`]);
    // 4 of 10 values without a digit: the id test passes on 6.
    for (const i of [0, 1, 2, 3]) rows[i][2] = "none";
    const result = await runMasterAgent<SemanticMapperData>(
      semanticMapper,
      datasetFromRows(["contact_point", "org", "kundennummer"], rows),
      {
        parameters: { glossary: { company_name: ["org"], id: ["kundennummer"] } },
      },
    );
    const [contact, org, kunde] = result.data.columns;
    // Values alone: every value is an email, weighted 0.9 for emails.
    expect([contact.semantic_type, contact.confidence]).toEqual(["email", 0.9]);
    expect([org.semantic_type, org.canonical_name, org.confidence]).toEqual(["company", "company_name", 1]);
    // Header synonym (1 × 0.7) + 6 of 10 id-like values (0.6 × 0.3) = 0.88.
    expect([kunde.semantic_type, kunde.confidence]).toEqual(["id", 0.88]);
  });
});

describe("lineage-tracer", () => {
  it("writes lineage.json with the source rows, column fingerprints and each output column's inputs", async () => {
    const mapped = await runMasterAgent(semanticMapper, customers());
    const enforced = await runMasterAgent<ContractEnforcerData>(contractEnforcer, customers());
    const previous = new Map<string, AgentOutput>([
      ["semantic-mapper", asOutput("semantic-mapper", mapped)],
      ["contract-enforcer", asOutput("contract-enforcer", enforced)],
    ]);
    const result = await runMasterAgent<LineageData>(lineageTracer, customers(), { previous });
    const file = result.files?.find((f) => f.fileName === "lineage.json");
    expect(file?.kind).toBe("lineage");
    const lineage = JSON.parse(await fileText(file)) as LineageData;
    expect(lineage).toEqual(result.data);
    expect(lineage.sources[0]).toMatchObject({ file: "primary.csv", rows: 10, first_row: 1, last_row: 10, missing_rows: 0 });
    expect(lineage.sources[0].columns.find((c) => c.name === "email")?.non_blank).toBe(8);
    const zip = lineage.columns.find((c) => c.output_file === "golden_records.csv" && c.column === "zip");
    expect(zip).toMatchObject({ inputs: [{ file: "primary.csv", column: "zip" }], canonical_name: "postcode", semantic_type: "postcode" });
    expect(zip?.contract_checks).toContain("type: pass");
    expect(lineage.columns.filter((c) => c.output_file === "crosswalk.csv").map((c) => c.column)).toEqual([
      "master_id",
      "source_file",
      "source_row",
      "match_probability",
      "survived_fields",
    ]);

    // A changed value changes that column's fingerprint and only that one.
    const changed = await runMasterAgent<LineageData>(
      lineageTracer,
      datasetFromRows(
        ["a", "b"],
        [
          ["1", "x"],
          ["2", "y"],
        ],
      ),
    );
    const again = await runMasterAgent<LineageData>(
      lineageTracer,
      datasetFromRows(
        ["a", "b"],
        [
          ["1", "x"],
          ["2", "z"],
        ],
      ),
    );
    expect(again.data.sources[0].columns[0].fingerprint).toBe(changed.data.sources[0].columns[0].fingerprint);
    expect(again.data.sources[0].columns[1].fingerprint).not.toBe(changed.data.sources[0].columns[1].fingerprint);
  });
});
