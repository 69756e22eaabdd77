import 'reflect-metadata';
import { generateSqliteDatabase } from '/work/wt-ops/dist/bench/copy-data.js';
const t = Date.now();
const c = await generateSqliteDatabase(process.argv[2], Number(process.argv[3]));
console.log(c, Object.values(c).reduce((a,b)=>a+b,0), Date.now()-t, 'ms');
