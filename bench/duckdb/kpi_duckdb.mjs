// Runs bench/kpi_queries.sql in DuckDB (in memory) on the CSV of `kpi_bench --dump`.
//   node kpi_duckdb.mjs FACTS.csv QUERIES.sql FROM TO FROM90 NOW RUNS THREADS
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [csv, sqlFile, from, to, from90, now, runs = '7', threads = '1'] = process.argv.slice(2);
const schema = readFileSync(new URL('../kpi_schema.sql', import.meta.url), 'utf8');
const sql = readFileSync(sqlFile, 'utf8').replaceAll('@FROM@', from).replaceAll('@TO@', to)
  .replaceAll('@FROM90@', from90).replaceAll('@NOW@', now);
const queries = sql.split(';').map((q) => q.trim()).filter((q) => q.replace(/--.*$/gm, '').trim());

const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
let t = performance.now();
await con.run(schema);
await con.run(`INSERT INTO facts SELECT * FROM read_csv('${csv}', header = true, nullstr = '')`);
console.log(`duckdb: loaded in ${((performance.now() - t) / 1000).toFixed(1)} s, threads=${threads}`);
for (const [i, q] of queries.entries()) {
  const ms = [];
  let rows = 0;
  for (let r = 0; r < Number(runs); ++r) {
    t = performance.now();
    const reader = await con.runAndReadAll(q);
    ms.push(performance.now() - t);
    rows = reader.getRows().length;
  }
  ms.sort((a, b) => a - b);
  console.log(`duckdb query ${'ab'[i]}: ${rows} rows, median ${ms[ms.length >> 1].toFixed(1)} ms, best ${ms[0].toFixed(1)} ms`);
}
