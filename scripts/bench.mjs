// npm run bench: speed and memory figures, each against a baseline measured
// in the same run. It prints; it never fails the build.
import {spawn, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {common} from './esbuild-common.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const tmp = prefix => mkdtempSync(path.join(os.tmpdir(), prefix));

/**
 * Figures (ms) of `command` run directly on a pseudo-terminal, 80x24, with no wrapper
 * process: scripts/pty-time.py forks it on a pty and times each step of `script`
 * ({until: text}, {send: text}, {mark: true}, {exit: true}) from the fork or the last mark.
 */
function onTerminal(command, script) {
	// Ink draws only a final frame when it believes it runs in CI.
	const env = {...process.env, ZDD_LEARN_CONFIG_DIR: tmp('zdd-bench-')};
	delete env.CI;
	delete env.CONTINUOUS_INTEGRATION;
	const out = execFileSync('python3', ['scripts/pty-time.py', JSON.stringify(script), ...command], {encoding: 'utf8', env});
	return JSON.parse(out);
}

async function timed(label, fn) {
	const values = [];
	for (let i = 0; i < runs; i++) values.push(await fn());
	return {label, ms: median(values)};
}

function row(label, value, baseline, goal) {
	const ratio = baseline ? `${(value / baseline).toFixed(2)}×` : '';
	const met = goal === undefined ? '' : value / (baseline ?? 1) <= goal ? '  ✔ goal' : '  ✖ goal';
	console.log(
		`${label.padEnd(52)} ${String(Math.round(value)).padStart(7)} ${ratio.padStart(8)}${goal ? `  (goal ≤ ${goal}${baseline ? '×' : ''})` : ''}${met}`,
	);
}

console.log(`zdd-learn bench · node ${process.version} · ${os.cpus().length} cores · medians of ${runs} runs\n`);
const node = JSON.stringify(process.execPath);

// 1. Start-up, directly on a pseudo-terminal, against `node -e 0` measured the same way, on every Node line
// the npm cache (or the registry) has: this machine's own, then 22, 24 and 26.
function nodeOf(line) {
	try {
		const found = execFileSync('npx', ['--yes', '-p', `node@${line}`, 'node', '-p', 'process.execPath'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: 120_000,
		}).trim();
		return found || undefined;
	} catch {
		return undefined;
	}
}

// The floor: a bare Ink app (one Box, two Texts) bundled by the same esbuild settings from this project's
// own dependencies, drawn on the same terminal the same way. The menu's first frame is measured against it.
await build({
	...common,
	minify: true,
	stdin: {
		contents:
			"import React from 'react'; import {render, Box, Text} from 'ink'; render(React.createElement(Box, {flexDirection: 'column'}, React.createElement(Text, {bold: true}, 'Lessons'), React.createElement(Text, null, 'a bare Ink app')));",
		resolveDir: process.cwd(),
		loader: 'js',
	},
	outfile: 'build/bare-ink.js',
});

const lines = [process.execPath, ...[22, 24, 26].filter(line => !process.version.startsWith(`v${line}.`)).map(nodeOf)].filter(Boolean);
const figures = values => median(values.filter(value => value !== null));
for (const binary of lines) {
	const version = execFileSync(binary, ['--version'], {encoding: 'utf8'}).trim();
	const startups = [];
	for (let i = 0; i < runs; i++) {
		const [baseline] = onTerminal([binary, '-e', '0'], [{exit: true}]);
		const [menu, , guided] = onTerminal(
			[binary, 'dist/cli.js'],
			[
				{until: 'Lessons'},
				{sleep: 100},
				{send: '\r'},
				{until: 'Choose how to learn it'},
				{sleep: 100},
				{mark: true},
				{send: '\r'},
				// The servers' measured state (the expected rows say "listening" before anything runs).
				{until: '● listening'},
			],
		);
		const [help] = onTerminal([binary, 'dist/cli.js', '--help'], [{exit: true}]);
		const [ink] = onTerminal([binary, 'build/bare-ink.js'], [{until: 'Lessons'}]);
		startups.push({baseline, menu, help, guided, ink});
	}

	const baseline = figures(startups.map(s => s.baseline));
	console.log(`start-up on a pseudo-terminal, Node ${version} (ms)`);
	row('node -e 0 (baseline)', baseline);
	const ink = figures(startups.map(s => s.ink));
	row('first frame of a bare Ink app (the floor)', ink, baseline);
	row('first frame of the menu, against node -e 0', figures(startups.map(s => s.menu)), baseline);
	row('first frame of the menu, against the bare Ink app', figures(startups.map(s => s.menu)), ink, 1.3);
	row('--help', figures(startups.map(s => s.help)), baseline, 1.5);
	row('Enter on Guided deploy to the servers listening', figures(startups.map(s => s.guided)), undefined, 250);
	console.log('');
}

// 2. npx of the packed tarball with an empty npm cache, until --version prints.
const packDir = tmp('zdd-pack-');
execFileSync('npm', ['pack', '--pack-destination', packDir, '--ignore-scripts'], {stdio: 'ignore'});
const tarball = path.join(packDir, execFileSync('ls', [packDir], {encoding: 'utf8'}).trim());
const npx = await timed('npx', () => {
	const cache = tmp('zdd-npm-cache-');
	const cwd = tmp('zdd-npx-');
	const started = performance.now();
	execFileSync('npx', ['--yes', '--package', tarball, 'zdd-learn', '--version'], {
		cwd,
		env: {...process.env, npm_config_cache: cache},
		stdio: 'ignore',
	});
	const ms = performance.now() - started;
	rmSync(cache, {recursive: true, force: true});
	return ms;
});
console.log('npx of the packed tarball, empty npm cache, until --version prints (ms)');
row('npx --package zdd-learn-*.tgz zdd-learn --version', npx.ms, undefined, undefined);
console.log(`${''.padEnd(52)} goal ≤ 2000 ms: ${npx.ms <= 2000 ? '✔' : '✖'}`);

// 3. The real app drawing a whole lesson while the load runs.
await build({...common, entryPoints: ['scripts/bench-ui.tsx'], outfile: 'build/bench-ui.js'});
const ui = JSON.parse(execFileSync(process.execPath, ['build/bench-ui.js', '200'], {encoding: 'utf8'}).replaceAll(/\u001B\[\?25[hl]/g, ''));
console.log('\nthe guided lesson auto-playing while Ink draws it (rate 200/s)');
row('achieved request rate (per s)', ui.achievedRate, ui.targetRate, undefined);
console.log(
	`${''.padEnd(52)} off target by ${((Math.abs(ui.achievedRate - ui.targetRate) / ui.targetRate) * 100).toFixed(2)} % (goal within 1 %): ${Math.abs(ui.achievedRate - ui.targetRate) / ui.targetRate <= 0.01 ? '✔' : '✖'}`,
);
console.log(
	`${'event-loop delay p99 (ms)'.padEnd(52)} ${ui.loopDelayP99Ms.toFixed(1).padStart(7)}  (goal ≤ 15)  ${ui.loopDelayP99Ms <= 15 ? '✔ goal' : '✖ goal'}`,
);
console.log(`${'event-loop delay max (ms)'.padEnd(52)} ${ui.loopDelayMaxMs.toFixed(1).padStart(7)}`);
console.log(`${'peak RSS (MB)'.padEnd(52)} ${ui.peakRssMb.toFixed(1).padStart(7)}`);

// 4. A full race of every strategy at the defaults.
const raceStarted = performance.now();
const race = JSON.parse(
	execFileSync(process.execPath, ['dist/cli.js', 'race', '--json'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}),
);
const raceMs = performance.now() - raceStarted;
const slowest = [...race.strategies].sort((a, b) => b.durationMs - a.durationMs)[0];
console.log(
	`\n${'full race, every strategy, defaults (ms)'.padEnd(52)} ${String(Math.round(raceMs)).padStart(7)}  (goal ≤ 20000)  ${raceMs <= 20_000 ? '✔ goal' : '✖ goal'}`,
);
console.log(`${`  ${race.strategies.length} strategies; slowest: ${slowest.id}`.padEnd(52)} ${String(slowest.durationMs).padStart(7)}`);

// 5. verify: what it adds around the deploy itself, against the app's own start-up measured alongside.
const app = 'test/fixtures/verify/careful.js';
/** ms from spawning the app with node until it answers its first request (it listens on 3000, as written). */
function appStartup() {
	return new Promise(resolve => {
		const started = performance.now();
		const child = spawn(process.execPath, [app], {stdio: 'ignore'});
		const tryOnce = () => {
			const request = http.get({host: '127.0.0.1', port: 3000, agent: false}, response => {
				response.resume();
				const ms = performance.now() - started;
				child.kill('SIGKILL');
				resolve(ms);
			});
			request.on('error', () => setTimeout(tryOnce, 5));
		};

		tryOnce();
	});
}

/** From spawning `zdd-learn verify` to its first request through the balancer, and from the load's end to its exit (ms). */
function verifyAround() {
	return new Promise(resolve => {
		const started = performance.now();
		// The idle keep-alive check waits for the app's own timeout after the load: not what is measured here.
		const child = spawn(process.execPath, ['dist/cli.js', 'verify', app, '--lag', '300', '--balancer-idle', '0'], {
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		let output = '';
		let serving;
		let stopped;
		child.stdout.on('data', chunk => {
			output += chunk;
			if (serving === undefined && output.includes('serving through the balancer')) serving = performance.now() - started;
			if (stopped === undefined && output.includes('load stopped')) stopped = performance.now();
		});
		child.on('exit', () => resolve({startup: serving, teardown: performance.now() - stopped}));
	});
}

const verifyRuns = Math.max(3, Math.floor(runs / 2));
const appStarts = [];
const arounds = [];
for (let i = 0; i < verifyRuns; i++) {
	appStarts.push(await appStartup());
	arounds.push(await verifyAround());
}

console.log(`\nverify, ${app} (ms, medians of ${verifyRuns})`);
row('node app.js until it answers (baseline)', median(appStarts));
row('verify: start-up until its first request', median(arounds.map(a => a.startup)), median(appStarts), undefined);
row('verify: from the end of the load to exit', median(arounds.map(a => a.teardown)), median(appStarts), undefined);
