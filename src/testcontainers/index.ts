// `poligon/testcontainers`: the Poligon image as a testcontainers module, for test suites that run
// their system under test against the sandbox in a container.
//
//   const poligon = await new PoligonContainer().withSimulators(['fes', 'ecs']).start();
//   poligon.demo.fes!.apiKey; poligon.demo.ecs!.organizations.type1.clientSecret;   // typed demo credentials
//   await poligon.fes!.post('/api/v1/echo', { requestId: crypto.randomUUID(), echoData: 'hi' });   // signed with the namespace's virtual time
//   await poligon.admin.reset();  await poligon.stop();
//   new PoligonContainer().withAdminToken(token)   // a guarded admin API; poligon.admin sends the token
//   new PoligonContainer().withFesProfile('nspk.yaml')   // FES with that protocol profile; poligon.fes signs as it says
//
// Needs the `testcontainers` package (11.x) beside poligon, and a container engine.
import {
  AbstractStartedContainer,
  GenericContainer,
  getContainerPort,
  getContainerRuntimeClient,
  ImageName,
  Wait,
  type StartedTestContainer,
} from 'testcontainers';
import { resolve } from 'node:path';
import { loadProfileFile, signerFor, type LoadedProfile } from '../../simulators/fes/profile.js';
import { AdminClient } from '../client/admin-client.js';
import { PACKAGE_VERSION } from '../engine/paths.js';
import { demoFesClient, type DemoCredentials, type FesClient } from '../client/fes-client.js';
import type { ClientSigner, DemoSection } from '../engine/simulator.js';

export type { DemoCredentials, FesDemoCredentials, EcsDemoCredentials, EcsDemoOrganization, GisDemoCredentials, FesKeys } from '../client/fes-client.js';
export { FesClient, signFesRequest } from '../client/fes-client.js';

/** The port Poligon listens on inside its image. */
export const POLIGON_PORT = 8080;
/**
 * The published image of this package's version (the release workflow pushes it to GHCR, public);
 * `new PoligonContainer('poligon:local')` uses one built from a clone (`docker build -t poligon:local .`).
 */
export const DEFAULT_IMAGE = `ghcr.io/poligon-sandbox/poligon:${PACKAGE_VERSION}`;

export type SimulatorName = 'fes' | 'gis' | 'ecs';

/** Where withFesProfile puts the profile file inside the container (readable by the image's node user). */
export const FES_PROFILE_IN_CONTAINER = '/tmp/poligon-fes-profile.yaml';

export interface PoligonUrls {
  /** The sandbox root (namespace prefix included), e.g. http://localhost:32768 */
  root: string;
  fes: string;
  gis: string;
  ecs: string;
  /** The admin API, e.g. …/__admin */
  admin: string;
}

export class PoligonContainer extends GenericContainer {
  private namespace = 'default';
  private adminToken: string | undefined;
  private fesProfile: LoadedProfile | undefined;

  constructor(private readonly image: string = DEFAULT_IMAGE) {
    super(image);
    this.withExposedPorts(POLIGON_PORT)
      .withWaitStrategy(Wait.forHttp('/__admin/health', POLIGON_PORT).forStatusCode(200))
      .withStartupTimeout(30_000);
  }

  /** Publishes the sandbox on this fixed host port (default: a free one), for configs that need a known URL. */
  withPort(hostPort: number): this {
    this.exposedPorts = this.exposedPorts.filter((p) => getContainerPort(p) !== POLIGON_PORT);
    return this.withExposedPorts({ container: POLIGON_PORT, host: hostPort });
  }

  /** Serves only these fakes (default: all). */
  withSimulators(names: SimulatorName[]): this {
    return this.withEnvironment({ POLIGON_SIMULATORS: names.join(',') });
  }

  /** Seeds the demo world (default on). */
  withDemo(on: boolean): this {
    return this.withEnvironment({ POLIGON_DEMO: String(on) });
  }

  /**
   * The namespace the started container's URLs and admin client use (default "default"): tests that
   * share one container each take their own namespace, with its own state, clock and journal.
   */
  withNamespace(name: string): this {
    this.namespace = name;
    return this;
  }

  /**
   * Guards the admin API with this token (16 characters or more, as `--admin-token`): the started
   * container's admin client sends it; anyone else reaching the port gets 401 on /__admin.
   */
  withAdminToken(token: string): this {
    this.adminToken = token;
    return this.withEnvironment({ POLIGON_ADMIN_TOKEN: token });
  }

  /**
   * Serves this FES protocol profile (docs/fes.md, as `serve --fes-profile`): the file is checked here (a
   * bad one is refused with every problem, before any container starts), copied into the container and
   * named by POLIGON_FES_PROFILE; the started container's `fes` client signs as it says.
   */
  withFesProfile(file: string): this {
    this.fesProfile = loadProfileFile(file);
    return this.withCopyFilesToContainer([{ source: resolve(file), target: FES_PROFILE_IN_CONTAINER, mode: 0o644 }])
      .withEnvironment({ POLIGON_FES_PROFILE: FES_PROFILE_IN_CONTAINER });
  }

  /** Seed for generated ids and keys: the same seed gives the same world. */
  withSeed(seed: string): this {
    return this.withEnvironment({ POLIGON_SEED: seed });
  }

  withLogLevel(level: 'silent' | 'info' | 'debug'): this {
    return this.withEnvironment({ POLIGON_LOG_LEVEL: level });
  }

  override async start(): Promise<StartedPoligonContainer> {
    const started = await this.startOrExplain();
    const host = started.getHost();
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${started.getMappedPort(POLIGON_PORT)}`;
    const admin = new AdminClient(base, this.namespace, { token: this.adminToken });
    const { sections, credentials } = await admin.demo();
    return new StartedPoligonContainer(started, admin, credentials, sections, this.fesProfile && signerFor(this.fesProfile.profile));
  }

  private async startOrExplain(): Promise<StartedTestContainer> {
    let runtime;
    try {
      runtime = await getContainerRuntimeClient();
    } catch (e) {
      throw new Error(
        `no container engine answers (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}): start Docker or Podman, or on a machine ` +
          `without one run \`eval "$(bash ../shared/containers/engine-up.sh --print-env)"\` (${(e as Error).message})`,
        { cause: e },
      );
    }
    const present = await runtime.image.exists(ImageName.fromString(this.image));
    try {
      return await super.start();
    } catch (e) {
      if (!present) {
        throw new Error(
          `image ${this.image} not found: build it with \`docker build -t ${this.image} .\` in the Poligon folder ` +
            `(pulling it failed: ${(e as Error).message})`,
          { cause: e },
        );
      }
      throw e;
    }
  }
}

export class StartedPoligonContainer extends AbstractStartedContainer {
  readonly urls: PoligonUrls;
  /**
   * Signed FES requests as the demo касса, with the namespace's virtual time (so they pass after
   * advanceClock); `fes.keys` holds its API KEY, MAC KEY and касса ID. Undefined without FES or the demo world.
   */
  readonly fes: FesClient | undefined;

  constructor(
    started: StartedTestContainer,
    /** The admin API of the container's namespace (reset, clock, faults, journal, waitFor…). */
    readonly admin: AdminClient,
    /** The demo world as data: typed credentials, ids and cards per fake (as at start). */
    readonly demo: DemoCredentials,
    /** The demo world as the banner prints it. */
    readonly demoSections: DemoSection[],
    /** How the served FES profile signs (withFesProfile); the modeled profile's by default. */
    fesSigner?: ClientSigner,
  ) {
    super(started);
    const root = admin.url('').replace(/\/$/, '');
    this.urls = { root, fes: admin.url('fes'), gis: admin.url('gis'), ecs: admin.url('ecs'), admin: `${root}/__admin` };
    this.fes = demoFesClient(demo, admin, fesSigner);
  }
}
