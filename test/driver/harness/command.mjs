// The independent harness as a command (`--driver 'cmd:node test/driver/harness/command.mjs'`): one
// action on stdin, its answer on stdout. What it remembers between actions lives in the JSON file
// HARNESS_STATE; HARNESS_MODE makes it misbehave (harness.mjs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { act } from './harness.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const file = process.env.HARNESS_STATE;
const state = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
// a silent harness hangs (and is ended at the deadline) rather than exiting with nothing to do
if (process.env.HARNESS_MODE === 'silent') setInterval(() => {}, 60_000);
const answer = await act(message, state, process.env.HARNESS_MODE);
if (file) writeFileSync(file, JSON.stringify(state));
// done: idle keep-alive connections must not hold the process open
process.stdout.write(`${JSON.stringify(answer)}\n`, () => process.exit(0));
