// The two transports of the driver protocol to a vendor's own harness (docs/packs.md): a webhook
// (`--driver http://harness/act`: each action is POSTed, the response is the answer) and a command
// (`--driver 'cmd:./drive.sh'`: run once per action, the action on stdin, the answer on stdout).
import { spawn } from 'node:child_process';
import { httpRequest } from '../client/http.js';
import type { ActionMessage, Driver, DriverIdentity } from './driver.js';
import { engineMessage } from '../reports/i18n.js';

/** The systems whose packs carry driver actions. */
const DRIVEN_SYSTEMS = new Set(['fes', 'ecs']);
/** How much of a harness's stray output a reason quotes. */
const QUOTE = 500;

const quote = (text: string) => (text.length > QUOTE ? `…${text.slice(-QUOTE)}` : text).trim();

function parseAnswer(text: string, from: string): unknown {
  // a harness may print progress before its answer: the answer is the last line
  const last = text.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(engineMessage('engine.harnessNoJson', { from, text: quote(text) || engineMessage('engine.nothing') }));
  }
}

export class WebhookDriver implements Driver {
  readonly identity: DriverIdentity;

  constructor(private readonly url: string) {
    this.identity = { kind: 'harness-webhook', name: url };
  }

  plays(_packId: string, system: string): boolean {
    return DRIVEN_SYSTEMS.has(system);
  }

  async perform(message: ActionMessage): Promise<unknown> {
    const res = await httpRequest({
      method: 'POST', url: this.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(message), timeoutMs: message.timeoutMs,
    });
    if (res.status !== 200) throw new Error(engineMessage('engine.harnessHttp', { url: this.url, status: res.status, text: quote(res.text) }));
    return parseAnswer(res.text, this.url);
  }
}

export class CommandDriver implements Driver {
  readonly identity: DriverIdentity;

  constructor(private readonly command: string) {
    this.identity = { kind: 'harness-command', name: command };
  }

  plays(_packId: string, system: string): boolean {
    return DRIVEN_SYSTEMS.has(system);
  }

  perform(message: ActionMessage, signal: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // its own process group, so that the deadline ends the shell and whatever it started
      const child = spawn(this.command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, POLIGON_DRIVER_PROTOCOL: message.protocol } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4 * QUOTE); });
      const stop = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      signal.addEventListener('abort', stop, { once: true });
      child.on('error', (e) => {
        signal.removeEventListener('abort', stop);
        reject(new Error(engineMessage('engine.harnessDidNotStart', { command: this.command, reason: e.message })));
      });
      child.on('close', (code, killed) => {
        signal.removeEventListener('abort', stop);
        if (signal.aborted) return reject(new Error(engineMessage('engine.harnessStopped')));
        if (code !== 0) return reject(new Error(engineMessage('engine.harnessExited', { code: String(code ?? killed), stderr: stderr ? `: ${quote(stderr)}` : '' })));
        try {
          resolve(parseAnswer(stdout, this.command));
        } catch (e) {
          reject(e as Error);
        }
      });
      // a harness that does not read its stdin must not crash the run
      child.stdin.on('error', () => undefined);
      child.stdin.end(`${JSON.stringify(message)}\n`);
    });
  }
}

/** `--driver` values: `http(s)://…` a webhook, `cmd:…` a command; anything else is refused with the reason. */
export function harnessDriver(spec: string): Driver {
  if (/^https?:\/\/\S+$/.test(spec)) return new WebhookDriver(spec);
  if (spec.startsWith('cmd:') && spec.slice(4).trim()) return new CommandDriver(spec.slice(4).trim());
  throw new Error(`--driver ${spec}: give the harness's webhook URL (http://host/path) or its command (cmd:./drive.sh), or reference`);
}
