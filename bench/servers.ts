// A server under test, in its own process: `node servers.js <kind> [sandbox options as JSON]`.
//   bare-http — node:http answering a fixed JSON (the floor of any Node HTTP server)
//   express   — express 5 with express.json() and one route answering the same fixed JSON
//   poligon   — the whole sandbox (FES, GIS ES, ECS with their demo worlds), as startSandbox() runs it
// Tells the parent {port} once it listens; answers the stdin lines "memory" and "cpu"; exits when the
// parent closes its stdin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { exitWithParent, tellParent } from './lib/proc.js';
import { BASELINE_PATH, FIXED_ANSWER } from './lib/baseline.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function bareHttp(): Server {
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(FIXED_ANSWER) });
      res.end(FIXED_ANSWER);
    });
  });
}

/** Loaded only when asked for, so that the bare node:http server starts as light as it can. */
async function minimalExpress(): Promise<Server> {
  const { default: express } = await import('express');
  const app = express();
  app.use(express.json());
  const answer = JSON.parse(FIXED_ANSWER) as unknown;
  app.post(BASELINE_PATH, (_req, res) => {
    res.json(answer);
  });
  return createServer(app);
}

/** Answers the parent's questions: "memory" (after GC when --expose-gc) and "cpu" (process.cpuUsage()). */
function answerQuestions(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  createInterface({ input: process.stdin }).on('line', (line) => {
    const question = line.trim();
    if (question === 'cpu') tellParent(process.cpuUsage());
    if (question !== 'memory') return;
    gc?.();
    gc?.();
    tellParent(process.memoryUsage());
  });
}

async function main(): Promise<void> {
  answerQuestions();
  const [kind, optionsJson] = process.argv.slice(2);
  if (kind === 'poligon') {
    const { startSandbox } = await import('../src/sandbox.js');
    const sandbox = await startSandbox({ logLevel: 'silent', ...(optionsJson ? JSON.parse(optionsJson) : {}) });
    // The sandbox compiles its schemas in the background once listening; measure the steady state.
    sandbox.poligon.registry.compileAll();
    exitWithParent(() => sandbox.stop());
    tellParent({ port: sandbox.port, pid: process.pid });
    return;
  }
  const server = kind === 'bare-http' ? bareHttp() : kind === 'express' ? await minimalExpress() : undefined;
  if (!server) throw new Error(`unknown server kind "${kind}": bare-http, express or poligon`);
  const port = await listen(server);
  exitWithParent();
  tellParent({ port, pid: process.pid });
}

await main();
