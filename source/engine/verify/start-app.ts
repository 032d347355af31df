import {appendFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {AppProcess} from '../backends/app-process.js';
import {freePort} from '../port.js';
import type {Version} from '../types.js';
import {askedKey, chooseListen, ordinalOf, type Choice} from './choose.js';
import {groupsFile, VerifyError, type VerifySettings} from './measurement.js';
import {requestOf, routesOf} from './load.js';
import {answers2xx} from '../probe.js';

/** What starting an instance of the learner's app needs of the run that starts it. */
export type StartContext = {
	settings: VerifySettings;
	host: string;
	logFile: string;
	/** What the balancer counted for the instance: its answers, and the requests on it now. */
	stats: (app: AppProcess) => {served: number; connections: number};
	/** The run owns the process from the moment it exists (and refuses it once stopped). */
	adopt: (version: Version, app: AppProcess) => void;
	/** Throws once the run is stopped: no further step, no new process. */
	stillOn: () => void;
	stopped: () => boolean;
};

/**
 * Starts one instance and finds the listen to measure (for the new one, the listen that matches
 * the old one's); throws VerifyError saying why when it cannot: the command did not start, the
 * app exited or never listened.
 */
export async function startApp(
	run: StartContext,
	version: Version,
	like?: {old: AppProcess; choice: Choice},
): Promise<{app: AppProcess; choice: Choice}> {
	const s = run.settings;
	mkdirSync(s.runDir, {recursive: true});
	const app: AppProcess = new AppProcess({
		version,
		app: s.app,
		port: await freePort(run.host),
		host: run.host,
		logFile: run.logFile,
		reportFile: path.join(s.runDir, `${version}.jsonl`),
		stats: () => run.stats(app),
		onChange: () => {},
	});
	run.adopt(version, app);
	const until = performance.now() + s.startTimeoutMs;
	app.start();
	// Its process group, for the next run to end should this one be killed with no time to (a server with no preload
	// has nothing that watches for zdd-learn).
	if (app.pid) appendFileSync(path.join(s.runDir, groupsFile), `${app.pid}\n`);
	const started = await app.listening(s.startTimeoutMs);
	run.stillOn();
	if (!started.ok) {
		const why = {
			SPAWN_FAILED: `could not start ${s.app.command}: ${started.detail}`,
			EXITED: `the ${version} instance ${started.detail} before it listened`,
			NO_LISTEN: `the ${version} instance never listened within ${s.startTimeoutMs} ms (${app.groupAlive() ? `it is still running, with no port: a Node app's listen() is sent to the port zdd-learn gives, any other server must listen on the port in PORT or {port}, here ${app.givenPort}` : 'it is gone'}; --start-timeout gives it longer)`,
		}[started.code];
		throw new VerifyError(why, run.logFile);
	}

	const listenedAt = performance.now();
	const choice = await chooseListen(app, {
		host: run.host,
		path: routesOf(s)[0]!.path,
		request: requestOf(s),
		...(s.appPort === undefined ? {} : {appPort: s.appPort}),
		...(like ? {like: {key: askedKey(like.old, like.choice.listen), ordinal: ordinalOf(like.old, like.choice.listen)}} : {}),
		patienceMs: Math.min(2000, s.startTimeoutMs),
		until,
		stopped: run.stopped,
	});
	run.stillOn();
	if (!choice && app.exitedAt !== undefined) {
		throw new VerifyError(
			crashedBefore(app, app.exitedAt - listenedAt, version === 'old' ? 'the deploy began' : 'it was added to the balancer'),
			run.logFile,
		);
	}

	if (!choice) {
		const seen = app
			.reports()
			.map(listen => `${listen.port} (asked ${String(listen.asked)}${listen.closedAt === undefined ? '' : ', closed'})`);
		const wanted = s.appPort === undefined ? 'listen that accepts connections' : `listen that asked for port ${s.appPort} (--app-port)`;
		throw new VerifyError(
			`the ${version} instance opened no ${wanted} within ${s.startTimeoutMs} ms (--start-timeout); its listens: ${seen.join(', ') || 'none'}`,
			run.logFile,
		);
	}

	app.measured = choice.listen;
	return {app, choice};
}

/** Polls the readiness path on the instance's own port until it answers 2xx; if it never does, says what it answered. */
export async function untilReady(run: StartContext, port: number, readyPath: string): Promise<void> {
	let last = 0;
	const ready = await answers2xx(run.host, port, readyPath, run.settings.startTimeoutMs, run.stopped, status => {
		last = status;
	});
	if (!ready && !run.stopped()) {
		throw new VerifyError(
			`an instance never answered 2xx on ${readyPath} within ${run.settings.startTimeoutMs} ms (--start-timeout): ${last === 0 ? 'its connection failed' : `it answered ${last}`}`,
			run.logFile,
		);
	}
}

/** An instance that exited on its own before it had a part in the deploy: the app cannot be verified. */
export function crashedBefore(app: AppProcess, afterListenMs: number, before: string): string {
	const who = app.version === 'old' ? 'the app' : 'the new instance';
	return `${who} exited on its own (${app.exitSignal ?? `code ${app.exitCode}`}) ${Math.max(0, Math.round(afterListenMs))} ms after listening, before ${before}`;
}
