import { customType } from "drizzle-orm/mysql-core";

/**
 * JSON kept in a LONGTEXT column. MariaDB has no real JSON type (it answers TEXT for one),
 * so serialising ourselves behaves the same on PlanetScale and on a local MariaDB.
 */
export const jsonText = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => "longtext",
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T)),
  })(name);
