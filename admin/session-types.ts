import type { CurrentAdmin } from './auth.js';

// What the admin keeps in its login session (@fastify/session), typed once for every hook and route.
declare module 'fastify' {
  interface Session {
    adminUser?: CurrentAdmin;
    redirectTo?: string;
  }
}

export {};
