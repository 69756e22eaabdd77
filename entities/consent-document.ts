import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TIMESTAMP } from './columns.js';

/**
 * The consent text, one row per version and language. A changed text is a new version; old versions stay
 * (a consent record names the version it rests on). `{operator}`, `{contact}` and `{days}` in the text are
 * filled in from PRIVACY_OPERATOR, PRIVACY_CONTACT and RETENTION_DAYS when it is shown (domain/consents.ts).
 */
@Entity({ name: 'consent_documents' })
@Unique('UQ_consent_documents_version_language', ['version', 'language'])
export class ConsentDocument extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
