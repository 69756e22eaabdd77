import validator from 'validator';

/** An admin's e-mail as it is stored and looked up: trimmed, lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * An e-mail address an admin account may have: the syntax of a real address (validator's isEmail: a dot-atom local
 * part, a domain with a TLD, at most 254 characters), without quoted local parts (`"<script>"@x.test` is valid by
 * RFC 5321, never an organizer's address). Nothing of HTML — `<`, `>`, quotes, spaces — gets through. The one check
 * for every way an account gets an e-mail: the admin's form, the CLI and ADMIN_EMAIL.
 */
export function isValidEmail(email: string): boolean {
  return validator.isEmail(email, { blacklisted_chars: '"' });
}
