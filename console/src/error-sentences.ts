/**
 * Every error code the service speaks, as a sentence a person can act on: what happened and what
 * to do next. Keyed by the closed enum in shared/src/errors.ts, so a new code fails the type
 * check until it has its sentence here.
 */
import type { ErrorCode } from "@agensium/shared";

export interface Explanation {
  /** What happened. */
  what: string;
  /** What to do about it. */
  next: string;
}

export const ERROR_SENTENCES: Record<ErrorCode | "NETWORK_ERROR", Explanation> = {
  VALIDATION_ERROR: { what: "Some of what you entered is not in the expected form.", next: "Check the highlighted fields and try again." },
  PAYLOAD_TOO_LARGE: {
    what: "That request was too large for the service to accept.",
    next: "Send less at once (files go straight to storage, not through this form).",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    what: "The request was sent in a format the service does not take.",
    next: "Reload the console; if it keeps happening, tell support.",
  },
  NOT_FOUND: { what: "That page or item does not exist.", next: "Go back to your tasks and pick it from the list." },
  METHOD_NOT_ALLOWED: {
    what: "The service does not allow that action here.",
    next: "Reload the console; if it keeps happening, tell support.",
  },
  RATE_LIMITED: { what: "Too many requests in a short time.", next: "Wait a minute, then try again." },
  IDEMPOTENCY_CONFLICT: {
    what: "This request was already sent with different contents.",
    next: "Reload the page and start the action again.",
  },
  INTERNAL_ERROR: {
    what: "Something went wrong on our side.",
    next: "Try again in a moment; if it keeps happening, send support the request id.",
  },
  SERVICE_UNAVAILABLE: { what: "The service is briefly unavailable.", next: "Try again in a minute." },

  AUTH_REQUIRED: { what: "You need to be logged in for that.", next: "Log in and try again." },
  AUTH_INVALID_TOKEN: { what: "Your session is no longer valid.", next: "Log in again." },
  AUTH_TOKEN_EXPIRED: { what: "Your session expired.", next: "Log in again." },
  AUTH_INVALID_CREDENTIALS: {
    what: "That email and password do not match an account.",
    next: "Check both and try again, or reset your password.",
  },
  AUTH_REFRESH_INVALID: { what: "Your session ended (you may have logged out elsewhere).", next: "Log in again." },
  AUTH_NOT_VERIFIED: {
    what: "Your email address is not verified yet.",
    next: "Enter the 6-digit code we emailed you, or ask for a new one.",
  },
  AUTH_ACCOUNT_DISABLED: { what: "This account is disabled.", next: "Contact support to have it re-enabled." },
  AUTH_EMAIL_TAKEN: { what: "An account with this email already exists.", next: "Log in instead, or reset the password if you forgot it." },
  AUTH_OTP_INVALID: { what: "That code is not right.", next: "Check the latest email we sent and type its 6 digits again." },
  AUTH_OTP_EXPIRED: { what: "That code has expired (codes last 10 minutes).", next: "Ask for a new code and enter it." },
  AUTH_OTP_LOCKED: { what: "Too many wrong codes: this one is locked.", next: "Ask for a new code and enter it carefully." },

  AUTH_SCOPE_FORBIDDEN: {
    what: "This API key is not allowed to do that.",
    next: "Use a key with the needed scope, or log in with your account.",
  },
  AUTH_API_KEY_NOT_ALLOWED: { what: "API keys cannot be used for this.", next: "Log in with your email and password to do it." },
  API_KEY_NOT_FOUND: { what: "That API key does not exist (or was revoked).", next: "Pick a key from your list of keys." },
  API_KEY_LIMIT_REACHED: {
    what: "You already have as many API keys as allowed.",
    next: "Revoke a key you no longer use, then create the new one.",
  },

  TOOL_NOT_FOUND: { what: "That tool does not exist.", next: "Pick one of the tools listed." },
  AGENT_NOT_IN_TOOL: { what: "One of the chosen agents does not belong to this tool.", next: "Choose agents from this tool's list only." },
  TASK_NOT_FOUND: { what: "That task does not exist (or is not yours).", next: "Open it from your task list." },
  TASK_INVALID_STATE: { what: "The task is not in a state that allows this right now.", next: "Reload the task to see where it stands." },
  UPLOAD_INVALID_FILE: {
    what: "This kind of file cannot be analysed.",
    next: "Use a .csv, .tsv, .xlsx, .json, .ndjson/.jsonl or .parquet file.",
  },
  UPLOAD_TOO_LARGE: {
    what: "The file is larger than the service accepts.",
    next: "Split it into smaller files or remove columns you do not need.",
  },
  UPLOAD_MISSING_FILES: {
    what: "Not every file the agents need has been uploaded.",
    next: "Add the missing file (for example a baseline for drift) and upload again.",
  },
  PARAMETERS_INVALID: {
    what: "Some parameters are outside what the agents accept.",
    next: "Correct the parameters named below and start again.",
  },
  RESULTS_NOT_AVAILABLE: {
    what: "The results are not available (yet, or any more).",
    next: "Wait for the task to finish, or run it again if its files have expired.",
  },

  BILLING_INSUFFICIENT_CREDITS: {
    what: "Your wallet does not hold enough credits for these agents.",
    next: "Buy credits or choose fewer agents.",
  },
  BILLING_PACK_NOT_FOUND: { what: "That credit pack is no longer on sale.", next: "Reload the wallet and pick another pack." },
  BILLING_WEBHOOK_INVALID: {
    what: "A payment notification could not be verified.",
    next: "Nothing to do here; if credits are missing after paying, contact support.",
  },
  BILLING_UNAVAILABLE: { what: "Payments are not available right now.", next: "Try again later." },

  AI_UNAVAILABLE: { what: "The assistant is not available right now.", next: "Try again later; your reports are unaffected." },

  CALLBACK_UNAUTHORIZED: {
    what: "An internal message between our services was refused.",
    next: "Retry the task; if it keeps failing, send support the task id.",
  },
  COMPUTE_BUSY: {
    what: "The analysis servers are busy.",
    next: "The task waits in the queue and starts by itself; you can also retry later.",
  },
  COMPUTE_UNAVAILABLE: { what: "The analysis servers could not be reached.", next: "Retry the task in a few minutes." },
  COMPUTE_LOST: {
    what: "The server working on this task stopped answering.",
    next: "Retry the task; you are not charged twice for finished agents.",
  },
  COMPUTE_DEADLINE_EXCEEDED: { what: "The analysis took longer than allowed.", next: "Retry with a smaller file or fewer agents." },
  INPUT_UNREADABLE: {
    what: "The file could not be read as the format its name says.",
    next: "Check the file opens in a spreadsheet, save it again as CSV, and upload it again.",
  },
  SHEET_NOT_FOUND: {
    what: "The workbook has no sheet with the name given as input.sheet.",
    next: "Check the sheet's name (the message lists them) and run the task again with it.",
  },
  SHEET_REQUIRED: {
    what: "The workbook holds several tables of similar size, so which one to read is yours to say.",
    next: "Give the sheet's name as input.sheet in the task's parameters and run it again.",
  },
  LOCALE_INVALID: {
    what: "The locale, decimal separator or date order given under input is not one the service knows.",
    next: 'Use a locale such as en-US, de-DE or fr-FR, decimal "." or ",", and date_order MDY, DMY or YMD.',
  },
  INPUT_TOO_WIDE: {
    what: "The file has more columns than one task can analyse.",
    next: "Keep the columns you need (a few thousand at most) and upload that file.",
  },
  COMPUTE_QUEUE_TIMEOUT: {
    what: "The analysis servers stayed busy for too long and the task could not start; no credits were kept.",
    next: "Retry the task; it will wait for a free server again.",
  },
  AI_UPSTREAM_ERROR: {
    what: "The assistant did not answer; this turn was not charged.",
    next: "Ask again in a moment.",
  },
  INPUT_TOO_LARGE: {
    what: "The file has more data than one task can analyse.",
    next: "Split it into smaller files and run one task for each.",
  },
  AGENT_FAILED: { what: "One of the agents failed on this file.", next: "Retry the task; if it fails again, send support the task id." },

  STREAM_TICKET_INVALID: {
    what: "The live view of this task could not be opened.",
    next: "Reload the page; the console asks for a new ticket.",
  },
  STREAM_TICKET_EXPIRED: { what: "The live view's ticket expired.", next: "Reload the page to follow the task again." },
  STREAM_TICKET_WRONG_TASK: { what: "The live view was opened for another task.", next: "Open the task from your task list." },

  WEBHOOK_NOT_FOUND: { what: "That webhook endpoint does not exist (or is not yours).", next: "Pick an endpoint from your list." },
  WEBHOOK_LIMIT_REACHED: {
    what: "You already have as many webhook endpoints as allowed.",
    next: "Delete an endpoint you no longer use, then add the new one.",
  },
  WEBHOOK_URL_INVALID: {
    what: "That is not an address a webhook can be sent to.",
    next: "Give a full https:// URL without a user name or password.",
  },
  WEBHOOK_URL_FORBIDDEN: {
    what: "That address is on a private or internal network, which the service never calls.",
    next: "Give a public address for your receiver.",
  },

  NETWORK_ERROR: { what: "The service could not be reached.", next: "Check your connection and try again." },
};
