import {spawn, spawnSync} from 'node:child_process';
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {eventually, shExecsItsCommand} from './helpers.js';
import {cliPath, runCli} from './run-cli.js';

/**
 * zdd-learn verify on real third-party servers, installed from the npm registry as devDependencies:
 * each case's expected verdict comes from that server's own documented shutdown behaviour (the comment
 * above each case names the file and line), not from what verify happens to print. The fixtures run
 * from their place in the repository, so their require() resolves from its node_modules.
 */
const fixtures = path.resolve('test/fixtures/verify-real');
const fixture = (name: string) => path.join(fixtures, name);
/** Short: the balancer lets go 500 ms after the signal; the idle keep-alive check is not the point here. */
const fast = ['--lag', '500', '--grace', '3000', '--balancer-idle', '0'];

type Listen = {port: number; askedPort: number | string | null; askedHost: string | null};
type Finding = {id: string; severity: 'failure' | 'warning'; requests: number; text: string; lesson: string | null};
/** The JSON document of `zdd-learn verify --json`, as far as these tests read it. */
type Report = {
	clean: boolean;
	error?: string;
	appOutput?: string[];
	zeroDowntime: boolean;
	sent: number;
	outcomes: {old: number; new: number; refused: number; reset: number; timeout: number; status5xx: number; other: number};
	statuses: Record<string, number>;
	measured: Listen;
	otherListens: Listen[];
	old: {signal: string; exitCode: number | null; exitSignal: string | null; exitedAfterMs: number | null; killed: boolean};
	findings: Finding[];
};

/** Every live process of a fixture: it names the fixtures' folder, or runs in it (npm start, python3). */
function fixtureProcesses(): string[] {
	const found: string[] = [];
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
			const cwd = readlinkSync(`/proc/${pid}/cwd`);
			if (command.includes(fixtures) || cwd === fixtures || cwd.startsWith(fixtures + path.sep)) found.push(`${pid}: ${command}`);
		} catch {
			// Gone while we looked.
		}
	}

	return found;
}

async function noneLeft(): Promise<void> {
	await eventually(() => fixtureProcesses().length === 0, `no process of the fixture left (${fixtureProcesses().join('; ')})`, 3000);
}

async function verify(args: string[], cwd?: string): Promise<{code: number | null; report: Report; stderr: string}> {
	const {code, stdout, stderr} = await runCli(['verify', '--json', ...args], cwd ? {cwd} : {});
	let report: Report;
	try {
		report = JSON.parse(stdout) as Report;
	} catch {
		throw new Error(`not one JSON document (exit ${code}):\n${stdout}\n${stderr}`);
	}

	return {code, report, stderr};
}

const failureIds = (r: Report) => r.findings.filter(f => f.severity === 'failure').map(f => f.id);

/** What holds for every verdict: the outcomes add up to what was sent, and the findings' requests to the failed ones. */
function expectAccounted(code: number | null, r: Report): void {
	const o = r.outcomes;
	expect(r.sent).toBeGreaterThan(0);
	expect(o.old + o.new + o.refused + o.reset + o.timeout + o.status5xx + o.other).toBe(r.sent);
	const failed = r.sent - o.old - o.new;
	expect(
		r.findings.reduce((sum, f) => sum + f.requests, 0),
		JSON.stringify(r.findings.map(f => [f.id, f.requests])),
	).toBe(failed);
	expect(r.zeroDowntime).toBe(failed === 0);
	expect(r.clean).toBe(code === 0);
	for (const f of r.findings) expect(['failure', 'warning']).toContain(f.severity);
}

/** Whether `sh -c "one command"` replaces itself with the command (bash, busybox) or forks it (Debian's dash 0.5.12). */
const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.log('verify-real: no python3 on this machine, so the http.server case is skipped');

describe.runIf(process.platform === 'linux' && !process.env['ZDD_SKIP_REAL_SERVERS'])(
	'zdd-learn verify on real third-party servers',
	() => {
		// close-with-grace 2.5: its readme's "Example with Fastify" (README.md l. 54-72) calls `await app.close()` on
		// SIGTERM (README.md l. 110, index.js l. 36), then process.exit(0) once that resolves (index.js l. 117-144).
		// Fastify 5's close() stops accepting at once and answers 503 to what still arrives (docs/Reference/Server.md
		// l. 1559-1564, l. 742-750): with no pause first, the app is gone while the balancer still sends to it for the lag.
		it('Fastify with close-with-grace: it closes and exits (code 0) at once on SIGTERM, while still routed: exit 1', async () => {
			const {code, report} = await verify([fixture('fastify-close-with-grace.js'), ...fast]);
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(report.old.killed).toBe(false);
			expect(report.old.exitCode).toBe(0);
			expect(failureIds(report)).toContain('exited-while-routed');
			expect(report.outcomes.old).toBeGreaterThan(0);
			expect(report.measured.askedPort).toBe(3000);
			await noneLeft();
		});

		// Koa 3.3: app.listen() is http.createServer(app.callback()).listen(...args) (lib/application.js l. 133-136), and
		// nothing in koa/lib touches process signals. @hapi/hapi 21.4: server.start() listens on settings.address ||
		// settings.host (lib/core.js l. 338-340); no file in @hapi/hapi/lib calls process.on or process.once, so hapi
		// installs no signal handler (graceful stop is server.stop(), which only the app, or a plugin such as hapi-pulse,
		// calls). Node: "SIGTERM and SIGINT have default handlers on non-Windows platforms that reset the terminal mode
		// before exiting with code 128 + signal number" (https://nodejs.org/api/process.html#signal-events): each ends at once.
		it.each([
			["Koa 3 on '::'", 'koa-ipv6.js', '::'],
			['@hapi/hapi on 0.0.0.0', 'hapi.js', '0.0.0.0'],
		])('%s with no shutdown code: ends at once on SIGTERM, measured on its own listen: exit 1', async (_name, file, host) => {
			const {code, report} = await verify([fixture(file), ...fast]);
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(report.old.exitSignal).toBe('SIGTERM');
			expect(failureIds(report)).toContain('exited-while-routed');
			expect(report.outcomes.old).toBeGreaterThan(0);
			expect(report.measured).toMatchObject({askedPort: 3000, askedHost: host});
			await noneLeft();
		});

		// npm 11 (@npmcli/run-script 10): a script runs as `sh -c "<script>"` (@npmcli/promise-spawn lib/index.js l. 73,
		// l. 121), and with stdio inherit npm passes SIGINT and SIGTERM on to that shell (run-script-pkg.js l. 86-88,
		// signal-manager.js l. 4-16). Whether the app then gets it is the shell's doing: Debian's dash 0.5.12 forks
		// `node app.js` and dies of the SIGTERM without passing it on (so npm, seeing its child end by the signal,
		// re-sends it to itself, run-script-pkg.js l. 98-102, and goes too), while the app serves on until SIGKILL.
		// A shell that execs its single command (bash) hands the SIGTERM to node itself, which ends at once.
		it('npm start with "start": "node app.js" (express-generator\'s): what the shell does with the SIGTERM decides: exit 1', async () => {
			const execs = shExecsItsCommand();
			const {code, report} = await verify([...fast, '--', 'npm', 'start'], fixture('npm-start'));
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(failureIds(report)).toContain(execs ? 'exited-while-routed' : 'signal-not-passed-on');
			expect(report.outcomes.old).toBeGreaterThan(0);
			await noneLeft();
		});

		// The same with "start": "exec node app.js": the shell replaces itself with node, so npm's SIGTERM (signal-manager.js
		// l. 12-16) reaches the app, which has no handler and ends at once (Node's default, as above).
		it('npm start with "start": "exec node app.js": the SIGTERM reaches the app, which ends at once: exit 1', async () => {
			const {code, report} = await verify([...fast, '--', 'npm', 'start'], fixture('npm-start-exec'));
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(failureIds(report)).toContain('exited-while-routed');
			expect(failureIds(report)).not.toContain('signal-not-passed-on');
			expect(report.outcomes.old).toBeGreaterThan(0);
			await noneLeft();
		});

		// lightship 7.2.0 (7.3.0 on the registry ships no dist/ and cannot be loaded): createLightship() first listens
		// with its own Fastify probe server on 0.0.0.0:9000 (dist/src/factories/createLightship.js l. 23, l. 119-122), and
		// answers only /health, /live and /ready, so 404 on /. With detectKubernetes: false it handles SIGTERM (l. 218-229;
		// in "local mode" it adds no handler at all): it waits shutdownDelay (l. 154-157; README.md l. 124), runs the
		// shutdown handler (the readme's server.close(), l. 196-206), closes its probe server, and the process exits
		// by itself, or by process.exit(1) a second later (l. 211-216). 1000 ms > the 500 ms lag, all well within 4 s.
		it.each([{extra: [] as string[]}, {extra: ['--app-port', '8080']}])(
			"lightship with Express ($extra): the Express app is measured (200s, not the probe server's 404s), and it drains: exit 0",
			async ({extra}) => {
				const {code, report} = await verify([
					fixture('lightship-express.js'),
					'--lag',
					'500',
					'--grace',
					'4000',
					'--balancer-idle',
					'0',
					...extra,
				]);
				expectAccounted(code, report);
				expect(failureIds(report)).toEqual([]);
				expect(code).toBe(0);
				expect(report.clean).toBe(true);
				expect(report.measured.askedPort).toBe(8080);
				expect(report.otherListens.map(listen => listen.askedPort)).toContain(9000);
				expect(report.statuses['404'] ?? 0).toBe(0);
				expect(report.statuses).toEqual({'200': report.sent});
				expect(report.outcomes.old).toBeGreaterThan(0);
				expect(report.old.killed).toBe(false);
				expect(report.old.exitedAfterMs).toBeGreaterThanOrEqual(1000);
				await noneLeft();
			},
		);

		// portfinder 1.0.38: getPort() tries its basePort, 8000 (lib/portfinder.js l. 88), by listening on it on each host and
		// closing again (testPort, l. 29-80), and gives back the port it asked for (l. 43), on which the app then listens.
		// The app has no shutdown code, so SIGTERM ends it at once (Node's default). The probes' listens are not the app's:
		// the old instance served, so not every request is a 502.
		it("Express on portfinder's port (probe listens, closed, then the app's): the app's listen is measured; it ends at once: exit 1", async () => {
			const {code, report} = await verify([fixture('portfinder-express.js'), ...fast]);
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(report.outcomes.old).toBeGreaterThan(0);
			expect(report.outcomes.new).toBeGreaterThan(0);
			expect(report.statuses['502'] ?? 0).toBeLessThan(report.sent);
			expect(report.measured.askedPort).toBe(8000);
			expect(failureIds(report)).toContain('exited-while-routed');
			await noneLeft();
		});

		// Node: an uncaught exception prints its stack to stderr and ends the process with code 1
		// (https://nodejs.org/api/process.html#event-uncaughtexception): it listened, then went on its own.
		it('an app that crashes 10 ms after it listens: cannot verify, exit 2, its stack in the app output', async () => {
			const {code, report} = await verify([fixture('crash-after-listen.js'), ...fast]);
			expect(code).toBe(2);
			expect(report.clean).toBe(false);
			expect(report.error).toMatch(/^cannot verify: the app exited on its own \(code 1\) \d+ ms after listening/);
			expect(report.error).not.toContain('\n');
			expect(report.appOutput?.join('\n')).toContain('Error: boom');
			expect(report.appOutput?.join('\n')).toContain('crash-after-listen.js:8');
			await noneLeft();

			const plain = await runCli(['verify', fixture('crash-after-listen.js'), ...fast]);
			expect(plain.code).toBe(2);
			expect(plain.stderr).toMatch(/^zdd-learn: cannot verify: the app exited on its own \(code 1\) \d+ ms after listening/);
			expect(plain.stderr).toContain('Error: boom');
			await noneLeft();
		});

		// Node: a SIGTERM listener removes the default behaviour, "Node.js will no longer exit"
		// (https://nodejs.org/api/process.html#signal-events): it runs until the grace ends, then SIGKILL.
		it('an app that ignores SIGTERM is killed after the grace: exit 1', async () => {
			const {code, report} = await verify([fixture('ignores-sigterm.js'), ...fast]);
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(report.old.killed).toBe(true);
			expect(failureIds(report)).toContain('killed-after-grace');
			await noneLeft();
		});

		// Python: "Python installs a small number of signal handlers by default: SIGPIPE is ignored ... and SIGINT is
		// translated into a KeyboardInterrupt exception" (https://docs.python.org/3/library/signal.html): SIGTERM keeps
		// its default action, so `python3 -m http.server` ends at once. No preload in it: {port} tells it where to listen.
		it.skipIf(!hasPython)("python3's http.server (not Node): ends at once on SIGTERM: exit 1", async () => {
			const {code, report} = await verify(
				[...fast, '--', 'python3', '-m', 'http.server', '{port}', '--bind', '127.0.0.1'],
				fixture('python-http-server'),
			);
			expectAccounted(code, report);
			expect(code).toBe(1);
			expect(report.clean).toBe(false);
			expect(report.old.exitSignal).toBe('SIGTERM');
			expect(report.outcomes.old).toBeGreaterThan(0);
			expect(failureIds(report)).toContain('exited-while-routed');
			await noneLeft();
		});

		// A server with no preload has nothing that watches for zdd-learn: killed with SIGKILL, zdd-learn leaves it
		// running, and the next run ends it (its environment names the dead run as its parent).
		it.skipIf(!hasPython)('python3 left running by a zdd-learn killed with SIGKILL is ended by the next run', async () => {
			const child = spawn(
				process.execPath,
				[cliPath, 'verify', '--grace', '60000', '--', 'python3', '-m', 'http.server', '{port}', '--bind', '127.0.0.1'],
				{cwd: fixture('python-http-server'), stdio: ['ignore', 'pipe', 'pipe']},
			);
			let out = '';
			child.stdout.on('data', chunk => (out += String(chunk)));
			const ended = new Promise<unknown>(resolve => child.on('close', resolve));
			await eventually(() => out.includes('serving through the balancer'), 'the old instance serving', 20_000);
			child.kill('SIGKILL');
			await ended;
			expect(fixtureProcesses().length).toBeGreaterThan(0);
			await runCli(['verify', fixture('crash-after-listen.js')]);
			await noneLeft();
		});
	},
);
