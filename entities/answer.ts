import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';
import { Question } from './question.js';
import { Registration } from './registration.js';
import { Team } from './team.js';

/**
 * One answer of a registration to one of its competition's questions. `value` is the normalized answer (an
 * option's value, `yes`/`no`, an ISO date, a JSON array of options, a file's JSON); `value_key` repeats it when
 * short, for the indexed filters and counts (domain/answers.ts writes both).
 */
@Entity({ name: 'answers' })
@Unique('UQ_answers_registration_question', ['registrationId', 'questionId'])
@Unique('UQ_answers_team_question', ['teamId', 'questionId'])
@Check('CHK_answers_owner', '("registration_id" IS NULL) <> ("team_id" IS NULL)')
@Index('IDX_answers_question_value', ['questionId', 'valueKey', 'registrationId'])
export class Answer extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The owner: a registration, or a team (a team question's answer); exactly one of the two. */
  @Column({ type: 'integer', nullable: true })
  registrationId: number | null;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'registration_id' })
  registration: Registration | null;

  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'team_id' })
  team: Team | null;

  @Column({ type: 'integer' })
  questionId: number;

  @ManyToOne(() => Question, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'question_id' })
  question: Question;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  valueKey: string | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
