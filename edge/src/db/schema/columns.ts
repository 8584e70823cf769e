import { datetime, varchar } from "drizzle-orm/mysql-core";

/** Prefixed ULIDs (`usr_` + 26) fit in 30 characters. */
export const idColumn = (name: string) => varchar(name, { length: 30 });

/** Millisecond UTC timestamps, read back as Date. */
export const timestamp = (name: string) => datetime(name, { mode: "date", fsp: 3 });
