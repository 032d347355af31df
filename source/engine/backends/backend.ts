import type {ServerSnapshot, ServerState, Version} from '../types.js';
import type {Fault} from './express-app.js';

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
