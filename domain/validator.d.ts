// The one function of `validator` (a dependency without types of its own) the domain uses.
declare module 'validator' {
  interface IsEmailOptions {
    allow_display_name?: boolean;
    allow_utf8_local_part?: boolean;
    require_tld?: boolean;
    ignore_max_length?: boolean;
    allow_ip_domain?: boolean;
    blacklisted_chars?: string;
  }
  const validator: { isEmail(value: string, options?: IsEmailOptions): boolean };
  export default validator;
}
