import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {readProjectSettings, settingKeys, verifyOptionsOf} from '../source/verify/config.js';
import {runCli} from './run-cli.js';

const folders: string[] = [];
afterEach(() => {
	for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
});

/** A project folder with these files (objects are written as JSON). */
function project(files: Record<string, unknown>): string {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'zdd-config-'));
	folders.push(folder);
	for (const [name, content] of Object.entries(files)) {
		writeFileSync(path.join(folder, name), typeof content === 'string' ? content : JSON.stringify(content, undefined, 2));
	}

	return folder;
}

/** A server that drains on SIGTERM (close() lets idle connections go since Node 19). */
const server = [
	"const server = require('node:http').createServer((q, s) => s.end('ok')).listen(3000);",
	"process.on('SIGTERM', () => server.close(() => process.exit(0)));",
	'',
].join('\n');

describe("verify's settings kept in the project", () => {
	it('come from zdd-learn.config.json or package.json\'s "zdd-learn" key, as flags; none: undefined', () => {
		expect(readProjectSettings(project({'package.json': {name: 'app'}}))).toBeUndefined();
		const fromFile = readProjectSettings(
			project({
				'zdd-learn.config.json': {
					$schema: './node_modules/zdd-learn/schema/zdd-learn.config.schema.json',
					app: 'server.js',
					lag: 500,
					keepAlive: true,
					paths: ['/:3', '/reports:1'],
					headers: {'X-Tenant': 'a'},
				},
			}),
		);
		expect(fromFile).toEqual({
			from: 'zdd-learn.config.json',
			flags: {lag: '500', keepAlive: true, path: ['/:3', '/reports:1'], header: ['X-Tenant: a']},
			input: ['server.js'],
		});
		const fromPackage = readProjectSettings(project({'package.json': {name: 'app', 'zdd-learn': {command: 'npm start', grace: 30_000}}}));
		expect(fromPackage).toEqual({from: 'package.json ("zdd-learn")', flags: {grace: '30000'}, input: [], command: ['npm', 'start']});
	});

	it.each([
		[
			{'zdd-learn.config.json': {app: 'a.js'}, 'package.json': {'zdd-learn': {app: 'b.js'}}},
			'verify\'s settings are in both package.json ("zdd-learn") and zdd-learn.config.json: keep one',
		],
		[{'zdd-learn.config.json': '{"lag": 5'}, /^zdd-learn\.config\.json is not JSON: /],
		[
			{'zdd-learn.config.json': {lagg: 5}},
			'zdd-learn.config.json: unknown key "lagg" (the keys are verify\'s long flags in camelCase, with "app" or "command")',
		],
		[{'zdd-learn.config.json': {lag: '500'}}, 'zdd-learn.config.json: "lag" must be a whole number, got "500"'],
		[{'zdd-learn.config.json': {lag: 1.5}}, 'zdd-learn.config.json: "lag" must be a whole number, got 1.5'],
		[{'zdd-learn.config.json': {paths: '/x'}}, 'zdd-learn.config.json: "paths" must be a list of paths ("/api/orders:3"), got "/x"'],
		[{'package.json': {'zdd-learn': {keepAlive: 'yes'}}}, 'package.json ("zdd-learn"): "keepAlive" must be true or false, got "yes"'],
		[{'zdd-learn.config.json': {app: 'a.js', command: ['npm', 'start']}}, 'zdd-learn.config.json: give "app" or "command", not both'],
		[{'zdd-learn.config.json': [1]}, "zdd-learn.config.json: the settings must be an object of verify's flags in camelCase, got [1]"],
	])('refused in one line naming the file and the key: %j', (files, message) => {
		const read = readProjectSettings(project(files));
		expect(read).toHaveProperty('error');
		if (typeof message === 'string') expect((read as {error: string}).error).toBe(message);
		else expect((read as {error: string}).error).toMatch(message);
	});

	it('flags override the settings, a file or a command given replaces the app, and a bad value from the settings is named as theirs', () => {
		const folder = project({'zdd-learn.config.json': {app: 'server.js', lag: 500, paths: ['/a']}, 'server.js': server, 'other.js': server});
		const options = verifyOptionsOf({}, [], undefined, folder);
		expect(options).toMatchObject({lagMs: 500, paths: [{path: '/a', weight: 1}], app: {args: [path.join(folder, 'server.js')]}});
		const overridden = verifyOptionsOf({lag: '0', path: ['/b:2']}, ['other.js'], undefined, folder);
		expect(overridden).toMatchObject({lagMs: 0, paths: [{path: '/b', weight: 2}], app: {args: [path.join(folder, 'other.js')]}});
		const command = verifyOptionsOf({}, [], ['npm', 'start'], folder);
		expect(command).toMatchObject({app: {command: 'npm', args: ['start']}});
		// A way of running given on the command line overrides the settings' ways it excludes.
		const ways = project({'zdd-learn.config.json': {app: 'server.js', json: true, runs: 3}, 'server.js': server});
		expect(verifyOptionsOf({markdown: true}, [], undefined, ways)).toMatchObject({json: false, markdown: true, runs: 3});
		expect(verifyOptionsOf({steps: true}, [], undefined, ways)).toMatchObject({json: false, steps: true, runs: 1});
		expect(verifyOptionsOf({runs: '1'}, [], undefined, ways)).toMatchObject({json: true, runs: 1});
		const bad = project({'zdd-learn.config.json': {app: 'server.js', lag: 70_000}, 'server.js': server});
		expect(verifyOptionsOf({}, [], undefined, bad)).toEqual({
			error: 'zdd-learn.config.json: "lag": --lag expects milliseconds from 0 to 60000, got "70000"',
			json: false,
		});
		// Settings that ask for JSON get their refusal as one JSON document too (the CLI reads json here).
		const asJson = project({'zdd-learn.config.json': {app: 'server.js', lag: 70_000, json: true}, 'server.js': server});
		expect(verifyOptionsOf({}, [], undefined, asJson)).toMatchObject({json: true});
		expect(verifyOptionsOf({markdown: true}, [], undefined, asJson)).toMatchObject({json: false});
	});

	it("the readme's example is accepted as it is", () => {
		const example = /### Settings kept in your project[\s\S]*?```json\n([\s\S]*?)```/.exec(readFileSync('readme.md', 'utf8'))![1]!;
		const read = readProjectSettings(project({'zdd-learn.config.json': example}));
		expect(read).toMatchObject({
			from: 'zdd-learn.config.json',
			command: ['npm', 'start'],
			flags: {grace: '30000', path: ['/:3', '/api/orders:1']},
		});
	});

	it('the JSON schema that ships with the package names exactly the keys verify accepts, with their types', () => {
		const schema = JSON.parse(readFileSync('schema/zdd-learn.config.schema.json', 'utf8')) as {
			additionalProperties: boolean;
			properties: Record<string, {type?: string; oneOf?: Array<{type: string}>}>;
		};
		expect(schema.additionalProperties).toBe(false);
		expect(
			Object.keys(schema.properties)
				.filter(key => key !== '$schema')
				.sort(),
		).toEqual(Object.keys(settingKeys).sort());
		// Whole numbers, as the flags take them.
		const jsonType = {number: 'integer', boolean: 'boolean', string: 'string', paths: 'array'} as const;
		for (const [key, kind] of Object.entries(settingKeys)) {
			const property = schema.properties[key]!;
			if (kind in jsonType) expect(property.type, key).toBe(jsonType[kind as keyof typeof jsonType]);
			else expect(property.oneOf?.length, key).toBe(2);
		}

		const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {files: string[]};
		expect(packageJson.files).toContain('schema');
	});
});

describe.runIf(process.platform === 'linux')('zdd-learn verify with no arguments, in a project that keeps its settings', () => {
	it('runs the app the settings name, with their settings; a flag overrides one; a broken setting is one line, exit 2', async () => {
		const folder = project({
			'package.json': {name: 'app', private: true, 'zdd-learn': {app: 'server.js', lag: 0, grace: 3000, balancerIdle: 0, json: true}},
			'server.js': server,
		});
		const {code, stdout} = await runCli(['verify'], {cwd: folder});
		const report = JSON.parse(stdout) as {command: string; settings: {lagMs: number; graceMs: number}; sent: number};
		expect(report.command).toBe('node server.js');
		expect(report.settings).toMatchObject({lagMs: 0, graceMs: 3000});
		expect(report.sent).toBeGreaterThan(0);
		// With no lag the balancer lets go before the signal, and the app drains: a clean deploy.
		expect(code).toBe(0);
		const overridden = await runCli(['verify', '--lag', '300'], {cwd: folder});
		expect((JSON.parse(overridden.stdout) as {settings: {lagMs: number}}).settings.lagMs).toBe(300);

		writeFileSync(path.join(folder, 'zdd-learn.config.json'), '{}');
		const both = await runCli(['verify'], {cwd: folder});
		expect(both.code).toBe(2);
		expect(both.stderr.trim()).toBe(
			'zdd-learn: verify\'s settings are in both package.json ("zdd-learn") and zdd-learn.config.json: keep one',
		);

		// Settings that ask for JSON get a refusal as one document on stdout, as --json would.
		rmSync(path.join(folder, 'zdd-learn.config.json'));
		writeFileSync(path.join(folder, 'package.json'), JSON.stringify({name: 'app', 'zdd-learn': {app: 'server.js', json: true, grace: 5}}));
		const refused = await runCli(['verify'], {cwd: folder});
		expect(refused.code).toBe(2);
		expect(JSON.parse(refused.stdout)).toMatchObject({
			clean: false,
			error: 'package.json ("zdd-learn"): "grace": --grace expects milliseconds from 100 to 120000, got "5"',
		});
	}, 60_000);
});
