import type {ActionName} from '../../engine/index.js';
import type {Lesson} from '../../lessons/schema.js';

/** What each engine action is called where a learner reads it: a label for the log, a line for the help. */
export const actionWords: Record<ActionName, {label: string; help: string}> = {
	start: {label: 'listen()', help: 'listen() on the port, and start the load'},
	deploy: {label: 'load the code', help: 'load the version, not listening yet'},
	'try-listen': {label: 'listen()', help: 'listen() on the port'},
	listen: {label: 'listen()', help: 'listen() on the port'},
	'stop-accepting': {label: 'close()', help: 'server.close(): stop accepting (idle keep-alive connections go too)'},
	drain: {label: 'drain', help: 'wait for its open connections to end (the close callback)'},
	'shared-listen': {label: 'shared listener', help: 'open a listener that never closes and hand its connections to it'},
	'hand-over': {label: 'hand over', help: "the shared listener's next connections go to it"},
	'start-reuse-port': {label: 'listen(reusePort)', help: 'listen() with reusePort, and start the load'},
	'listen-reuse-port': {label: 'listen(reusePort)', help: 'listen() with reusePort: share the port with the other'},
	fork: {label: 'fork a worker', help: 'fork it as a cluster worker; the primary owns the port'},
	'worker-close': {label: 'worker close()', help: 'the worker calls close(), drains, and exits'},
	'worker-drain-politely': {label: 'worker drains', help: 'the worker drains politely (Connection: close), then exits'},
	'proxy-listen': {label: 'proxy + listen', help: 'listen on its own port behind a proxy that owns the public port'},
	'backend-listen': {label: 'listen (own port)', help: 'listen on its own port; the proxy sends it nothing yet'},
	'wait-ready': {label: 'wait for /healthz', help: 'ask its readiness path, /healthz, until it answers 2xx'},
	flip: {label: 'flip', help: 'the proxy sends every new request to it'},
	'close-all': {label: 'closeAllConnections()', help: 'close() and closeAllConnections(): cut everything at once'},
	'endpoints-add': {label: 'add endpoint', help: 'it is ready: the Ingress adds it to its endpoints'},
	'sigterm-exit': {label: 'SIGTERM: exit', help: 'SIGTERM, and it exits at once (its endpoint goes after a lag)'},
	'sigterm-close': {label: 'SIGTERM: close()', help: 'SIGTERM, and it calls close() at once (its endpoint goes after a lag)'},
	'prestop-sleep': {label: 'preStop sleep', help: 'preStop: keep serving while its endpoint is removed'},
	hold: {label: 'hold', help: 'the shared listener holds new connections for the next version'},
	'drain-politely': {label: 'drain politely', help: 'answer with Connection: close, let idle ones go after a grace, then end'},
	'inject-error': {label: 'fault: handler throws', help: 'its handler throws on the next 5 requests (500)'},
	'inject-hang': {label: 'fault: handler hangs', help: 'its handler never answers the next 3 (timeouts)'},
	crash: {label: 'crash', help: 'it crashes (its process dies)'},
	observe: {label: 'watch', help: 'nothing changes: watch who answers'},
	stop: {label: 'stop', help: 'cut every connection it holds and stop'},
};

/** Actions the sandbox always has, on their own keys. */
export const faultKeys = {e: 'inject-error', h: 'inject-hang', x: 'crash'} as const;

/** Actions that are the same thing for a learner at the keyboard (the load is a key of its own). */
const sameAs: Partial<Record<ActionName, ActionName>> = {start: 'listen', 'try-listen': 'listen', 'start-reuse-port': 'listen-reuse-port'};
const notActions = new Set<ActionName>(['observe', 'deploy', ...Object.values(faultKeys)]);

/** The lesson's own actions, from its steps and its contrasts', in the order they first appear; at most nine. */
export function sandboxActions(lesson: Pick<Lesson, 'steps' | 'contrasts'>): ActionName[] {
	const all = [...lesson.steps, ...lesson.contrasts.flatMap(c => c.steps)].map(step => sameAs[step.action] ?? step.action);
	return [...new Set(all.filter(action => !notActions.has(action)))].slice(0, 9);
}
