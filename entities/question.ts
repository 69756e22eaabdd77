import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import { QUESTION_KINDS, REGISTRATION_ROLES, TIMESTAMP, oneOf, type QuestionKind, type RegistrationRole } from './columns.js';
import { Competition } from './competition.js';

/** An option of a one-of or several-of list. `limit`: places of its own (age categories, divisions); `removed`: hidden from new answers, kept for old ones. */
export interface QuestionOption {
  value: string;
  label_ru: string;
  label_en: string;
  limit?: number | null;
  removed?: boolean;
}

/** Every key optional; `min`/`max` are a number's value, a date's ISO date (or a date-time's), or a several-of list's count. */
export interface QuestionRules {
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  patternMessage_ru?: string;
  patternMessage_en?: string;
  /** What a file may be: `photo`, `document`, or MIME types / extensions (`application/pdf`, `.pdf`). */
  fileTypes?: string[];
  /** At most 20 (what the Bot API's getFile serves). */
  maxFileMb?: number;
}

/** One condition on an earlier answer: one of `values` (an option, `yes`/`no`), or a number within `min`…`max`. */
export interface Condition {
  questionId: number;
  values?: string[];
  min?: number;
  max?: number;
}

/** Asked only when the conditions hold: `all` of them or `any`. */
export interface ShowIf {
  combine: 'all' | 'any';
  conditions: Condition[];
}

/** JSON kept as text on both databases (the domain reads and writes it typed). */
function json<T>(): ValueTransformer {
  return {
    to: (value: T | null | undefined) => (value === null || value === undefined ? null : JSON.stringify(value)),
    from: (value: string | null) => (value === null || value === undefined ? null : (JSON.parse(value) as T)),
  };
}

/** A competition's own question (domain/questions.ts defines, checks and orders them). */
@Entity({ name: 'questions' })
@Check('CHK_questions_kind', oneOf('kind', QUESTION_KINDS))
@Check('CHK_questions_role', `"role" IS NULL OR ${oneOf('role', REGISTRATION_ROLES)}`)
@Index('IDX_questions_competition_id', ['competitionId', 'position'])
export class Question extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  competitionId: number;

  @ManyToOne(() => Competition, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition;

  /** null: asked of both participants and voters. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  role: RegistrationRole | null;

  @Column({ type: 'varchar', length: 16 })
  kind: QuestionKind;

  @Column({ type: 'text' })
  titleRu: string;

  @Column({ type: 'text' })
  titleEn: string;

  @Column({ type: 'text', nullable: true })
  helpRu: string | null;

  @Column({ type: 'text', nullable: true })
  helpEn: string | null;

  @Column({ type: 'boolean', default: false })
  required: boolean;

  /** The order within the competition (ascending; ties by id). */
  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'text', nullable: true, transformer: json<QuestionOption[]>() })
  options: QuestionOption[] | null;

  @Column({ type: 'text', nullable: true, transformer: json<QuestionRules>() })
  rules: QuestionRules | null;

  @Column({ type: 'text', nullable: true, transformer: json<ShowIf>() })
  showIf: ShowIf | null;

  /** A key shared across competitions ("school"): an answer given under it elsewhere is offered again. */
  @Index('IDX_questions_remember_as')
  @Column({ type: 'varchar', length: 64, nullable: true })
  rememberAs: string | null;

  /** Shown as a column of the admin's registration list. */
  @Column({ type: 'boolean', default: false })
  listColumn: boolean;

  /** A team question: asked once of the captain, its answer stored on the team (answers.team_id). */
  @Column({ type: 'boolean', default: false })
  forTeam: boolean;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
