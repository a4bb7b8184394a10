// The example harnesses `poligon driver example` writes: starting points a vendor edits so that each
// driver action (docs/packs.md, the driver protocol) makes its own software act. Both answer "cannot"
// to every action until edited, so a fresh copy already speaks the protocol and skips, never lies.

/** A webhook harness in Node 20 with no dependencies: `node harness.mjs`, then `--driver http://localhost:7000/act`. */
export const NODE_HARNESS = `#!/usr/bin/env node
// A Poligon driver harness (webhook). Poligon POSTs one action per step of an observe-mode pack
// (fes-certification, the ts-* cases of ecs-type-N) and waits for the answer; the verdict comes from
// the calls your software makes to the sandbox, never from this answer.
//
//   node harness.mjs                        # listens on PORT (default 7000)
//   poligon run fes-certification --driver http://localhost:7000/act --target http://localhost:8080
//
// Message (POST body): { protocol: "poligon-driver/1", runId, pack, case, step: { index, title },
//   action: { do: "fes.sale", ... }, instructions (the same step in the run's language), deadline (ISO UTC),
//   timeoutMs, sandbox: { root, namespace, urls: { fes, ecs, ... }, clock } }
// Answer (HTTP 200, JSON): { "result": "done" } when your software did it,
//   { "result": "failed", "reason": "..." } when something went wrong on your side,
//   { "result": "cannot", "reason": "..." } when your software cannot do this (the case is skipped).
// Every action, its parameters and an example: docs/packs.md («Driver protocol»), schemas/driver/.
import { createServer } from 'node:http';

const PORT = Number(process.env.PORT ?? 7000);

// What your test tooling remembers per case, e.g. the baskets your till got (keyed by runId/pack/case).
const sessions = new Map();

// One function per action. Make your software do what the action says — through its test API, UI
// automation, a message to the till… — and return when it is done. Throw to answer "failed".
// Delete an entry (or leave it throwing CannotDo) for what your software cannot do.
const ACTIONS = {
  // FES (cash register software). Every action may carry "configure": { fesUrl, cashRegisterId,
  // apiKey, macKey, protocolVersion } to set in your till first; the first action of each case has it.
  'fes.echo': async (action, session) => { throw new CannotDo('echo is not wired to the till yet'); },
  'fes.sale': async (action, session) => {
    // action.card.pan (the till sends its SHA-256 hash), action.card.par (protocol V2),
    // action.items: [{ truCode, count, price (kopecks), articleNumber?, certificateLastNumbers? }]
    throw new CannotDo('sale is not wired to the till yet');
  },
  'fes.retry': async () => { throw new CannotDo('safe retry (same requestId, new signature) is not wired yet'); },
  'fes.replay': async () => { throw new CannotDo('this till never resends a signed request byte for byte'); },
  'fes.pay': async (action) => { throw new CannotDo('terminal payment of basket ' + action.basketId + ' is not wired yet'); },
  'fes.receipt': async (action) => { throw new CannotDo(action.kind + ' receipt data are not wired yet'); },
  'fes.findBasketByReceipt': async () => { throw new CannotDo('search by receipt is not wired yet'); },
  'fes.getBasket': async () => { throw new CannotDo('basket contents are not wired yet'); },
  'fes.listCertificates': async () => { throw new CannotDo('certificate list is not wired yet'); },
  'fes.listBaskets': async () => { throw new CannotDo('basket list is not wired yet'); },
  'fes.return': async () => { throw new CannotDo('return Pre-Auth is not wired yet'); },
  'fes.refund': async () => { throw new CannotDo('terminal refund is not wired yet'); },
  // ECS (ticket system). ecs.start carries "configure": { ecsUrl, clientId, clientSecret }.
  'ecs.start': async () => { throw new CannotDo('the ticket system is not wired yet'); },
  'ecs.listServices': async () => { throw new CannotDo('the ticket system is not wired yet'); },
  'ecs.checkBenefit': async () => { throw new CannotDo('the ticket system is not wired yet'); },
  'ecs.confirm': async () => { throw new CannotDo('the ticket system is not wired yet'); },
};

class CannotDo extends Error {}

async function answer(message) {
  const key = message.runId + '/' + message.pack + '/' + message.case;
  if (!sessions.has(key)) sessions.set(key, {});
  const perform = ACTIONS[message.action.do];
  if (!perform) return { result: 'cannot', reason: 'this harness has no ' + message.action.do };
  try {
    await perform(message.action, sessions.get(key), message);
    return { result: 'done' };
  } catch (e) {
    return { result: e instanceof CannotDo ? 'cannot' : 'failed', reason: e.message };
  }
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    let reply;
    try {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      console.error(message.pack + '/' + message.case + ' step ' + message.step.index + ': ' + message.action.do);
      reply = await answer(message);
    } catch (e) {
      reply = { result: 'failed', reason: 'the harness could not read the message: ' + e.message };
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
});
server.listen(PORT, () => console.log('Poligon driver harness on http://localhost:' + server.address().port + '/act'));
`;

/** A command harness in POSIX shell: `--driver 'cmd:sh drive.sh'`. */
export const SHELL_HARNESS = `#!/bin/sh
# A Poligon driver harness (command). Poligon runs this once per step of an observe-mode pack with the
# action as one JSON line on stdin, and reads the answer, one JSON object, from stdout (the last line);
# print anything else to stderr. It is ended when the step's deadline passes. The verdict comes from
# the calls your software makes to the sandbox, never from this answer.
#
#   poligon run fes-certification --driver 'cmd:sh ./drive.sh' --target http://localhost:8080
#
# Answers: {"result":"done"} · {"result":"failed","reason":"…"} · {"result":"cannot","reason":"…"}
# Every action and its parameters: docs/packs.md («Driver protocol»), schemas/driver/.
set -u
MESSAGE=$(cat)
# the action's name, e.g. fes.sale (with jq: printf '%s' "$MESSAGE" | jq -r .action.do); only the
# action has a "do" member
ACTION=$(printf '%s' "$MESSAGE" | grep -o '"do":"[^"]*"' | head -n 1 | cut -d'"' -f4)
CASE=$(printf '%s' "$MESSAGE" | grep -o '"case":"[^"]*"' | head -n 1 | cut -d'"' -f4)
echo "drive.sh: $CASE $ACTION" >&2

answer() { printf '{"result":"%s","reason":"%s"}\\n' "$1" "$2"; }

case "$ACTION" in
  fes.echo)
    # e.g.: my-till-cli echo || { answer failed "my-till-cli echo failed"; exit 0; }
    answer cannot "echo is not wired to the till yet" ;;
  fes.sale|fes.pay|fes.receipt|fes.return|fes.refund)
    answer cannot "$ACTION is not wired to the till yet" ;;
  ecs.*)
    answer cannot "the ticket system is not wired yet" ;;
  *)
    answer cannot "this harness has no $ACTION" ;;
esac
`;
