import { BaseRecord, ValidationError, flat, type ActionContext, type Filter, type RecordError } from 'adminjs';
import { Resource as TypeormResource } from '@adminjs/typeorm';
import { QueryFailedError, type BaseEntity, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Database } from '../../domain/infrastructure/database.js';
import { DomainError } from '../../domain/errors.js';
import { checkTextLengths } from '../../domain/field-lengths.js';
import { adminActor, diffChanges, type Actor } from '../../domain/index.js';
import { formatForPeople, parseInZone, TimeFormatError } from '../../domain/time.js';
import { whereContains } from '../../domain/read-models/search.js';
import type { CurrentAdmin } from '../auth.js';
import { adminLanguage, translateAdmin, translateDomainError } from '../locale.js';
import type { Language } from '../../i18n/index.js';

// AdminJS hands form params and records over as untyped values; the domain functions check what they take.
type Row = Record<string, any>;
/** A column of the entity as @adminjs/typeorm describes it (its Property, which the package does not export). */
type ColumnProperty = ReturnType<TypeormResource['properties']>[number];

export interface ResourceContext {
  db: Database;
  /** TZ_DISPLAY: dates are shown and entered in it. */
  timeZone: string;
}

/** Per-resource behaviour on top of the generic reads; writes go to the domain. */
export interface ResourceBehaviour<T extends ObjectLiteral = ObjectLiteral> {
  /** Table name: the audit's `resource`. */
  table: string;
  /** Computed params added to each record (titles, deep links), for a batch of rows. */
  virtuals?(rows: T[], ctx: ResourceContext, language: Language): Promise<Row[]> | Row[];
  /** Handles the `search` filter (name, username, phone …) by adding joins and a WHERE to the query. */
  search?: (qb: SelectQueryBuilder<ObjectLiteral>, text: string) => void;
  /** Filters on something other than a column (a registration's answer to the reminder), by filter name. */
  virtualFilters?: Record<string, (qb: SelectQueryBuilder<ObjectLiteral>, value: string) => void>;
  /** Columns the admin never sends to the browser (password_hash). */
  secret?: string[];
  /**
   * Foreign keys shown as plain numbers: AdminJS would otherwise send the whole referenced row along (populate).
   * Every key to a table in PRIVATE_TABLES is one without being listed here.
   */
  plainKeys?: string[];
  /** Rows the current admin may not see at all (e.g. organizers and the admin accounts' audit rows). */
  hide?: (qb: SelectQueryBuilder<ObjectLiteral>, currentAdmin: CurrentAdmin | undefined) => void;
  /** The resource's writes, each through the domain; a write it lacks is refused (define.ts checks the actions). */
  writes: Writes<T>;
}

/**
 * Writes with the domain's rules, each one transaction with its audit row. `update` gets the changed columns
 * and the form's virtual fields (a new password) and handles them all.
 */
export interface Writes<T extends ObjectLiteral = ObjectLiteral> {
  create?(args: WriteArgs): Promise<ObjectLiteral>;
  update?(args: WriteArgs & { id: number; before: T }): Promise<unknown>;
  delete?(args: { id: number; actor: Actor }): Promise<void>;
}

/**
 * Tables whose rows never travel as a referenced record (AdminJS's `populated`): an admin account's e-mail and
 * role would reach everyone who may read the record that points at it (who checked someone in, who did what).
 * A record shows such a key as a plain number, and a display name as a virtual where one is useful.
 */
export const PRIVATE_TABLES: readonly string[] = ['admin_users'];

/**
 * "ДД.ММ.ГГГГ ЧЧ:ММ" (also with "/" or "-", a comma before the time as the bot writes it, a one-digit day or
 * month, a two-digit year of this century: "25.12.26 11:00") → "YYYY-MM-DD HH:mm"; other text as is.
 */
const LOCAL_DAY_FIRST = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ ,T]+(\d{1,2})[:.](\d{2}))?\s*$/;
export function fromDayFirst(text: string): string {
  const m = LOCAL_DAY_FIRST.exec(text);
  if (!m) return text;
  const [, day, month, year, hour, minute] = m;
  const fullYear = year.length === 2 ? `20${year}` : year;
  return `${fullYear}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${hour ? ` ${hour.padStart(2, '0')}:${minute}` : ''}`;
}

export interface WriteArgs {
  changes: Row;
  extra: Row;
  actor: Actor;
  ctx: ResourceContext;
}

export function actorOf(context?: ActionContext): Actor {
  const admin = context?.currentAdmin as CurrentAdmin | undefined;
  if (!admin?.id) throw new ValidationError({}, { message: 'Not logged in', type: 'forbidden' });
  return adminActor(Number(admin.id), 'admin');
}

/** A domain error (or busy) as the message AdminJS shows at the top of the form. */
export function asValidationError(error: unknown, language: Language = 'ru'): unknown {
  let base: RecordError | null = null;
  if (error instanceof DomainError) base = { message: translateDomainError(error, language), type: error.key };
  if (error instanceof TimeFormatError) base = { message: error.message, type: 'time' };
  // A constraint of the database (a required field left out, a duplicate e-mail): the driver's message
  // names the column, which is what the organizer needs to fix the form.
  if (error instanceof QueryFailedError) base = { message: error.message, type: 'database' };
  if (error instanceof ValidationError && error.baseError && Object.keys(error.propertyErrors ?? {}).length === 0) base = error.baseError;
  // A domain error about one field is shown under that field; AdminJS judges a record valid by its property
  // errors alone, so a form-level error gets a key too.
  if (base && error instanceof DomainError && error.field) return new ValidationError({ [error.field]: base }, base);
  return base ? new ValidationError({ _form: base }, base) : error;
}

/**
 * The @adminjs/typeorm resource with our reads and writes:
 * - reads through one query builder (filters, the `search` filter, sorting), with virtual params and
 *   dates rendered in TZ_DISPLAY, and secret columns removed before anything reaches the browser;
 * - writes through the resource's own domain writes (`behaviour.writes`), each one transaction with its audit
 *   row; every text first checked against its column's length (domain/field-lengths.ts), shown on its field
 *   when too long.
 */
export class AppResource extends TypeormResource {
  constructor(
    model: typeof BaseEntity,
    readonly ctx: ResourceContext,
    readonly behaviour: ResourceBehaviour,
  ) {
    super(model);
    this.entity = model;
    // Dates travel as "YYYY-MM-DD HH:mm" text in TZ_DISPLAY (see time.ts), not as the browser's local time:
    // AdminJS must not convert them itself.
    for (const property of this.properties()) {
      if (property.column.type === Date) property.type = () => 'string';
      const target = property.column.referencedColumn?.entityMetadata.tableName;
      if (behaviour.plainKeys?.includes(property.path()) || (target && PRIVATE_TABLES.includes(target))) property.reference = () => null;
    }
  }

  private readonly entity: EntityTarget<ObjectLiteral>;

  private get repository() {
    return this.ctx.db.dataSource.getRepository(this.entity);
  }

  private isDate(property: ColumnProperty): boolean {
    return property.column.type === Date;
  }

  private dateColumns(): string[] {
    return this.properties()
      .filter((p) => this.isDate(p))
      .map((p) => p.path());
  }

  private query(filter: Filter | undefined, context?: ActionContext): SelectQueryBuilder<ObjectLiteral> {
    const qb = this.repository.createQueryBuilder('t');
    this.behaviour.hide?.(qb, context?.currentAdmin as CurrentAdmin | undefined);
    for (const [path, f] of Object.entries(filter?.filters ?? {})) {
      const value = f.value;
      if (value === undefined || value === '') continue;
      // The `search` filter, and the reference pickers' search on a computed title (a user's name), go to
      // the resource's search (name, username, phone).
      const titleKey = this._decorated?.options.titleProperty;
      if (path === 'search' || (path === titleKey && !this.property(path))) {
        if (this.behaviour.search && String(value).trim()) this.behaviour.search(qb, String(value).trim());
        continue;
      }
      const virtualFilter = this.behaviour.virtualFilters?.[path];
      if (virtualFilter) {
        virtualFilter(qb, String(value));
        continue;
      }
      const property: ColumnProperty | null = this.property(path);
      if (!property) continue;
      const column = `t.${property.column.propertyName}`;
      const param = `f_${path.replace(/\W/g, '_')}`;
      const type = property.type();
      if (this.isDate(property)) {
        // A typed day ("2030-05-01") means that whole day; a time means from then on; or a {from, to} range.
        const typed = typeof value === 'string';
        let from: Date | null;
        let to: Date | null;
        try {
          from = parseInZone(typed ? fromDayFirst(value) : value.from ? fromDayFirst(value.from) : null, this.ctx.timeZone);
          const wholeDay = typed && /^\s*\d{4}-\d{1,2}-\d{1,2}\s*$/.test(fromDayFirst(value));
          to = typed ? (wholeDay && from ? new Date(from.getTime() + 86_400_000 - 1) : null) : parseInZone(value.to ? fromDayFirst(value.to) : null, this.ctx.timeZone);
        } catch (error) {
          if (error instanceof TimeFormatError) continue; // a half-typed date filters nothing
          throw error;
        }
        if (from) qb.andWhere(`${column} >= :${param}_from`, { [`${param}_from`]: this.ctx.db.date(from) });
        if (to) qb.andWhere(`${column} <= :${param}_to`, { [`${param}_to`]: this.ctx.db.date(to) });
      } else if (type === 'boolean') {
        qb.andWhere(`${column} = :${param}`, { [param]: String(value) === 'true' });
      } else if (type === 'number' || type === 'reference') {
        const n = Number(value);
        if (Number.isFinite(n)) qb.andWhere(`${column} = :${param}`, { [param]: n });
      } else if (this.behaviour.secret?.includes(path)) {
        continue;
      } else if (['status', 'role', 'state'].includes(path)) {
        qb.andWhere(`${column} = :${param}`, { [param]: String(value) });
      } else {
        whereContains(qb, this.ctx.db.isPostgres, column, String(value), param);
      }
    }
    return qb;
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return this.query(filter, context).getCount();
  }

  override async find(
    filter: Filter,
    params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } },
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const { limit = 10, offset = 0, sort = {} } = params;
    const qb = this.query(filter, context);
    const sortProperty: ColumnProperty | null = sort.sortBy ? this.property(sort.sortBy) : null;
    // The API refuses other directions (request-checks.ts); never hand TypeORM anything but these two.
    const direction = String(sort.direction).toLowerCase() === 'asc' ? 'ASC' : 'DESC';
    qb.orderBy(`t.${sortProperty ? sortProperty.column.propertyName : this.idName()}`, direction);
    if (sortProperty) qb.addOrderBy(`t.${this.idName()}`, direction);
    const rows = await qb.limit(limit).offset(offset).getMany();
    return this.toRecords(rows, adminLanguage(context));
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const qb = this.repository.createQueryBuilder('t').where(`t.${this.idName()} = :id`, { id });
    this.behaviour.hide?.(qb, context?.currentAdmin as CurrentAdmin | undefined);
    const row = await qb.getOne();
    return row ? (await this.toRecords([row], adminLanguage(context)))[0] : null;
  }

  /**
   * The records of these ids: for a bulk action, and for AdminJS's populate of references from other resources'
   * records. Only to someone who may list this resource: a reference must not carry a row its reader could not
   * open (an organizer's registration page must not bring along the admin account behind it).
   */
  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    if (ids.length === 0) return [];
    if (!this.mayList(context)) return [];
    const qb = this.repository.createQueryBuilder('t').where(`t.${this.idName()} IN (:...ids)`, { ids });
    this.behaviour.hide?.(qb, context?.currentAdmin as CurrentAdmin | undefined);
    const rows = await qb.getMany();
    return this.toRecords(rows);
  }

  private mayList(context?: ActionContext): boolean {
    const list = this._decorated?.actions.list;
    if (!list) return false;
    return Boolean(context?.currentAdmin) && list.isAccessible(context!.currentAdmin) === true;
  }

  /** Plain params of rows as the browser gets them: virtuals added, dates in TZ_DISPLAY, secrets removed. */
  async toParams(rows: Row[], language: Language = 'ru'): Promise<Row[]> {
    const dates = this.dateColumns();
    const plain = rows.map((row) => {
      const params: Row = {};
      for (const property of this.properties()) {
        const key = property.path();
        if (this.behaviour.secret?.includes(key)) continue;
        params[key] = dates.includes(key) ? formatForPeople(row[key], this.ctx.timeZone) : row[key];
      }
      return params;
    });
    if (!this.behaviour.virtuals) return plain;
    const extra = await this.behaviour.virtuals(rows, this.ctx, language);
    return plain.map((params, i) => ({ ...params, ...extra[i] }));
  }

  private async toRecords(rows: Row[], language?: Language): Promise<BaseRecord[]> {
    return (await this.toParams(rows, language)).map((params) => new BaseRecord(params, this));
  }

  /**
   * A typed date-time: "20.03.2027 11:00" as people type it, or "2027-03-20 11:00"; a bad one is an error on
   * its field, in the admin's language.
   */
  private parseDate(key: string, raw: string, language: Language): Date | null {
    try {
      return parseInZone(fromDayFirst(raw), this.ctx.timeZone);
    } catch (error) {
      if (!(error instanceof TimeFormatError)) throw error;
      const bad = LOCAL_DAY_FIRST.test(raw) || /^\s*\d{4}-/.test(raw);
      const message = bad ? translateAdmin(language, 'timeNoSuch', { value: raw }) : translateAdmin(language, 'timeFormat');
      throw new ValidationError({ [key]: { message, type: 'time' } });
    }
  }

  /** Form params → column values: numbers, booleans, references, dates read in TZ_DISPLAY; only real columns. */
  toColumns(params: Row, language: Language = 'ru'): { values: Row; extra: Row } {
    const unflat = flat.unflatten(params) as Row;
    const editable = this._decorated?.options.editProperties;
    const values: Row = {};
    const extra: Row = {};
    for (const key of editable ?? []) if (!this.property(key) && key in unflat) extra[key] = unflat[key];
    for (const property of this.properties()) {
      const key = property.path();
      if (!(key in unflat) || property.isId() || !property.isEditable()) continue;
      if (editable && !editable.includes(key)) continue;
      if (this.behaviour.secret?.includes(key)) continue;
      const raw = unflat[key];
      const type = property.type();
      const nullable = property.column.isNullable;
      if (raw === '' || raw === null || raw === undefined) {
        values[key] = type === 'boolean' ? false : nullable ? null : raw;
        if (!nullable && type !== 'boolean') throw new ValidationError({ [key]: { message: 'required', type: 'required' } });
        continue;
      }
      if (this.isDate(property)) values[key] = this.parseDate(key, String(raw), language);
      else if (type === 'boolean') values[key] = raw === true || raw === 'true';
      else if (type === 'number' || type === 'reference') {
        const n = Number(raw);
        if (!Number.isFinite(n)) throw new ValidationError({ [key]: { message: 'must be a number', type: 'number' } });
        values[key] = n;
      } else values[key] = raw;
    }
    return { values, extra };
  }

  override async create(params: Row, context?: ActionContext): Promise<Row> {
    const actor = actorOf(context);
    try {
      const { values, extra } = this.toColumns(params, adminLanguage(context));
      checkTextLengths(this.ctx.db, this.entity, values);
      const saved = await this.write('create').call(this.behaviour.writes, { changes: values, extra, actor, ctx: this.ctx });
      return (await this.toParams([saved]))[0];
    } catch (error) {
      throw asValidationError(error, adminLanguage(context));
    }
  }

  override async update(id: string | number, params: Row, context?: ActionContext): Promise<Row> {
    const actor = actorOf(context);
    try {
      const before = await this.repository.findOneBy({ [this.idName()]: id });
      if (!before) throw new ValidationError({}, { message: 'not found', type: 'notFound' });
      const { values, extra } = this.toColumns(params, adminLanguage(context));
      checkTextLengths(this.ctx.db, this.entity, values);
      const changes: Row = Object.fromEntries(Object.keys(diffChanges(before, values)).map((k) => [k, values[k]]));
      const update = this.write('update');
      if (Object.keys(changes).length > 0 || Object.values(extra).some((v) => v !== undefined && v !== '')) {
        await update.call(this.behaviour.writes, { id: Number(id), before, changes, extra, actor, ctx: this.ctx });
      }
      const after = await this.repository.findOneByOrFail({ [this.idName()]: id });
      return (await this.toParams([after]))[0];
    } catch (error) {
      throw asValidationError(error, adminLanguage(context));
    }
  }

  override async delete(id: string | number, context?: ActionContext): Promise<void> {
    const actor = actorOf(context);
    try {
      await this.write('delete').call(this.behaviour.writes, { id: Number(id), actor });
    } catch (error) {
      throw asValidationError(error, adminLanguage(context));
    }
  }

  /** The resource's write of that kind; one it does not have is refused, never done some generic way. */
  private write<K extends keyof Writes>(kind: K): NonNullable<Writes[K]> {
    const write = this.behaviour.writes[kind];
    if (!write) throw new ValidationError({}, { message: `${this.behaviour.table}: no ${kind}`, type: 'forbidden' });
    return write as NonNullable<Writes[K]>;
  }
}
