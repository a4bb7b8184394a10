// The built-in simulators, in the order their demo worlds are built (GIS ES feeds LK FES).
import type { Simulator } from '../src/engine/simulator.js';
import { ecsSimulator } from './ecs/index.js';
import { fesSimulator } from './fes/index.js';
import { gisSimulator } from './gis/index.js';

export const builtinSimulators: ReadonlyArray<Simulator<any>> = [gisSimulator, fesSimulator, ecsSimulator];
