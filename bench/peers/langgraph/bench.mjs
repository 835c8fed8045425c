// LangGraph.js with its PostgreSQL checkpointer doing the 3-step durable work of bench/peers.sh: a graph of three
// nodes, each checkpointed before the next starts (durability "sync", Kor'tana's guarantee; "async" on request), one
// thread per task, C callers in a closed loop. Prints one PEER line, as dev.kortana.peers.PeerBench does.
//   node bench.mjs [--url postgresql://...] [--tasks N] [--warmup W] [--concurrency C] [--durability sync|async|exit]
//                  [--rate R]   (R tasks started a second on a fixed schedule, at most C at once; 0: closed loop)
import { readFileSync, readdirSync } from "node:fs";
import pg from "pg";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";

const options = { url: "postgresql://postgres@127.0.0.1:5432/bench_langgraph", tasks: 2000, warmup: 200, concurrency: 16,
  durability: "sync", rate: 0 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, "");
  if (!(key in options)) {
    console.error(`bench.mjs: unknown option ${process.argv[i]}`);
    process.exit(2);
  }
  options[key] = typeof options[key] === "number" ? Number(process.argv[i + 1]) : process.argv[i + 1];
}

const State = Annotation.Root({ input: Annotation(), out: Annotation() });
const step = (text, n) => `step ${n} of ${text}`;
const graph = new StateGraph(State)
  .addNode("one", (s) => ({ out: step(s.input, 1) }))
  .addNode("two", (s) => ({ out: step(s.out, 2) }))
  .addNode("three", (s) => ({ out: step(s.out, 3) }))
  .addEdge(START, "one").addEdge("one", "two").addEdge("two", "three").addEdge("three", END);

const pool = new pg.Pool({ connectionString: options.url, max: options.concurrency });
const checkpointer = new PostgresSaver(pool);
await checkpointer.setup();
const app = graph.compile({ checkpointer });

async function closedLoop(tasks, prefix, latencies) {
  let next = 0;
  const start = process.hrtime.bigint();
  const caller = async () => {
    for (let n = next++; n < tasks; n = next++) {
      if (options.rate > 0) {
        // Task n starts n / rate seconds after the phase began (or at once, when late).
        const waitMs = Number(start + BigInt(Math.round((n * 1e9) / options.rate)) - process.hrtime.bigint()) / 1e6;
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
      const t0 = process.hrtime.bigint();
      await app.invoke({ input: `${prefix}-${n}` },
        { configurable: { thread_id: `${prefix}-${n}-${process.pid}` }, durability: options.durability });
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
}

async function xid() {
  const r = await pool.query("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS x");
  return Number(r.rows[0].x);
}

// All the CPU PostgreSQL used: its live processes, and the ended backends (the postmaster's cutime + cstime).
function postgresTicks() {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!name.startsWith("postgres")) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

await closedLoop(options.warmup, "warm", []);
const xidBefore = await xid();
const pgBefore = postgresTicks();
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const latencies = [];
await closedLoop(options.tasks, "task", latencies);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const pgTicks = postgresTicks() - pgBefore;
const xids = (await xid()) - xidBefore;
latencies.sort((a, b) => a - b);
const load = readFileSync("/proc/loadavg", "utf8").trim();
console.log(`PEER langgraph-${options.durability} | tasks ${options.tasks} | concurrency ${options.concurrency}`
  + (options.rate > 0 ? ` | rate ${options.rate}/s` : "")
  + ` | ${(options.tasks / seconds).toFixed(1)} tasks/s | p50 ${percentile(latencies, 50).toFixed(2)} ms`
  + ` | p99 ${percentile(latencies, 99).toFixed(2)} ms | ${(xids / options.tasks).toFixed(2)} write tx/task`
  + ` | app ${((cpu.user + cpu.system) / 1000 / options.tasks).toFixed(2)} cpu-ms/task`
  + ` | postgres ${(pgTicks * 10 / options.tasks).toFixed(2)} cpu-ms/task | load ${load}`);
await pool.end();
