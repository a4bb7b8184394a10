// Secret names belong to a sandbox (and to a scenario run): built from the simulators it is given,
// so two sandboxes in one process with different simulators mask differently. Expected strings typed by hand.
import { inProcess } from '../support/in-process.js';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/engine/app.js';
import { resolveConfig } from '../../src/engine/config.js';
import { createLogger, maskingLogger } from '../../src/engine/log.js';
import { SecretNames } from '../../src/engine/secrets.js';
import { curlLine } from '../../src/scenario/context.js';
import { counterSimulator } from './fixtures/counter.js';

const silent = createLogger('silent');
const config = resolveConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }, {});
// the same operations, each declaring another header as secret (names no generic rule takes for one)
const sigCounter = { ...counterSimulator, secretNames: ['x-counter-sig'] };
const noteCounter = { ...counterSimulator, secretNames: ['x-counter-note'] };

async function journalHeaders(simulator: typeof counterSimulator): Promise<Record<string, string>> {
  const app = createApp(config, [simulator], silent);
  await inProcess(app).get('/ns/masking/counter/value')
    .set('x-counter-sig', 'sig-value-5678').set('x-counter-note', 'note-value-9012').expect(200);
  const [entry] = app.store.get('masking').journal.list();
  app.store.close();
  return entry!.requestHeaders;
}

describe('secret names per sandbox', () => {
  it('two sandboxes in one process mask the names their own simulators declare, not each other\'s', async () => {
    // started one after the other in the same process: a process-wide list would mask both names in both
    const declaresSig = await journalHeaders(sigCounter);
    const declaresNote = await journalHeaders(noteCounter);
    const declaresSigAgain = await journalHeaders(sigCounter);
    expect(declaresSig['x-counter-sig']).toBe('****5678');
    expect(declaresSig['x-counter-note']).toBe('note-value-9012');
    expect(declaresNote['x-counter-sig']).toBe('sig-value-5678');
    expect(declaresNote['x-counter-note']).toBe('****9012');
    expect(declaresSigAgain).toEqual(declaresSig);
  });

  it('the journal keeps the headers its own sandbox\'s simulators name, not another sandbox\'s', async () => {
    const keepsTrace = createApp(config, [{ ...counterSimulator, journalHeaders: ['Trace-Id'] }], silent);
    const plain = createApp(config, [counterSimulator], silent);
    for (const app of [keepsTrace, plain]) await inProcess(app).get('/ns/kept/counter/value').set('trace-id', 't-1').expect(200);
    expect(keepsTrace.store.get('kept').journal.list()[0]!.requestHeaders['trace-id']).toBe('t-1');
    expect(plain.store.get('kept').journal.list()[0]!.requestHeaders['trace-id']).toBeUndefined();
    keepsTrace.store.close();
    plain.store.close();
  });

  it('a sandbox names its secret names, the generic ones included', () => {
    const app = createApp(config, [sigCounter], silent);
    expect(app.secretNames.has('X-Counter-Sig')).toBe(true);
    expect(app.secretNames.has('client_secret')).toBe(true);
    expect(app.secretNames.has('x-counter-note')).toBe(false);
    app.store.close();
  });

  it('a sandbox\'s log masks its simulators\' names; the console log only the generic ones', () => {
    const lines: string[] = [];
    const consoleLog = createLogger('info', (l) => lines.push(l));
    maskingLogger(consoleLog, SecretNames.of([sigCounter]), () => []).info('x-counter-sig: sig-value-5678');
    maskingLogger(consoleLog, SecretNames.of([noteCounter]), () => []).info('x-counter-sig: sig-value-5678');
    consoleLog.info('client_secret=abcdefghijkl x-counter-sig=sig-value-5678');
    expect(lines).toEqual(['x-counter-sig: ****5678', 'x-counter-sig: sig-value-5678', 'client_secret=****ijkl x-counter-sig=sig-value-5678']);
  });

  it('a scenario run masks by the names of the simulators it uses (the curl line of a report)', () => {
    const call = { method: 'post', url: 'http://sut/counter/add', headers: { 'x-counter-sig': 'sig-value-5678' }, body: '{"by":1}' };
    expect(curlLine(call, SecretNames.of([sigCounter]))).toBe(`curl -sS -X POST 'http://sut/counter/add' -H 'x-counter-sig: ****5678' --data-raw '{"by":1}'`);
    expect(curlLine(call, SecretNames.of([noteCounter]))).toBe(`curl -sS -X POST 'http://sut/counter/add' -H 'x-counter-sig: sig-value-5678' --data-raw '{"by":1}'`);
  });
});
