import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Schema } from "hono";
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
export function registerAuthRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  // Development-only and left out of the contract: not chained into the returned type.
  registerDevRoutes(app);
  return app
    .openapi(signupRoute, signupHandler)
    .openapi(verifyOtpRoute, verifyOtpHandler)
    .openapi(resendOtpRoute, resendOtpHandler)
    .openapi(loginRoute, loginHandler)
    .openapi(refreshRoute, refreshHandler)
    .openapi(logoutRoute, logoutHandler)
    .openapi(forgotPasswordRoute, forgotPasswordHandler)
    .openapi(resetPasswordRoute, resetPasswordHandler)
    .openapi(meRoute, meHandler);
}
