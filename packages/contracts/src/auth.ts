import * as v from 'valibot';

export const LoginRequest = v.object({
  login: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  totpCode: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/))),
});
export type LoginRequest = v.InferOutput<typeof LoginRequest>;

export const SwitchRequest = v.object({ membershipId: v.pipe(v.string(), v.uuid()) });
export type SwitchRequest = v.InferOutput<typeof SwitchRequest>;

export const PasswordChange = v.object({
  currentPassword: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  newPassword: v.pipe(v.string(), v.minLength(10), v.maxLength(128)),
});
export type PasswordChange = v.InferOutput<typeof PasswordChange>;

export const TotpCode = v.object({ code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/)) });
export type TotpCode = v.InferOutput<typeof TotpCode>;
