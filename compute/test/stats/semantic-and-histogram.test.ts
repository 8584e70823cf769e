import { describe, expect, it } from "vitest";
import { equalWidthHistogram } from "../../src/stats/histogram.js";
import { semanticType } from "../../src/stats/semantic-type.js";

const base = { inferredType: "string", distinct: 100, nonNull: 100, meanLength: 12 };

describe("semantic types", () => {
  it("recognises values by pattern and codes by header", () => {
    expect(semanticType({ ...base, header: "contact", sample: ["a@b.io", "c.d@e.org"] }).type).toBe("email");
    expect(semanticType({ ...base, header: "ref", sample: ["123e4567-e89b-12d3-a456-426614174000"] }).type).toBe("uuid");
    expect(semanticType({ ...base, header: "site", sample: ["https://example.com/a", "http://x.org"] }).type).toBe("url");
    expect(semanticType({ ...base, header: "client_ip", sample: ["10.0.0.1", "192.168.1.20"] }).type).toBe("ip");
    expect(semanticType({ ...base, header: "zip", sample: ["02134", "10001-1234"] }).type).toBe("postcode");
    // The same digits without a postcode header are not called postcodes.
    expect(semanticType({ ...base, header: "value", sample: ["02134", "10001"] }).type).not.toBe("postcode");
    expect(semanticType({ ...base, header: "price", sample: ["$1,200.50", "$3.10"] }).type).toBe("currency_amount");
    expect(semanticType({ ...base, header: "customer_id", sample: ["C-1", "C-2"], distinct: 100 }).type).toBe("identifier");
    expect(semanticType({ ...base, header: "status", sample: ["open", "closed"], distinct: 3 }).type).toBe("categorical");
    expect(semanticType({ ...base, header: "comment", sample: ["this is a long remark about the order"], meanLength: 45 }).type).toBe(
      "free_text",
    );
  });
});

describe("histogram", () => {
  it("splits [min, max] into equal bins, the last closed on the right", () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const h = equalWidthHistogram(
      values,
      values.map(() => 1),
      5,
      0,
      10,
    );
    expect(h.bin_edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 2, 2, 3]);
    expect(equalWidthHistogram([4, 4], [1, 1], 10, 4, 4)).toEqual({ bin_edges: [4, 4], counts: [2] });
  });
});
