import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parseVerifyOptions, type VerifyOptions} from './options.js';

/** The file a project may keep verify's settings in, beside its package.json. */
const configFile = 'zdd-learn.config.json';
/** The key of package.json that may hold them instead. */
const packageKey = 'zdd-learn';

type Kind = 'number' | 'boolean' | 'string' | 'paths' | 'headers' | 'command';

/**
 * What a project's settings may hold: verify's long flags in camelCase (paths and headers for the
 * repeatable --path and --header), with the app (a file) or the command that starts it. The JSON
 * schema shipped in schema/ says the same; a test holds the two together.
 */
export const settingKeys: Record<string, Kind> = {
	app: 'string',
	command: 'command',
	rate: 'number',
	keepAlive: 'boolean',
	signal: 'string',
	lag: 'number',
	grace: 'number',
	ready: 'string',
	startTimeout: 'number',
	balancerIdle: 'number',
	appPort: 'number',
	paths: 'paths',
	method: 'string',
	headers: 'headers',
	body: 'string',
	runs: 'number',
	duration: 'number',
	strict: 'boolean',
	json: 'boolean',
	markdown: 'boolean',
	steps: 'boolean',
};

/** The ways of running that exclude each other: given on the command line, one drops the others from the settings. */
const exclusive: Record<string, string[]> = {
	json: ['markdown', 'steps'],
	markdown: ['json', 'steps'],
	steps: ['json', 'markdown', 'runs'],
	runs: ['steps'],
};

/** The flag a key stands for, when it is not the key itself. */
const flagOf: Record<string, string> = {paths: 'path', headers: 'header'};

/** A project's settings, as verify's flags, the app's file and its command; and where they came from. */
export type ProjectSettings = {from: string; flags: Record<string, unknown>; input: string[]; command?: string[]};

const kindWords: Record<Kind, string> = {
	number: 'a whole number',
	boolean: 'true or false',
	string: 'a string',
	paths: 'a list of paths ("/api/orders:3")',
	headers: 'an object of header names and values, or a list of "Name: value"',
	command: 'a string or a list of strings',
};

function fits(kind: Kind, value: unknown): boolean {
	const strings = (list: unknown) => Array.isArray(list) && list.every(item => typeof item === 'string');
	switch (kind) {
		case 'number': {
			return Number.isInteger(value);
		}

		case 'boolean': {
			return typeof value === 'boolean';
		}

		case 'string': {
			return typeof value === 'string';
		}

		case 'paths': {
			return strings(value);
		}

		case 'headers': {
			return (
				strings(value) ||
				(typeof value === 'object' &&
					value !== null &&
					!Array.isArray(value) &&
					Object.values(value).every(item => typeof item === 'string'))
			);
		}

		case 'command': {
			return (typeof value === 'string' && value.trim() !== '') || (strings(value) && (value as string[]).length > 0);
		}
	}
}

/** A file's JSON, or the line that says it is not JSON. */
function readJson(file: string, name: string): {json: unknown} | {error: string} {
	try {
		return {json: JSON.parse(readFileSync(file, 'utf8')) as unknown};
	} catch (error) {
		return {error: `${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`};
	}
}

/**
 * The settings kept in the project in this folder: the "zdd-learn" key of its package.json, or
 * zdd-learn.config.json beside it (both at once is refused); none: undefined. An unknown key, a
 * value of the wrong type, a file that is not JSON: the one line that names it.
 */
export function readProjectSettings(cwd: string): ProjectSettings | undefined | {error: string} {
	const found: Array<{from: string; settings: unknown}> = [];
	const packageFile = path.join(cwd, 'package.json');
	if (existsSync(packageFile)) {
		const read = readJson(packageFile, 'package.json');
		if ('error' in read) return read;
		const json = read.json as Record<string, unknown> | null;
		if (json && typeof json === 'object' && Object.hasOwn(json, packageKey)) {
			found.push({from: `package.json ("${packageKey}")`, settings: json[packageKey]});
		}
	}

	const file = path.join(cwd, configFile);
	if (existsSync(file)) {
		const read = readJson(file, configFile);
		if ('error' in read) return read;
		found.push({from: configFile, settings: read.json});
	}

	if (found.length > 1) return {error: `verify's settings are in both ${found[0]!.from} and ${found[1]!.from}: keep one`};
	const [one] = found;
	if (!one) return undefined;
	const {from, settings} = one;
	if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
		return {error: `${from}: the settings must be an object of verify's flags in camelCase, got ${JSON.stringify(settings)}`};
	}

	const flags: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(settings)) {
		// An editor's pointer to the schema.
		if (key === '$schema' && typeof value === 'string') continue;
		const kind = settingKeys[key];
		if (!kind) {
			return {error: `${from}: unknown key "${key}" (the keys are verify's long flags in camelCase, with "app" or "command")`};
		}

		if (!fits(kind, value)) return {error: `${from}: "${key}" must be ${kindWords[kind]}, got ${JSON.stringify(value)}`};
		if (key === 'app' || key === 'command') continue;
		const flag = flagOf[key] ?? key;
		if (kind === 'number') flags[flag] = String(value);
		else if (kind === 'headers' && !Array.isArray(value)) {
			flags[flag] = Object.entries(value as Record<string, string>).map(([name, text]) => `${name}: ${text}`);
		} else flags[flag] = value;
	}

	const {app, command} = settings as {app?: string; command?: string | string[]};
	if (app !== undefined && command !== undefined) return {error: `${from}: give "app" or "command", not both`};
	return {
		from,
		flags,
		input: app === undefined ? [] : [app],
		...(command === undefined ? {} : {command: typeof command === 'string' ? command.trim().split(/\s+/) : command}),
	};
}

/** The key of the settings a flag came from (its camelCase name, or paths and headers). */
function keyOfFlag(flag: string): string {
	return Object.entries(flagOf).find(([, name]) => name === flag)?.[0] ?? flag;
}

/**
 * verify's options from the command line over the project's settings: a flag given overrides the
 * setting (a repeatable one, the whole list); a file or a command given replaces the app. A refusal
 * of a value that came from the settings names where it came from, and says whether JSON was asked
 * for (on the command line, or in settings that could be read): then it is one JSON document too.
 */
export function verifyOptionsOf(
	flags: Record<string, unknown>,
	input: readonly string[],
	command: readonly string[] | undefined,
	cwd = process.cwd(),
): VerifyOptions | {error: string; json?: boolean} {
	const project = readProjectSettings(cwd);
	if (project && 'error' in project) return {...project, json: flags['json'] === true};
	if (!project) return parseVerifyOptions(flags, input, command, cwd);
	const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
	// A way of running given on the command line overrides the settings' ways it excludes.
	const settings = {...project.flags};
	for (const [flag, excludes] of Object.entries(exclusive)) {
		if (given[flag] !== undefined && given[flag] !== false) for (const other of excludes) delete settings[other];
	}

	const ownApp = input.length > 0 || (command !== undefined && command.length > 0);
	const options = parseVerifyOptions({...settings, ...given}, ownApp ? input : project.input, ownApp ? command : project.command, cwd);
	if (!('error' in options)) return options;
	const flag = /^--([a-z-]+)/.exec(options.error)?.[1]?.replaceAll(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
	const fromSettings = flag !== undefined && flag in settings && !(flag in given);
	const json = (given['json'] ?? settings['json']) === true;
	return {error: fromSettings ? `${project.from}: "${keyOfFlag(flag)}": ${options.error}` : options.error, json};
}
