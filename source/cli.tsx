#!/usr/bin/env node
// First: it must run before any module reads the colour settings.
import './cli/no-color.js';
import './cli/compile-cache.js';
import {readFileSync} from 'node:fs';
import {helpText as help, meowHelp, subcommandHelp, subcommands} from './cli/help.js';

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');

// --help or --version alone answers at once, as meow would print it, before meow (most of this file's weight) loads.
if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '--version')) {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string; description: string};
	console.log(argv[0] === '--version' ? pkg.version : meowHelp(help, pkg.description));
	process.exit(0);
}

// What ps shows, as meow would set it when it parses.
process.title = 'zdd-learn';
// No arguments (the commonest start): nothing to parse, so meow is not even loaded.
const cli: {flags: Record<string, unknown>; input: readonly string[]} = argv.length === 0 ? {flags: {}, input: []} : await parse();

async function parse() {
	const {default: meow} = await import('meow');
	try {
		return parseWith(meow);
	} catch (error) {
		// A flag meow itself refuses (one given twice): one line and exit 2, and for verify --json one document too.
		const message = error instanceof Error ? error.message : String(error);
		if (argv[0] === 'verify' && argv.includes('--json')) {
			console.log(JSON.stringify({node: process.version, clean: false, error: message, appOutput: [], log: null}, undefined, 2));
		}

		console.error(`zdd-learn: ${message}`);
		process.exit(2);
	}
}

function parseWith(meow: typeof import('meow').default) {
	return meow(help, {
		importMeta: import.meta,
		allowUnknownFlags: true,
		// Absent flags stay undefined, so "given" and "not given" can be told apart.
		booleanDefault: undefined,
		flags: {
			lesson: {type: 'string'},
			mode: {type: 'string'},
			rate: {type: 'string'},
			port: {type: 'string'},
			seed: {type: 'string'},
			keepAlive: {type: 'boolean'},
			reducedMotion: {type: 'boolean'},
			resetProgress: {type: 'boolean'},
			lessonsDir: {type: 'string'},
			json: {type: 'boolean'},
			duration: {type: 'string'},
			strategies: {type: 'string'},
			signal: {type: 'string'},
			lag: {type: 'string'},
			grace: {type: 'string'},
			balancerIdle: {type: 'string'},
			ready: {type: 'string'},
			startTimeout: {type: 'string'},
			appPort: {type: 'string'},
			strict: {type: 'boolean'},
			markdown: {type: 'boolean'},
			steps: {type: 'boolean'},
			path: {type: 'string', isMultiple: true},
			method: {type: 'string'},
			header: {type: 'string', isMultiple: true},
			body: {type: 'string'},
			list: {type: 'boolean'},
			dir: {type: 'string'},
			reset: {type: 'boolean'},
			check: {type: 'boolean'},
			solution: {type: 'boolean'},
		},
		// Everything after -- is the command that starts the learner's app (zdd-learn verify -- npm start).
		argv: dashes === -1 ? argv : argv.slice(0, dashes),
	});
}

// `zdd-learn verify --help`: that subcommand's own usage.
const subcommand = subcommands.find(name => name === cli.input[0]);
if (cli.flags['help'] === true && subcommand) {
	console.log(subcommandHelp(subcommand));
	process.exit(0);
}

// A repeatable flag not given is no flag at all (meow gives it as an empty list).
for (const name of ['path', 'header'])
	if (Array.isArray(cli.flags[name]) && (cli.flags[name] as unknown[]).length === 0) delete cli.flags[name];

// A switch given a value (--keep-alive=yes) is a mistake to say, not a silent "off": meow reads any value but true as false.
const switches = [
	'keepAlive',
	'reducedMotion',
	'resetProgress',
	'json',
	'markdown',
	'strict',
	'steps',
	'list',
	'reset',
	'check',
	'solution',
];
for (const arg of dashes === -1 ? argv : argv.slice(0, dashes)) {
	const given = /^--([a-z-]+)=(.*)$/s.exec(arg);
	const name = given?.[1]?.replaceAll(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
	if (given && name && switches.includes(name) && !/^(true|false)$/.test(given[2]!)) cli.flags[name] = given[2];
}

// Everything else loads only now, so --help and --version answer fast. While it loads, there is no
// global fetch: Ink's layout engine (yoga) would otherwise fetch its own WebAssembly from a data: URL,
// and the first touch of fetch loads Node's whole HTTP client (undici), which nothing here uses.
const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
const {main} = await import('./cli/main.js').finally(() => {
	if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
	else delete (globalThis as {fetch?: unknown}).fetch;
});
await main(cli.flags, cli.input, dashes === -1 ? undefined : argv.slice(dashes + 1));
