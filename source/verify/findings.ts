import {failures, type VerifyMeasurement} from '../engine/index.js';

/** What verify can find (an exercise expects some of them before its fix). */
export const findingIds = [
	'exited-while-routed',
	'closed-while-routed',
	'cut-in-flight',
	'keep-alive-reset',
	'killed-after-grace',
	'signal-not-passed-on',
	'new-not-ready',
	'old-not-ready',
	'more-than-one-port',
	'idle-timeout-below-balancer',
] as const;

/** One thing the measurement shows about the app's deploy, and the lesson that fixes it (null: none yet). */
export type Finding = {id: (typeof findingIds)[number]; text: string; lesson: string | null};

const resets = new Set(['ECONNRESET', 'EPIPE', 'socket hang up']);
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

/**
 * What went wrong, each from a measurement: a count above zero in a window
 * the timeline fixes, or the old process's fate. Nothing is said that was
 * not measured.
 */
export function findingsOf(m: VerifyMeasurement): Finding[] {
	const found: Finding[] = [];
	const {times, settings, endpoints} = m;
	const signal = settings.signal;
	const signalled = times.signalled ?? Number.POSITIVE_INFINITY;
	const removed = times.removed ?? Number.POSITIVE_INFINITY;
	const gone = times.oldExited ?? times.oldKilled;
	const old = endpoints.old;

	// Sent to the old instance after it had exited, while the balancer still routed to it.
	if (times.oldExited !== undefined && times.oldExited < removed) {
		const n = old.errors.filter(e => e.sentAt >= times.oldExited! && e.at <= removed).length;
		if (n > 0) {
			found.push({
				id: 'exited-while-routed',
				text: `exited ${ms(times.oldExited - signalled)} after ${signal} while the balancer still sent to it for ${ms(removed - times.oldExited)}: ${requests(n)} got 502 → keep serving until the balancer has let go (a pause before closing)`,
				lesson: 'kubernetes-rolling-update',
			});
		}
	}

	// Refused while the process was still there and still routed to: it closed its port too early.
	const refusedEarly = old.errors.filter(
		e => e.code === 'ECONNREFUSED' && e.sentAt >= signalled && e.sentAt < removed && (gone === undefined || e.sentAt < gone),
	).length;
	if (refusedEarly > 0) {
		found.push({
			id: 'closed-while-routed',
			text: `stopped accepting after ${signal} while the balancer still sent to it: ${requests(refusedEarly)} refused → keep accepting until the balancer has let go`,
			lesson: 'kubernetes-rolling-update',
		});
	}

	// Requests it had taken, cut when it went.
	if (gone !== undefined) {
		const cut = old.errors.filter(e => resets.has(e.code) && e.sentAt < gone && e.at >= gone - 50).length;
		if (cut > 0) {
			found.push({
				id: 'cut-in-flight',
				text: `cut ${requests(cut)} in flight when it ${times.oldExited === undefined ? 'was killed' : 'exited'} → let them finish before exiting`,
				lesson: 'drain-politely',
			});
		}

		const idle = old.errors.filter(e => resets.has(e.code) && e.reused && e.sentAt >= signalled && e.at < gone - 50).length;
		if (idle > 0) {
			found.push({
				id: 'keep-alive-reset',
				text: `${requests(idle)} reset on a kept-alive connection after ${signal}, before it exited → drain politely: answer with Connection: close, then close the idle ones`,
				lesson: 'drain-politely',
			});
		}
	}

	if (m.old.killed && !m.old.appAliveAfterExit) {
		found.push({
			id: 'killed-after-grace',
			text:
				m.old.keptAliveAtKill > 0
					? `still running ${ms(settings.graceMs)} after ${signal}: SIGKILL, with ${m.old.keptAliveAtKill} idle connection${m.old.keptAliveAtKill === 1 ? '' : 's'} the balancer kept alive still open${m.old.openAtKill > 0 ? ` and ${requests(m.old.openAtKill)} under way` : ''} → a close() waits for kept-alive connections that were busy when it was called (it closes only the idle ones): let them go (Connection: close on the answers after the signal, or closeIdleConnections once they are idle)`
					: `still running ${ms(settings.graceMs)} after ${signal}: SIGKILL${m.old.openAtKill > 0 ? `, with ${requests(m.old.openAtKill)} under way` : ''} → it does not exit after ${signal}; an orchestrator kills it at the end of the grace period, cutting whatever it still holds`,
			lesson: 'drain-politely',
		});
	}

	if (m.old.appAliveAfterExit) {
		found.push({
			id: 'signal-not-passed-on',
			text: `the command's first process exited on ${signal}, but the app's own process went on until SIGKILL ${ms(settings.graceMs)} later: the signal never reached the app → ${
				settings.command.startsWith('npm ')
					? 'npm passes it only to the shell that runs the script, which does not pass it on: write "start": "exec node server.js", or start node directly'
					: 'start node directly, or have the wrapper exec it'
			}`,
			lesson: null,
		});
	}

	// Either instance, counted ready and routed to, failing anyway: the old one before its signal, the new one once added.
	const readyBy = settings.readyPath ? ` (${settings.readyPath} answered 2xx)` : ' (it listened)';
	const advice = `say ready only when ready${settings.readyPath ? '' : ': a readiness path (--ready)'}`;
	const fresh = endpoints.new;
	const added = times.newAdded ?? Number.POSITIVE_INFINITY;
	const newFailed = fresh.status5xx.filter(at => at >= added).length + fresh.errors.filter(e => e.sentAt >= added).length;
	if (newFailed > 0) {
		found.push({
			id: 'new-not-ready',
			text: `the new instance failed ${requests(newFailed)} (5xx or a connection error) after it was counted ready${readyBy} → ${advice}`,
			lesson: 'ready-is-not-listening',
		});
	}

	const oldFailed = old.status5xx.filter(at => at < signalled).length + old.errors.filter(e => e.sentAt < signalled).length;
	if (oldFailed > 0) {
		found.push({
			id: 'old-not-ready',
			text: `the old instance failed ${requests(oldFailed)} (5xx or a connection error) before its ${signal}, after it was counted ready${readyBy} → ${advice}`,
			lesson: 'ready-is-not-listening',
		});
	}

	if (m.extraListens > 0) {
		found.push({
			id: 'more-than-one-port',
			text: `the app listened on ${m.extraListens} more port(s) than one: only its first listen() is behind the balancer and measured`,
			lesson: null,
		});
	}

	// Measured on one idle connection to the new instance, after the deploy: no deploy needed for this one.
	const idle = m.idleKeepAlive;
	if (
		settings.balancerIdleMs &&
		idle &&
		!idle.refused &&
		idle.closedAfterMs !== undefined &&
		idle.closedAfterMs < settings.balancerIdleMs
	) {
		found.push({
			id: 'idle-timeout-below-balancer',
			text: `closed an idle keep-alive connection ${ms(idle.closedAfterMs)} after its last answer, while the balancer keeps idle connections ${ms(settings.balancerIdleMs)}: a request the balancer sends as that close crosses the network gets a 502, with no deploy at all → set server.keepAliveTimeout above the balancer's idle timeout`,
			lesson: 'blue-green-proxy',
		});
	}

	return found;
}

/** Zero downtime, as measured: every request answered, none refused, reset, 5xx, timed out or failed otherwise. */
export function zeroDowntime(m: VerifyMeasurement): boolean {
	return m.counts.sent > 0 && failures(m.counts) === 0;
}
