import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Actor } from './actor.js';
import { deletedChanges, diffChanges, logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';

/*
 * Audited writes of records that carry no rule of their own (a user's name and phone as an organizer
 * corrects them, a broadcast draft): the change and its audit row in one transaction. Records with rules
 * (competitions, slots, panels, registrations, admin accounts) have their own functions.
 */

export function createRecord<T extends ObjectLiteral>(db: Database, actor: Actor, entity: EntityTarget<T>, table: string, values: Partial<T>): Promise<T> {
  return db.write(async (manager) => {
    const saved = await manager.save(manager.create(entity, values as T));
    await logAdminAction(manager, actor, `${table}.created`, table, saved.id, diffChanges({}, values));
    return saved;
  });
}

export function updateRecord<T extends ObjectLiteral>(db: Database, actor: Actor, entity: EntityTarget<T>, table: string, id: number, values: Partial<T>): Promise<void> {
  return db.write(async (manager) => {
    const before = await manager.getRepository(entity).createQueryBuilder('t').where('t.id = :id', { id }).getOne();
    if (!before) return;
    const diff = diffChanges(before, values);
    if (Object.keys(diff).length === 0) return;
    await manager.getRepository(entity).createQueryBuilder().update().set(values).where('id = :id', { id }).execute();
    await logAdminAction(manager, actor, `${table}.updated`, table, id, diff);
  });
}

/** Deletes a record; the audit keeps its columns but `secret` ones. */
export function deleteRecord<T extends ObjectLiteral>(db: Database, actor: Actor, entity: EntityTarget<T>, table: string, id: number, secret: string[] = []): Promise<void> {
  return db.write(async (manager) => {
    const before = await manager.getRepository(entity).createQueryBuilder('t').where('t.id = :id', { id }).getOne();
    if (!before) return;
    await manager.getRepository(entity).createQueryBuilder().delete().where('id = :id', { id }).execute();
    const kept = Object.fromEntries(Object.entries(before).filter(([key]) => !secret.includes(key)));
    await logAdminAction(manager, actor, `${table}.deleted`, table, id, deletedChanges(kept));
  });
}
