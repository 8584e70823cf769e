/**
 * A form generated from a tool's parameters JSON Schema (GET /tools/{id}): one collapsible block
 * per agent, one input per setting with the schema's default, bounds and choices. value() returns
 * only what the person changed, so the edge's defaults apply to everything else.
 */
import { h } from "./dom.js";
import { humanize } from "./format.js";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
}

/** Reads one setting back: undefined when left as it was. */
type Reader = () => unknown;

export interface SchemaForm {
  element: HTMLElement;
  value(): Record<string, unknown>;
  /** Shows only the blocks named (the selected agents, plus reader options). */
  show(blocks: Set<string>): void;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function numberInput(name: string, schema: JsonSchema, integer: boolean): [Node, Reader] {
  const input = h("input", { type: "number", name, step: integer ? "1" : "any" });
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (min !== undefined) input.min = String(min);
  if (max !== undefined && max < Number.MAX_SAFE_INTEGER) input.max = String(max);
  if (typeof schema.default === "number") input.value = String(schema.default);
  return [input, () => (input.value === "" || Number(input.value) === schema.default ? undefined : Number(input.value))];
}

function stringInput(name: string, schema: JsonSchema): [Node, Reader] {
  if (schema.enum) {
    const select = h(
      "select",
      { name },
      h("option", { value: "" }, "(default)"),
      ...schema.enum.map((v) => h("option", { value: String(v) }, String(v))),
    );
    if (typeof schema.default === "string") select.value = schema.default;
    return [select, () => (select.value === "" || select.value === schema.default ? undefined : select.value)];
  }
  const input = h("input", { type: "text", name });
  if (schema.maxLength) input.maxLength = schema.maxLength;
  if (typeof schema.default === "string") input.value = schema.default;
  return [input, () => (input.value === "" || input.value === schema.default ? undefined : input.value)];
}

function arrayInput(name: string, schema: JsonSchema): [Node, Reader] | null {
  const items = schema.items ?? {};
  const defaults = Array.isArray(schema.default) ? schema.default : [];
  if (items.enum) {
    const boxes = items.enum.map((choice) => {
      const box = h("input", { type: "checkbox", name, value: String(choice), checked: defaults.includes(choice) });
      return { choice, box, label: h("label", { class: "check" }, box, String(choice)) };
    });
    const read = () => {
      const chosen = boxes.filter((b) => b.box.checked).map((b) => b.choice);
      return sameValue(chosen, defaults) ? undefined : chosen;
    };
    return [h("div", { class: "checks" }, ...boxes.map((b) => b.label)), read];
  }
  const numeric = items.type === "number" || items.type === "integer";
  if (!numeric && items.type !== "string") return null;
  // A comma-separated list; spaces around each item are dropped.
  const input = h("input", { type: "text", name, value: defaults.map(String).join(", ") });
  const read = () => {
    const list = input.value.split(",").map((part) => part.trim());
    const value = numeric ? list.filter((p) => p !== "").map(Number) : list;
    return sameValue(value, defaults) ? undefined : value;
  };
  return [input, read];
}

function settingInput(name: string, schema: JsonSchema): [Node, Reader] | null {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") return numberInput(name, schema, type === "integer");
  if (type === "boolean") {
    const box = h("input", { type: "checkbox", name, checked: schema.default === true });
    return [box, () => (box.checked === (schema.default === true) ? undefined : box.checked)];
  }
  if (type === "string" || schema.enum) return stringInput(name, schema);
  if (type === "array") return arrayInput(name, schema);
  if (type === "object" && schema.properties) {
    const group = objectFields(name, schema);
    return [h("div", { class: "nested" }, ...group.fields), group.read];
  }
  return null;
}

function objectFields(prefix: string, schema: JsonSchema): { fields: HTMLElement[]; read: Reader } {
  const readers: [string, Reader][] = [];
  const fields: HTMLElement[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const made = settingInput(`${prefix}.${key}`, child);
    if (!made) continue;
    const [input, read] = made;
    readers.push([key, read]);
    const bounds = [child.minimum ?? child.exclusiveMinimum, child.maximum].filter((b) => b !== undefined && b < Number.MAX_SAFE_INTEGER);
    const hint =
      child.description ??
      (bounds.length === 2
        ? `${bounds[0]} to ${bounds[1]}`
        : child.type === "array" && !child.items?.enum
          ? "A comma-separated list"
          : undefined);
    fields.push(
      h(
        "label",
        { class: "field" },
        h("span", { class: "field-label" }, humanize(key)),
        input,
        hint ? h("span", { class: "field-hint" }, hint) : null,
      ),
    );
  }
  const read = () => {
    const out: Record<string, unknown> = {};
    for (const [key, reader] of readers) {
      const value = reader();
      if (value !== undefined) out[key] = value;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  return { fields, read };
}

export function schemaForm(schema: JsonSchema, titleOf: (block: string) => string): SchemaForm {
  const blocks = Object.entries(schema.properties ?? {}).map(([block, blockSchema]) => {
    const { fields, read } = objectFields(block, blockSchema);
    const element = h(
      "details",
      { class: "param-block", dataset: { block } },
      h("summary", {}, titleOf(block)),
      h("div", { class: "param-grid" }, ...fields),
    );
    return { block, element, read, empty: fields.length === 0 };
  });
  return {
    element: h("div", { class: "params" }, ...blocks.map((b) => b.element)),
    value() {
      const out: Record<string, unknown> = {};
      for (const b of blocks) {
        if (b.element.hidden) continue;
        const value = b.read();
        if (value !== undefined) out[b.block] = value;
      }
      return out;
    },
    show(visible) {
      for (const b of blocks) b.element.hidden = b.empty || !visible.has(b.block);
    },
  };
}
