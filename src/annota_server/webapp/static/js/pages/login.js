// Sign in; asks for the one-time code when the account uses two-factor authentication.
import { api, ApiError } from "../api.js";
import { h, mount, describe } from "../dom.js";
import { navigate } from "../app.js";

const OTP_REQUIRED = "otp-required"; // the end of the problem type urn:annota:problem:otp-required

export function render(view) {
  const error = h("p", { class: "error", role: "alert", id: "login-error" });
  const otpRow = h(
    "label",
    { hidden: true, id: "otp-row" },
    "One-time code ",
    h("input", { name: "otp", id: "otp", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}" }),
  );
  const form = h(
    "form",
    { class: "login", id: "login" },
    h("h1", {}, "Sign in to annota"),
    h("label", {}, "Username ", h("input", { name: "username", id: "username-input", autocomplete: "username", required: true })),
    h("label", {}, "Password ", h("input", { name: "password", id: "password", type: "password", autocomplete: "current-password", required: true })),
    otpRow,
    h("button", { type: "submit", id: "sign-in" }, "Sign in"),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    error.textContent = "";
    try {
      await api.login(data.get("username"), data.get("password"), data.get("otp") || undefined);
      navigate("/");
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem && String(failure.problem.type || "").endsWith(OTP_REQUIRED)) {
        otpRow.hidden = false;
        form.querySelector("#otp").focus();
        error.textContent = "Enter the one-time code from your authenticator app.";
        return;
      }
      error.textContent = describe(failure);
    }
  });
  mount(view, form);
  form.querySelector("#username-input").focus();
}
