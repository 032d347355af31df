import type {Backend, ForkedBackend, SocketServer} from '../backends/backend.js';
import type {Door} from '../front-doors/front-door.js';
import type {ActionResult, ServerState, Version} from '../types.js';

/** What an action may ask of the run it is a step of (DeployRun). */
export interface ActionRun {
	readonly door: Door;
	readonly drainDeadlineMs: number;
	readonly politeGraceMs: number;
	readonly endpointLagMs: number;
	readonly timeoutMs: number;
	/** Whether the run was closed: a waiting action stops waiting. */
	readonly isDisposed: boolean;
	/** Whatever runs this version now: its worker process once forked, its server in this process otherwise. */
	backend(version: Version): Backend;
	/** A worker process for this version, this process being the cluster primary. */
	fork(version: Version): ForkedBackend;
	startTraffic(): void;
}

/**
 * One named thing a lesson's step does to a version: the only code that
 * touches sockets. `server` is the version's server in this process;
 * `run.backend(version)` is whatever runs it now (that server, or a
 * worker process).
 */
export type Action = (run: ActionRun, server: SocketServer) => Promise<ActionResult>;

/** Why an action cannot apply to the server as it is, before anything is done; undefined when it can. */
export type Refusal = (server: SocketServer, state: ServerState) => ActionResult | undefined;

/** An action, with what it needs and refuses, and its words where a learner reads it. */
export type ActionEntry = {
	/** Where a learner reads it: the sandbox's log and keys. */
	label: string;
	/** One line for the sandbox's help. */
	help: string;
	/** The server must have started (listened, or taken connections) first: nothing to close, drain, stop or break before. */
	needsAServer?: boolean;
	refuses?: Refusal;
	perform: Action;
};

/** Nothing to stop or crash twice. */
export const alreadyStopped: Refusal = (server, state) =>
	state === 'stopped' ? {ok: false, code: 'STOPPED', detail: `the ${server.label} server has already stopped`} : undefined;

/** Requests cannot be sent to a server that has no address. */
export const noAddress: Refusal = server =>
	server.port === undefined && !server.hasListened
		? {ok: false, code: 'NO_ADDRESS', detail: `${server.label} has never listened: no address to send requests to`}
		: undefined;

/** A drain waits for connections to end; one still taking new connections never drains. */
export const stillAccepting: Refusal = (server, state) =>
	state === 'listening'
		? {
				ok: false,
				code: 'STILL_ACCEPTING',
				detail: `${server.label} still takes new connections: a drain would never end; close it (or hand over) first`,
			}
		: undefined;
