/**
 * What a task's input files must be, checked before anything is stored: a primary file, a
 * baseline only when one of the task's agents reads it, an extension the tool reads with its
 * content type, and a size within MAX_FILE_BYTES. Shared by the upload-URL flow and POST /analyze.
 */
import { extensionOf, INPUT_FORMATS, type InputRole, type ToolDefinition } from "@agensium/shared";
import type { DeclaredInput, DeclaredInputs, Task } from "../db/schema/index.js";
import type { Config } from "../env.js";
import { ApiError } from "../errors.js";
import { inputKey } from "./tasks.js";

export interface InputFileDeclaration {
  role: InputRole;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export function declareInputs(config: Config, tool: ToolDefinition, task: Task, files: readonly InputFileDeclaration[]): DeclaredInputs {
  if (!files.some((f) => f.role === "primary")) {
    throw new ApiError("UPLOAD_MISSING_FILES", "The primary file is required", { missing: [{ role: "primary", reason: "not declared" }] });
  }
  const baselineReaders = tool.agents.filter((a) => task.agents.includes(a.id) && a.inputs.some((i) => i.role === "baseline"));
  const declared: DeclaredInputs = {};
  for (const file of files) {
    if (file.role === "baseline" && baselineReaders.length === 0) {
      throw new ApiError("UPLOAD_INVALID_FILE", "None of the task's agents reads a baseline file", { role: "baseline" });
    }
    const extension = extensionOf(file.filename);
    if (!extension || !tool.acceptedExtensions.includes(extension)) {
      throw new ApiError(
        "UPLOAD_INVALID_FILE",
        `${file.role}: accepted files are ${tool.acceptedExtensions.map((e) => `.${e}`).join(", ")}`,
        {
          role: file.role,
          accepted_extensions: tool.acceptedExtensions,
        },
      );
    }
    const expectedType = INPUT_FORMATS[extension].contentType;
    if (file.content_type.split(";")[0].trim().toLowerCase() !== expectedType) {
      throw new ApiError("UPLOAD_INVALID_FILE", `${file.role}: a .${extension} file is uploaded as ${expectedType}`, {
        role: file.role,
        expected_content_type: expectedType,
      });
    }
    if (file.size_bytes > config.MAX_FILE_BYTES) {
      throw new ApiError("UPLOAD_TOO_LARGE", `${file.role}: files are limited to ${config.MAX_FILE_BYTES} bytes`, {
        role: file.role,
        size_bytes: file.size_bytes,
        max_bytes: config.MAX_FILE_BYTES,
      });
    }
    const input: DeclaredInput = {
      extension,
      content_type: expectedType,
      size_bytes: file.size_bytes,
      key: inputKey(task.userId, task.taskId, file.role, extension),
    };
    declared[file.role] = input;
  }
  return declared;
}
