/** The deployment's settings that the domain's rules read (from the configuration; defaults for tests and tools). */
export interface DomainSettings {
  /** TZ_DISPLAY: a competition without an end ends with the start's day in this zone. */
  timeZone: string;
  /** WAITLIST_OFFER: how long a freed place waits for the next person's answer, in ms. */
  waitlistOfferMs: number;
  /** PHONE_REGION: the country of a phone number typed without + (in the admin, and in every search). */
  phoneRegion: string;
  /** PRIVACY_OPERATOR and PRIVACY_CONTACT: written into the consent document. */
  privacyOperator: string;
  privacyContact: string;
  /** Keys the hash of the Telegram id a consent record keeps (config.consentHashKey, from SESSION_SECRET). */
  consentHashKey: string;
  /** RETENTION_DAYS: days after a competition's end (or a silent user's last message) that personal data is kept. */
  retentionDays: number;
}

export const DEFAULT_SETTINGS: DomainSettings = {
  timeZone: 'Europe/Moscow',
  waitlistOfferMs: 12 * 3_600_000,
  phoneRegion: 'RU',
  privacyOperator: 'Development operator (set PRIVACY_OPERATOR)',
  privacyContact: 'privacy@example.org (set PRIVACY_CONTACT)',
  consentHashKey: 'development-consent-hash-key',
  retentionDays: 30,
};
