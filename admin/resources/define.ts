import type { Action, ActionContext, ActionRequest, After, RecordActionResponse, ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { BaseEntity } from 'typeorm';
import { createRecord, deleteRecord, updateRecord } from '../../domain/records.js';
import { AppResource, type ResourceBehaviour, type Writes } from './app-resource.js';
import { never, type ResourceDeps } from './shared.js';

type EntityClass<T extends BaseEntity> = (new () => T) & typeof BaseEntity;

/** One resource, whole: how it reads and writes, and what AdminJS shows and lets do. */
export interface ResourceDefinition<T extends BaseEntity> extends ResourceBehaviour<T> {
  options: Omit<ResourceOptions, 'actions'>;
  /** AdminJS's actions (see access() in shared.ts) and the resource's own. */
  actions: NonNullable<ResourceOptions['actions']>;
}

/** AdminJS's actions that write, and the write each needs. */
const WRITING_ACTIONS = { new: 'create', edit: 'update', delete: 'delete' } as const;

/**
 * A resource of the admin, keyed by its entity class. Every action that writes must have its write in
 * `writes` — an allowed `edit` without `update` stops the boot — so nothing falls back to a write past the
 * domain's rules.
 */
export function defineResource<T extends BaseEntity>(entity: EntityClass<T>, deps: ResourceDeps, definition: ResourceDefinition<T>): ResourceWithOptions {
  const { options, actions, ...behaviour } = definition;
  for (const [action, write] of Object.entries(WRITING_ACTIONS)) {
    // An action AdminJS is not told about is open to everyone logged in.
    const allowed = (actions as Record<string, { isAccessible?: unknown } | undefined>)[action]?.isAccessible ?? true;
    if (allowed !== never && allowed !== false && !behaviour.writes[write]) {
      throw new Error(`admin: the ${entity.name} resource allows "${action}" but has no ${write} write (admin/resources/)`);
    }
  }
  return { resource: new AppResource(entity, deps.ctx, behaviour as ResourceBehaviour), options: { ...options, actions: landingOnTheRecord(actions) } };
}

/**
 * A record saved (created or edited) opens its own page, not the list: what comes next — a slot for the new
 * competition, the broadcast's schedule — is done from there.
 */
const openSavedRecord: After<RecordActionResponse> = async (response: RecordActionResponse, request: ActionRequest, context: ActionContext) => {
  const id = response.record?.id;
  // Not saved (the form's errors are on it): the form stays.
  if (request.method !== 'post' || !response.redirectUrl || id === undefined || id === null || Object.keys(response.record?.errors ?? {}).length) return response;
  return { ...response, redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(id), actionName: 'show' }) };
};

function landingOnTheRecord(actions: ResourceDefinition<BaseEntity>['actions']): ResourceDefinition<BaseEntity>['actions'] {
  const next = { ...actions };
  for (const name of ['new', 'edit'] as const) {
    const action = (next[name] ?? {}) as Partial<Action<RecordActionResponse>>;
    const after = action.after ? (Array.isArray(action.after) ? action.after : [action.after]) : [];
    next[name] = { ...action, after: [openSavedRecord, ...after] };
  }
  return next;
}

/**
 * The domain's plain audited writes (domain/records.ts), for records no rule guards (a user's name as an
 * organizer corrects it): chosen by name in a resource, never a fallback.
 */
export function plainWrites<T extends BaseEntity>(entity: EntityClass<T>, table: string, deps: ResourceDeps, secret: string[] = []): Required<Writes<T>> {
  const { db } = deps.ctx;
  return {
    create: ({ changes, actor }) => createRecord(db, actor, entity, table, changes as Partial<T>),
    update: ({ id, changes, actor }) => updateRecord(db, actor, entity, table, id, changes as Partial<T>),
    delete: ({ id, actor }) => deleteRecord(db, actor, entity, table, id, secret),
  };
}
