import 'reflect-metadata';
import { openDatabase, sqliteHandle } from '../dist/server/ops/connection.js';
import { openReader } from '../dist/server/ops/read-rows.js';
import { describeTables } from '../dist/server/ops/tables.js';
const db = await openDatabase(process.argv[2]);
const tables = describeTables(db.dataSource).filter(t => ['users','registrations','processed_updates'].includes(t.name));
const r = await openReader(db);
for (const t of tables) {
  let s = Date.now(), n = 0;
  for await (const b of r.batches(t)) n += b.length;
  console.log(t.name, n, Math.round(n / ((Date.now() - s) / 1000)), 'rows/s read+canonical');
  s = Date.now(); n = 0;
  const h = sqliteHandle(db.dataSource);
  const rows = await h.all(`select * from ${t.name} limit 100000`);
  console.log(' raw all()', rows.length, Math.round(rows.length / ((Date.now() - s) / 1000)));
}
await r.close(); await db.close();
