import {spawn} from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import {describe, expect, it} from 'vitest';
import type {RunOptions, RunSnapshot} from '../source/engine/index.js';
import {conserved, deployments, eventually, tryConnect, until} from './helpers.js';

const fast: Partial<RunOptions> = {
	slowMinMs: 300,
	slowMaxMs: 500,
	timeoutMs: 2000,
	drainDeadlineMs: 2000,
};

const deployment = deployments(fast);

async function get(port: number): Promise<{version: string | undefined; body: string; status?: number; proxyError?: string}> {
	return new Promise((resolve, reject) => {
		http
			.get({host: '127.0.0.1', port, path: '/', agent: false}, response => {
				let body = '';
				response.on('data', chunk => {
					body += String(chunk);
				});
				response.on('end', () => {
					resolve({
						version: response.headers['x-version'] as string | undefined,
						body,
						status: response.statusCode,
						proxyError: response.headers['x-proxy-error'] as string | undefined,
					});
				});
			})
			.on('error', reject);
	});
}

describe('engine on real sockets', () => {
	it('binds loopback only and names the version in header and body', async () => {
		const run = deployment();
		const result = await run.perform(0, {action: 'listen', target: 'old'});
		expect(result.ok).toBe(true);
		expect(run.port).toBeGreaterThan(0);
		const response = await get(run.port);
		expect(response.version).toBe('old');
		expect(response.body).toContain('old');
		expect(run.snapshot().host).toBe('127.0.0.1');
	});

	it('an action that cannot apply to the server as it is is refused before it touches a socket, with its code', async () => {
		const run = deployment({rate: 1});
		// Nothing to close, drain, stop or break on a server that never started.
		for (const action of ['stop-accepting', 'drain', 'stop', 'crash', 'inject-error', 'sigterm-exit'] as const) {
			expect((await run.perform(0, {action, target: 'old'})).code, action).toBe('NOT_STARTED');
		}

		// No address to send requests to.
		expect((await run.perform(0, {action: 'flip', target: 'new'})).code).toBe('NO_ADDRESS');
		expect((await run.perform(0, {action: 'endpoints-add', target: 'new'})).code).toBe('NO_ADDRESS');
		await run.perform(0, {action: 'listen', target: 'old'});
		// A drain of a server still accepting would never end.
		expect((await run.perform(1, {action: 'drain', target: 'old'})).code).toBe('STILL_ACCEPTING');
		expect((await run.perform(2, {action: 'stop', target: 'old'})).ok).toBe(true);
		// Nothing to stop or crash twice.
		expect((await run.perform(3, {action: 'stop', target: 'old'})).code).toBe('STOPPED');
		expect((await run.perform(3, {action: 'crash', target: 'old'})).code).toBe('STOPPED');
		// Each refusal is a step that did nothing: the server the run was left with is as it was.
		expect(run.snapshot().servers.old.state).toBe('stopped');
	});

	it("the proxy's 502 comes from a real connection: a version that stopped listening refuses it, and the proxy says so", async () => {
		const run = deployment({rate: 1});
		await run.perform(0, {action: 'proxy-listen', target: 'old'});
		expect((await get(run.port)).version).toBe('old');
		await run.perform(1, {action: 'stop', target: 'old'});
		const answer = await get(run.port);
		expect(answer.status).toBe(502);
		// The error of a real connect() to the version's port, not a guess from the engine's state.
		expect(answer.proxyError).toBe('ECONNREFUSED');
	});

	it('a stop says what was on each connection it cut: idle keep-alive ones had no request to lose', async () => {
		const idle = deployment({rate: 1});
		await idle.perform(0, {action: 'listen', target: 'old'});
		// One keep-alive connection that was answered and waits for the next request, as a client's pool keeps it.
		const agent = new http.Agent({keepAlive: true});
		await new Promise<void>((resolve, reject) => {
			http
				.get({host: '127.0.0.1', port: idle.port, path: '/', agent}, response => {
					response.resume();
					response.on('end', resolve);
				})
				.on('error', reject);
		});
		await eventually(() => idle.servers.old.census().idle === 1, 'the idle keep-alive connection');
		expect((await idle.perform(1, {action: 'stop', target: 'old'})).detail).toBe(
			'old server stopped; 1 idle keep-alive connection(s) cut, no request on them',
		);
		agent.destroy();

		// A request under way (a handler that never answers) and a connection that has sent nothing yet.
		const busy = deployment({rate: 1});
		await busy.perform(0, {action: 'listen', target: 'old'});
		await busy.perform(1, {action: 'inject-hang', target: 'old'});
		const request = http.get({host: '127.0.0.1', port: busy.port, path: '/', agent: false});
		request.on('error', () => {
			// Cut by the stop, as the detail says.
		});
		const silent = net.connect(busy.port, '127.0.0.1');
		silent.on('error', () => {
			// The same.
		});
		await eventually(() => {
			const census = busy.servers.old.census();
			return census.busy === 1 && census.unused === 1;
		}, 'one busy connection and one unused');
		expect((await busy.perform(2, {action: 'stop', target: 'old'})).detail).toBe(
			'old server stopped; 2 connection(s) cut: 1 with a request under way, 1 opened, no request yet',
		);
		silent.destroy();
	});

	it('a second listen on the busy port fails with the real EADDRINUSE', async () => {
		const run = deployment();
		const states: string[] = [];
		const steps: string[] = [];
		run.on('state', server => states.push(`${server.version} ${server.state}${server.lastError ? ` ${server.lastError}` : ''}`));
		run.on('step', step => steps.push(`${step.action} ${step.result?.ok ? 'ok' : step.result?.code}`));
		await run.perform(0, {action: 'start', target: 'old'});
		await run.perform(1, {action: 'deploy', target: 'new'});
		const result = await run.perform(2, {action: 'try-listen', target: 'new'});
		expect(result.ok).toBe(false);
		expect(result.code).toBe('EADDRINUSE');
		expect(run.snapshot().servers.new.state).toBe('error');
		expect(run.snapshot().servers.old.state).toBe('listening');
		expect(states).toEqual(['old listening', 'new error EADDRINUSE']);
		expect(steps).toEqual(['start ok', 'deploy ok', 'try-listen EADDRINUSE']);
	});

	it('close, then listen, under steady load: old serves, new serves, and the handoff refuses', async () => {
		const run = deployment({rate: 200});
		await run.perform(0, {action: 'start', target: 'old'});
		await until(run, s => s.totals.old >= 20, 'answers from old');
		await run.perform(1, {action: 'deploy', target: 'new'});
		await run.perform(2, {action: 'try-listen', target: 'new'});
		await run.perform(3, {action: 'stop-accepting', target: 'old'});
		const drain = await run.perform(4, {action: 'drain', target: 'old'});
		expect(drain.ok).toBe(true);
		await run.perform(5, {action: 'listen', target: 'new'});
		await until(run, s => s.totals.new >= 20, 'answers from new');
		await run.perform(6, {action: 'stop', target: 'old'});
		const final = await run.finish();

		expect(final.totals.old).toBeGreaterThan(0);
		expect(final.totals.new).toBeGreaterThan(0);
		expect(final.totals.refused).toBeGreaterThan(0);
		expect(final.totals.inFlight).toBe(0);
		expect(conserved(final)).toBe(true);
		// Requests that arrived during the drain found nobody listening.
		const drainStep = final.steps[4]!;
		expect(drainStep.counts.refused).toBeGreaterThan(0);
		expect(drainStep.counts.old + drainStep.counts.new).toBe(0);
		expect(final.gapMs).toBeGreaterThan(0);
		expect(final.servers.old.state).toBe('stopped');
	});

	it('every request ends in exactly one class, over thousands of requests and a deploy', async () => {
		const run = deployment({rate: 1000, keepAlive: true});
		const snapshots: RunSnapshot[] = [];
		run.on('snapshot', snapshot => snapshots.push(snapshot));
		await run.perform(0, {action: 'start', target: 'old'});
		await until(run, s => s.totals.sent >= 1200, '1,200 requests sent');
		await run.perform(1, {action: 'stop-accepting', target: 'old'});
		await run.perform(2, {action: 'drain', target: 'old'});
		await run.perform(3, {action: 'listen', target: 'new'});
		await until(run, s => s.steps[3]!.counts.new >= 200, '200 answers from new');
		await run.perform(4, {action: 'stop', target: 'old'});
		// Over 2,000 requests in all: the run goes on until they have been sent.
		await until(run, s => s.totals.sent >= 2100, '2,100 requests sent');
		const final = await run.finish();

		expect(final.totals.inFlight).toBe(0);
		expect(snapshots.length).toBeGreaterThan(10);
		for (const snapshot of snapshots) expect(conserved(snapshot)).toBe(true);
		expect(conserved(final)).toBe(true);
		// The per-step counts add up to the totals too.
		const bySteps = final.steps.reduce((sum, step) => sum + step.counts.sent, 0);
		expect(bySteps).toBe(final.totals.sent);
		const outcomeSum = final.steps.reduce(
			(sum, s) =>
				sum + s.counts.old + s.counts.new + s.counts.refused + s.counts.reset + s.counts.timeout + s.counts.status5xx + s.counts.other,
			0,
		);
		expect(outcomeSum).toBe(final.totals.sent);
	});

	it('the open-loop generator keeps its schedule while the server stalls', async () => {
		const run = deployment({rate: 200, slowEvery: 1, slowMinMs: 400, slowMaxMs: 400});
		await run.perform(0, {action: 'start', target: 'old'});
		// By the time 150 are sent (0.75 s at 200/s), a closed-loop client waiting 400 ms for each answer
		// would have only a handful out; open loop has every request of the last 400 ms in flight (~80).
		const snapshot = await until(run, s => s.totals.sent >= 150, '150 requests sent');
		expect(snapshot.totals.inFlight).toBeGreaterThan(50);
	});

	it('after dispose() nothing listens', async () => {
		const run = deployment({keepAlive: true});
		await run.perform(0, {action: 'start', target: 'old'});
		await run.perform(1, {action: 'deploy', target: 'new'});
		await until(run, s => s.totals.old >= 10, 'answers from old');
		const {port} = run;
		expect(await tryConnect(port)).toBe('connected');
		run.dispose();
		await eventually(async () => (await tryConnect(port)) === 'ECONNREFUSED', 'the port to refuse');
	});

	// Runs the built engine (npm test builds first).
	it('after dispose() nothing of the engine keeps the process alive', async () => {
		const script = `
			import {DeployRun} from './build/engine.js';
			const run = new DeployRun({port: 0, rate: 200, keepAlive: true, slowMinMs: 300, slowMaxMs: 600});
			await run.perform(0, {action: 'start', target: 'old'});
			await new Promise(r => setTimeout(r, 400));
			await run.perform(1, {action: 'stop-accepting', target: 'old'});
			run.dispose();
			// Sockets close on a later turn of the loop (the exit shows they did); timers go at once.
			console.log('disposed', JSON.stringify(process.getActiveResourcesInfo().filter(r => r === 'Timeout')));
		`;
		const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
			cwd: process.cwd(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', chunk => (out += String(chunk)));
		child.stderr.on('data', chunk => (out += String(chunk)));
		const code = await new Promise<number | null>(resolve => {
			// Only a cap: a process kept alive by the engine would wait here forever, and be killed (code null).
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				resolve(null);
			}, 20_000);
			child.on('exit', c => {
				clearTimeout(timer);
				resolve(c);
			});
		});
		expect(out).toContain('disposed');
		// No timer of the engine left the moment it was disposed: the exit did not wait on one.
		expect(JSON.parse(/disposed (.*)/.exec(out)![1]!)).toEqual([]);
		// It exited by itself (a kill would give null): nothing of the engine held it.
		expect(code).toBe(0);
	});
});
