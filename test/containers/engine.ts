// Whether a container engine answers, and the Poligon image built once from the top-level Dockerfile.
// Outside CI, tests that need an engine are skipped with the reason in their name and a warning;
// in CI (CI=true) they run regardless, so a missing engine fails them instead of passing silently.
import { GenericContainer, getContainerRuntimeClient } from 'testcontainers';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const IMAGE = 'poligon:local';
export const IN_CI = process.env.CI === 'true';

async function engineAnswers(): Promise<boolean> {
  try {
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 15_000))]);
    return true;
  } catch {
    return false;
  }
}

export const engine = await engineAnswers();
export const NOT_RUN_REASON =
  'NOT RUN: no container engine answers — run `eval "$(bash ../shared/containers/engine-up.sh --print-env)"` or start Docker (docs/running.md)';
/** Skip only outside CI; in CI a missing engine must fail the tests. */
export const skip = !engine && !IN_CI;
if (skip) console.warn(`\n[containers] ${NOT_RUN_REASON}\n`);

/** `docker build -t poligon:local .` through the engine's API (layers are cached between runs). */
export async function buildImage(): Promise<void> {
  if (!engine) throw new Error(`no container engine answers, and CI=true: these tests must run in CI. ${NOT_RUN_REASON.replace('NOT RUN: no container engine answers — ', '')}`);
  await GenericContainer.fromDockerfile(ROOT).withCache(true).build(IMAGE, { deleteOnExit: false });
}

/** Compose v2 (`docker compose`, e.g. on GitHub's runners) when present, else the standalone v1 `docker-compose`. */
export const COMPOSE: [string, ...string[]] = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0 ? ['docker', 'compose'] : ['docker-compose'];
export const COMPOSE_IS_STANDALONE = COMPOSE.length === 1;
