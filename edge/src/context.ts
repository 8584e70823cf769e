import type { ErrorCode } from "@agensium/shared";
import type { Database } from "./db/client.js";
import type { Config, Env } from "./env.js";
import type { Storage } from "./services/storage.js";

export interface CurrentUser {
  id: string;
  email: string;
  fullName: string;
}

/** Everything a handler reaches through `c.var`, set up once per request by requestContext(). */
export interface AppVariables {
  requestId: string;
  config: Config;
  db: Database;
  storage: Storage;
  user?: CurrentUser;
  /** Set when the request was authenticated with an API key (never the key itself). */
  apiKeyId?: string;
  errorCode?: ErrorCode;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
