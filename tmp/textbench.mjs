import 'reflect-metadata';
import { openDatabase } from '../dist/server/ops/connection.js';
import { openReader } from '../dist/server/ops/read-rows.js';
import { describeTables } from '../dist/server/ops/tables.js';
const db = await openDatabase(process.argv[2]);
const tables = describeTables(db.dataSource).filter(t => ['users','registrations','outbox_messages'].includes(t.name));
const r = await openReader(db);
for (const bs of [5000, 20000]) for (const t of tables) {
  let s = Date.now(), n = 0;
  for await (const b of r.copyTextBatches(t, bs)) n += b.rows;
  console.log(bs, t.name, n, Math.round(n / ((Date.now() - s) / 1000)), 'rows/s sqlite text');
}
await r.close(); await db.close();
