import {failures, routesOf, type FailedRequest, type VerifyMeasurement} from '../engine/index.js';

/**
 * What verify can find (an exercise expects some of them before its fix). The first nine explain
 * failed requests, in this order: each failed request is given to the first whose measured window
 * holds it, so every failure is explained exactly once.
 */
export const findingIds = [
	'crashed',
	'exited-while-routed',
	'closed-while-routed',
	'cut-in-flight',
	'keep-alive-reset',
	'errors-after-signal',
	'new-not-ready',
	'old-not-ready',
	'unexplained',
	'killed-after-grace',
	'signal-not-passed-on',
	'more-than-one-port',
	'idle-timeout-below-balancer',
] as const;

export type FindingId = (typeof findingIds)[number];

/**
 * One thing the measurement shows about the app's deploy, and the lesson that fixes it (null: none yet).
 * A failure makes the deploy unclean; a warning is a risk that this run did not turn into a failure.
 * requests: the failed requests it explains (the findings' requests add up to the failures).
 */
export type Finding = {id: FindingId; severity: 'failure' | 'warning'; requests: number; text: string; lesson: string | null};

const resets = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'socket hang up']);
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

/** A command from a package (npx, a node_modules/.bin script), which the learner usually cannot change. */
function packaged(command: string): boolean {
	return /^(npx|pnpx|bunx) |^(pnpm|yarn) dlx |node_modules[/\\]\.bin[/\\]/.test(command);
}

/** What the clients saw of these requests, then what the balancer saw behind them: "50 requests got 502: the balancer's connections were refused". */
export function sawText(failed: readonly FailedRequest[]): string {
	const seen = new Map<string, number>();
	const add = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
	for (const f of failed) {
		if (f.status !== undefined) add(`got ${f.status}${f.upstream?.status === undefined ? '' : ' from the app'}`);
		else
			add(
				{
					timeout: 'timed out',
					refused: 'were refused by the balancer',
					reset: 'were reset by the balancer',
					other: 'failed',
					status5xx: 'got a 5xx',
				}[f.outcome],
			);
	}

	const parts = [...seen].map(([what, n], i) => `${i === 0 ? requests(n) : n} ${what}`);
	const behind = new Map<string, number>();
	for (const f of failed) {
		const code = f.upstream?.code;
		if (code === undefined) continue;
		const how = code === 'ECONNREFUSED' ? 'refused' : resets.has(code) ? 'reset' : `failed (${code})`;
		behind.set(how, (behind.get(how) ?? 0) + 1);
	}

	const how = [...behind.keys()];
	const connections = [...behind.values()].reduce((sum, n) => sum + n, 0);
	return `${parts.join(', ')}${how.length > 0 ? `: the balancer's connection${connections === 1 ? ' was' : 's were'} ${how.join(' or ')}` : ''}`;
}

type Rule = {id: FindingId; holds: (f: FailedRequest) => boolean; text: (claimed: FailedRequest[]) => string; lesson: string | null};

/**
 * What went wrong, each from a measurement: failed requests in a window
 * that measured events fix (the signal, the exit, the removal, the app's
 * close(), the last answer), or the old process's fate. Nothing is said
 * that was not measured.
 */
export function findingsOf(m: VerifyMeasurement): Finding[] {
	const {times, settings} = m;
	const signal = settings.signal;
	const signalled = times.signalled ?? Number.POSITIVE_INFINITY;
	const removed = times.removed ?? Number.POSITIVE_INFINITY;
	const added = times.newAdded ?? Number.POSITIVE_INFINITY;
	const exited = m.crashes.old ? undefined : times.oldExited;
	const gone = exited ?? times.oldKilled;
	const lastAnswered = {old: m.old.lastAnsweredAt, new: m.newLastAnsweredAt};
	const platform = packaged(settings.command)
		? "; it is a package's command, which you may not be able to change: keep it out of traffic before the signal instead (a Kubernetes preStop sleep longer than the removal takes, or the balancer's deregistration delay)"
		: '';
	const readyBy = settings.readyPath ? ` (${settings.readyPath} answered 2xx)` : ' (it listened)';
	// An app whose answer to the load's path was an error before anything was deployed fails it outside a deploy too.
	const advice =
		m.measured.by === 'accepted' && m.measured.status >= 500
			? `it answered ${routesOf(settings)[0]!.path} with ${m.measured.status} before the deploy began too: the load's path fails outside a deploy, so fix that first`
			: `say ready only when ready${settings.readyPath ? '' : ': a readiness path (--ready)'}`;
	// How long the longest of these had been under way when it was cut.
	const longest = (claimed: FailedRequest[]) => Math.max(...claimed.map(f => f.upstream!.at - f.upstream!.sentAt));

	const rules: Rule[] = [
		{
			id: 'crashed',
			holds: f =>
				f.upstream?.code !== undefined &&
				m.crashes[f.upstream.version] !== undefined &&
				(lastAnswered[f.upstream.version] === undefined || f.upstream.at >= lastAnswered[f.upstream.version]!),
			text: claimed => `${sawText(claimed)} (${crashText(m)}) → find why it exited in its output`,
			lesson: null,
		},
		{
			// Sent after it exited or was killed; or refused after the signal by a Node app that never closed its
			// server (its port went with the process, a moment before the exit was seen).
			id: 'exited-while-routed',
			holds: f =>
				f.upstream?.version === 'old' &&
				f.upstream.code !== undefined &&
				gone !== undefined &&
				(f.upstream.sentAt >= gone ||
					(exited !== undefined &&
						f.upstream.code === 'ECONNREFUSED' &&
						f.upstream.sentAt >= signalled &&
						m.old.preloaded &&
						m.old.closeCalledAt === undefined)),
			text: claimed =>
				exited === undefined
					? `${sawText(claimed)} (the old instance was killed ${ms(gone! - signalled)} after ${signal}, at the end of its grace period, while the balancer still sent to it for ${ms(Math.max(0, removed - gone!))}) → give it a grace period longer than the balancer takes to let go (--grace above --lag)${platform}`
					: `${sawText(claimed)} (the old instance exited ${ms(exited - signalled)} after ${signal}, while the balancer still sent to it for ${ms(Math.max(0, removed - exited))}) → keep serving until the balancer has let go (a pause before closing)${platform}`,
			lesson: 'kubernetes-rolling-update',
		},
		{
			// Refused while it still ran: it stopped accepting (its close(), or, unseen, the first refusal).
			id: 'closed-while-routed',
			holds: f => f.upstream?.version === 'old' && f.upstream.code === 'ECONNREFUSED' && f.upstream.sentAt >= signalled,
			text: claimed => {
				const stopped = m.old.closeCalledAt ?? Math.min(...claimed.map(f => f.upstream!.sentAt));
				return `${sawText(claimed)} (the old instance stopped accepting ${ms(Math.max(0, stopped - signalled))} after ${signal}, while the balancer still sent to it${gone === undefined ? '' : ` until ${ms(Math.max(0, Math.min(removed, gone) - signalled))} after it`}) → keep accepting until the balancer has let go${platform}`;
			},
			lesson: 'kubernetes-rolling-update',
		},
		{
			// Taken before it went, failed once it answered no more.
			id: 'cut-in-flight',
			holds: f =>
				f.upstream?.version === 'old' &&
				resets.has(f.upstream.code ?? '') &&
				gone !== undefined &&
				f.upstream.sentAt < gone &&
				(lastAnswered.old === undefined || f.upstream.at >= lastAnswered.old),
			text: claimed =>
				`${sawText(claimed)} (the old instance ${exited === undefined ? 'was killed' : 'exited'} with ${claimed.length === 1 ? 'it under way; it had waited' : 'them under way; the longest had waited'} ${ms(longest(claimed))}) → let the requests it has taken finish before exiting`,
			lesson: 'drain-politely',
		},
		{
			id: 'keep-alive-reset',
			holds: f =>
				f.upstream?.version === 'old' && resets.has(f.upstream.code ?? '') && f.upstream.reused === true && f.upstream.sentAt >= signalled,
			text: claimed =>
				`${sawText(claimed)} (on kept-alive connections to the old instance after ${signal}, before it exited) → drain politely: answer with Connection: close, then close the idle ones`,
			lesson: 'drain-politely',
		},
		{
			// The app's own error answers once its shutdown began, while the balancer still sent to it.
			id: 'errors-after-signal',
			holds: f => f.upstream?.version === 'old' && f.upstream.status !== undefined && f.upstream.sentAt >= signalled,
			text: claimed =>
				`${sawText(claimed)} (the old instance answered them with an error after ${signal}, while the balancer still sent to it) → keep answering as usual until the balancer has let go`,
			lesson: 'kubernetes-rolling-update',
		},
		{
			id: 'new-not-ready',
			holds: f => f.upstream?.version === 'new' && f.upstream.sentAt >= added,
			text: claimed => `${sawText(claimed)} (the new instance failed them after it was counted ready${readyBy}) → ${advice}`,
			lesson: 'ready-is-not-listening',
		},
		{
			id: 'old-not-ready',
			holds: f => f.upstream?.version === 'old' && f.upstream.at < signalled,
			text: claimed =>
				`${sawText(claimed)} (the old instance failed them before its ${signal}, after it was counted ready${readyBy}) → ${advice}`,
			lesson: 'ready-is-not-listening',
		},
		{
			id: 'unexplained',
			holds: () => true,
			text: claimed =>
				`${sawText(claimed)}: no measured event of the deploy explains them${m.schedule.behind ? ' (the load fell behind its schedule: this machine, not the deploy, may explain them)' : ''}`,
			lesson: null,
		},
	];

	const claimed = new Map<FindingId, FailedRequest[]>();
	for (const failure of m.failures) {
		const rule = rules.find(r => r.holds(failure))!;
		claimed.set(rule.id, [...(claimed.get(rule.id) ?? []), failure]);
	}

	const found: Finding[] = [];
	for (const rule of rules) {
		const mine = claimed.get(rule.id) ?? [];
		if (mine.length > 0) found.push({id: rule.id, severity: 'failure', requests: mine.length, text: rule.text(mine), lesson: rule.lesson});
		else if (rule.id === 'crashed' && (m.crashes.old || m.crashes.new)) {
			found.push({
				id: 'crashed',
				severity: 'failure',
				requests: 0,
				text: `${crashText(m)} → find why it exited in its output`,
				lesson: null,
			});
		}
	}

	return [...found, ...fates(m, platform)];
}

function crashText(m: VerifyMeasurement): string {
	return (['old', 'new'] as const)
		.filter(version => m.crashes[version])
		.map(version => {
			const crash = m.crashes[version]!;
			return `the ${version} instance crashed: it exited on its own (${crash.exitSignal ?? `code ${crash.exitCode}`}) ${ms(crash.at - (version === 'old' ? (m.times.oldListening ?? 0) : (m.times.newListening ?? 0)))} after it listened`;
		})
		.join('; ');
}

/** What became of the old instance and of the app's ports: failures that are no request, and warnings. */
function fates(m: VerifyMeasurement, platform: string): Finding[] {
	const found: Finding[] = [];
	const {settings} = m;
	const signal = settings.signal;
	if (m.old.killed && !m.old.appAliveAfterExit) {
		const held = `${m.old.keptAliveAtKill > 0 ? `, with ${m.old.keptAliveAtKill} idle connection${m.old.keptAliveAtKill === 1 ? '' : 's'} the balancer kept alive still open` : ''}${m.old.openAtKill > 0 ? `, with ${requests(m.old.openAtKill)} under way` : ''}`;
		const why = !m.old.preloaded
			? `it does not exit on ${signal}: an orchestrator kills it at the end of the grace period, cutting whatever it still holds`
			: !m.old.calledClose
				? `it never called close() on its server: handle ${signal} (stop accepting once the balancer has let go, let requests finish, then exit)`
				: m.old.keptAliveAtKill > 0
					? 'it called close(), which waits for kept-alive connections that were busy when it was called (it closes only the idle ones): let them go (Connection: close on the answers after the signal, or closeIdleConnections once they are idle)'
					: 'it called close(), but something else keeps the process alive (a timer, a database pool, an open handle): end those too, or exit once the server has closed';
		found.push({
			id: 'killed-after-grace',
			severity: 'failure',
			requests: 0,
			text: `still running ${ms(settings.graceMs)} after ${signal}: SIGKILL${held} → ${why}${platform}`,
			lesson: 'drain-politely',
		});
	}

	if (m.old.appAliveAfterExit) {
		found.push({
			id: 'signal-not-passed-on',
			severity: 'failure',
			requests: 0,
			text: `the command's first process exited on ${signal}, but the app's own process went on until SIGKILL ${ms(settings.graceMs)} later: the signal never reached the app → ${
				settings.command.startsWith('npm ')
					? 'npm passes it only to the shell that runs the script, which does not pass it on: write "start": "exec node server.js", or start node directly'
					: 'start node directly, or have the wrapper exec it'
			}`,
			lesson: null,
		});
	}

	if (m.otherListens.length > 0) {
		found.push({
			id: 'more-than-one-port',
			severity: 'warning',
			requests: 0,
			text: `the app listened on ${m.otherListens.length} more port${m.otherListens.length === 1 ? '' : 's'} (its code asked for ${m.otherListens.map(l => String(l.askedPort)).join(', ')}): only the one measured (asked ${String(m.measured.askedPort)}) is behind the balancer; the others went unmeasured (--app-port names the server to measure)`,
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
			severity: 'warning',
			requests: 0,
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

/** The exit-0 condition: requests were sent, and no finding is a failure (nor, with strict, a warning). */
export function cleanOf(findings: readonly Finding[], sent: number, strict: boolean): boolean {
	return sent > 0 && findings.every(f => f.severity === 'warning' && !strict);
}
