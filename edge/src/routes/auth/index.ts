import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.js";
import { registerDevRoutes } from "../dev/index.js";
import { forgotPasswordHandler, forgotPasswordRoute } from "./forgot-password.js";
import { loginHandler, loginRoute } from "./login.js";
import { logoutHandler, logoutRoute } from "./logout.js";
import { meHandler, meRoute } from "./me.js";
import { refreshHandler, refreshRoute } from "./refresh.js";
import { resendOtpHandler, resendOtpRoute } from "./resend-otp.js";
import { resetPasswordHandler, resetPasswordRoute } from "./reset-password.js";
import { signupHandler, signupRoute } from "./signup.js";
import { verifyOtpHandler, verifyOtpRoute } from "./verify-otp.js";

/** Mounts the auth routes, and the development mail outbox that the sign-up flow is read back through. */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>) {
  // The scheme authenticated routes name in their `security`: the access token from login.
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.openapi(signupRoute, signupHandler);
  app.openapi(verifyOtpRoute, verifyOtpHandler);
  app.openapi(resendOtpRoute, resendOtpHandler);
  app.openapi(loginRoute, loginHandler);
  app.openapi(refreshRoute, refreshHandler);
  app.openapi(logoutRoute, logoutHandler);
  app.openapi(forgotPasswordRoute, forgotPasswordHandler);
  app.openapi(resetPasswordRoute, resetPasswordHandler);
  app.openapi(meRoute, meHandler);
  registerDevRoutes(app);
}
