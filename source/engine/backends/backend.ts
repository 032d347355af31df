import type {Socket} from 'node:net';
import type {ServerSnapshot, ServerState, Version} from '../types.js';
import type {Census} from './connections.js';
import type {Fault} from './express-app.js';

export type ListenResult = {ok: true; port: number} | {ok: false; code: string};

/**
 * One running version of a lesson's app, whatever runs it: a server in this
 * process (InProcessServer) or a cluster worker process (WorkerProcess). The
 * run and its actions reach a version through this, and nothing else decides
 * which kind it is. Where its connections come from (its own port, a shared
 * listener, a proxy, the cluster primary) is the front door's business. The
 * learner's own app (AppProcess) is not one yet: verify drives it by signals,
 * and its answers are counted by the balancer in front, not matched by id.
 */
export interface Backend {
	readonly version: Version;
	/** What the lesson calls it (blue, green); its version when not named. */
	readonly label: string;
	readonly state: ServerState;
	/** The process that runs it, when it has one of its own. */
	readonly pid?: number | undefined;
	/** Its state and counts as the learner sees them. */
	snapshot(): ServerSnapshot;
	/** Whether it finished an answer to the request with this id. */
	hasAnswered(id: number): boolean;
	/** Its next `count` requests meet a broken handler. */
	failNext(fault: Fault, count: number): void;
	/** server.close(): no new connections; idle keep-alive ones cut. The count cut, when it is known here. */
	stopAccepting(): number | undefined;
	/** Waits until its connections have ended, at most deadlineMs. */
	drain(deadlineMs: number): Promise<boolean>;
	/** Stops accepting and lets keep-alive clients go (`Connection: close`), cutting the idle after graceMs and the rest at the deadline. */
	drainPolitely(graceMs: number, deadlineMs: number): Promise<{drained: boolean; cut: number}>;
	/** It exits as a process does after its close: whatever is left is cut. */
	exit(): Promise<void>;
	/** It dies at once (SIGKILL, a crash): everything it held is cut. */
	kill(): Promise<void>;
	dispose(): void;
}

/**
 * A version whose server and sockets are in this process (InProcessServer): what a lesson's actions
 * close, drain and cut, and what a front door listens with, feeds connections to or hands over.
 */
export interface SocketServer extends Backend {
	/** Whether it has ever listened itself (a version fed by a shared listener never has). */
	readonly hasListened: boolean;
	/** Its port while it listens. */
	readonly port: number | undefined;
	/** The port it last listened on, kept after it stops (as a balancer's endpoint keeps its address). */
	readonly lastPort: number | undefined;
	/** Its open connections. */
	readonly connections: number;
	/** How long it answers 503 after it is deployed, while it warms up, ms. */
	warmUpMs: number;
	/** What is on each connection now: busy, idle keep-alive, no request yet. */
	census(): Census;
	/** Loads the version's code, not listening yet. */
	deploy(): void;
	listen(port: number, host: string, reusePort?: boolean): Promise<ListenResult>;
	/** A connection accepted elsewhere (a shared listener), served here. */
	attach(socket: Socket): void;
	/** It is now the one a shared listener hands connections to. */
	serving(): void;
	/** A shared listener now hands new connections to another version. */
	handedOver(): void;
	stopAccepting(): number;
	/** close() and closeAllConnections(): the count cut. */
	closeAll(): number;
	/** Cuts whatever is still open (the engine's drain deadline): the count cut. */
	cutRemaining(): number;
	/** Cuts every connection and stops. */
	stop(): void;
}

/** A version forked as a cluster worker process: it says whether its listen (through the primary) worked. */
export interface ForkedBackend extends Backend {
	listening(): Promise<ListenResult>;
}
