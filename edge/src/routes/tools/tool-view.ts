/** A tool as the API shows it: agents with their current cost and the parameters as JSON Schema. */
import { INPUT_FORMATS, type ToolDefinition } from "@agensium/shared";
import { z } from "@hono/zod-openapi";
import { toJSONSchema } from "zod";
import type { Config } from "../../env.js";

export const toolSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    agents: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        cost: z.number().int(),
        inputs: z.array(z.object({ role: z.enum(["primary", "baseline"]), required: z.boolean() })),
      }),
    ),
    parameters_schema: z.record(z.string(), z.unknown()),
    accepted_formats: z.array(z.object({ extension: z.string(), content_type: z.string() })),
    max_file_bytes: z.number().int(),
  })
  .openapi("Tool");

export function toolView(tool: ToolDefinition, costs: Map<string, number>, config: Config) {
  return {
    id: tool.id,
    name: tool.name,
    description: tool.description,
    agents: tool.agents.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      cost: costs.get(a.id) ?? a.cost,
      inputs: a.inputs,
    })),
    // What a client writes into parameters.json: defaults make every field optional.
    parameters_schema: toJSONSchema(tool.parameters, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    accepted_formats: tool.acceptedExtensions.map((extension) => ({ extension, content_type: INPUT_FORMATS[extension].contentType })),
    max_file_bytes: config.MAX_FILE_BYTES,
  };
}
