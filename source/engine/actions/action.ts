import type {InProcessServer} from '../backends/in-process.js';
import type {DeployRun} from '../run.js';
import type {ActionResult} from '../types.js';

/**
 * One named thing a lesson's step does to a version: the only code that
 * touches sockets. `server` is the version's in-process server;
 * `run.backend(version)` is whatever runs it now (that server, or a
 * worker process).
 */
export type Action = (run: DeployRun, server: InProcessServer) => Promise<ActionResult>;
