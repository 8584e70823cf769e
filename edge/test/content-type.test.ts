/** JSON routes given a body of another media type, or none declared, answer 415 UNSUPPORTED_MEDIA_TYPE. */
import { describe, expect, it } from "vitest";
import { edgeUrl } from "../../test/support/http.js";
import { createTestUser } from "../../test/support/users.js";

// A refusal comes before the body is read, after which the worker closes the connection; a client
// that pooled it would send its next request into a reset socket. Each request gets its own.
async function post(path: string, body: string | undefined, headers: Record<string, string>) {
  const res = await fetch(`${edgeUrl()}${path}`, { method: "POST", headers: { ...headers, connection: "close" }, body });
  return { status: res.status, body: (await res.json()) as any };
}

describe("Content-Type on JSON routes", () => {
  const login = JSON.stringify({ email: "ada@example.com", password: "whatever123" });

  it("refuses text/plain, form-encoded and a missing Content-Type with 415", async () => {
    const user = await createTestUser();
    const cases: [string, string | undefined, Record<string, string>][] = [
      ["/auth/login", login, { "content-type": "text/plain" }],
      ["/auth/login", "email=ada%40example.com&password=whatever123", { "content-type": "application/x-www-form-urlencoded" }],
      ["/auth/login", login, {}],
      ["/auth/login", undefined, {}],
      ["/tasks", JSON.stringify({ tool_id: "profile-my-data" }), { "content-type": "text/plain", authorization: `Bearer ${user.token}` }],
      ["/tasks", undefined, { authorization: `Bearer ${user.token}` }],
    ];
    for (const [path, body, headers] of cases) {
      const res = await post(path, body, headers);
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(415);
      expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("still takes application/json, with a charset too", async () => {
    const res = await post("/auth/login", login, { "content-type": "application/json; charset=utf-8" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
  });
});
