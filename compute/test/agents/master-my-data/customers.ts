/** A small hand-made customer file with known duplicates, shared by the master agent tests. */
import { datasetFromRows } from "../../support/dataset.js";

export const CUSTOMER_COLUMNS = ["customer_id", "first_name", "last_name", "email", "phone", "zip", "city", "updated_at"];

// Rows 1–3: one person (case and format differences, a typo in the surname, a missing phone).
// Rows 4–5: one person whose first name is spelled two ways, sharing one email.
// Rows 6–7: one person (surname typo, one digit off in the phone), found by surname sound + zip.
// Rows 8–9: two people with one surname and zip but nothing else in common.
// Row 10: no email, phone or zip: nothing to block on.
export const CUSTOMER_ROWS: (string | null)[][] = [
  ["C001", "John", "Smith", "john.smith@example.com", "(555) 123-4567", "10001", "New York", "2024-01-10"],
  ["C002", "Jon", "Smith", "JOHN.SMITH@EXAMPLE.COM", "555.123.4567", "10001", "new york", "2024-03-05"],
  ["C003", "John", "Smiht", "john.smith@example.com", "", "10001", "New York City", "2023-11-20"],
  ["C004", "Catherine", "Jones", "cjones@mail.com", "555-987-6543", "94105", "San Francisco", "2024-02-01"],
  ["C005", "Katherine", "Jones", "cjones@mail.com", null, "94105", "San Francisco", "2024-05-01"],
  ["C006", "Robert", "Brown", "rbrown@x.org", "555-222-3333", "60601", "Chicago", "2022-07-15"],
  ["C007", "Robert", "Browne", "", "555-222-3334", "60601", "Chicago", "2024-04-30"],
  ["C008", "Alice", "Walker", "awalker@mail.com", "555-444-5555", "30301", "Atlanta", "2023-01-01"],
  ["C009", "Alicia", "Walker", "alicia.w@other.com", "555-777-8888", "30301", "Atlanta", "2023-06-01"],
  ["C010", "Sam", "Lee", null, "", null, "Boston", "2024-01-01"],
];

export function customers() {
  return datasetFromRows(CUSTOMER_COLUMNS, CUSTOMER_ROWS, { batchSize: 4 });
}
