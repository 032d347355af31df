/**
 * Loaded into the learner's app by `zdd-learn verify` (NODE_OPTIONS=--require),
 * before the app's own code. It sends the app's first listen() to the port
 * and the loopback address zdd-learn chose, whatever the code asks for, so an
 * app that hard-codes `listen(3000)` runs unchanged, two copies side by side,
 * on loopback only. Any later listen() (a second server) goes to a free
 * loopback port; a server that closes gives its port back, so an app that
 * probes a port (listens and closes: a port finder) and then listens on it
 * gets it. Each listen, each close() call and each close is reported, one
 * JSON line, to a file zdd-learn reads. It works at the net level, so any
 * Node HTTP server is redirected.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import {Module} from 'node:module';

const port = Number(process.env['ZDD_VERIFY_PORT']);
const host = process.env['ZDD_VERIFY_HOST'] ?? '127.0.0.1';
const report = process.env['ZDD_VERIFY_REPORT'];

function tell(message: object): void {
	try {
		fs.appendFileSync(report!, `${JSON.stringify({...message, pid: process.pid})}\n`);
	} catch {
		// zdd-learn has gone: nothing to tell.
	}
}

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;

// `require('express')` in an app with no Express of its own (an exercise, on a machine where only
// `npx zdd-learn` ran) gets the Express zdd-learn ships; an app's own node_modules always wins.
const express = process.env['ZDD_VERIFY_EXPRESS'];
if (express) {
	type Resolve = (request: string, ...rest: unknown[]) => string;
	const moduleClass = Module as unknown as {_resolveFilename: Resolve};
	const resolve = moduleClass._resolveFilename;
	moduleClass._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
		try {
			return resolve.call(this, request, ...rest);
		} catch (error) {
			if (request === 'express' && (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return express;
			throw error;
		}
	};
}

// The app goes when zdd-learn goes, however it went (even SIGKILL, which leaves it no time to clean up):
// nothing zdd-learn started may outlive it.
const parent = Number(process.env['ZDD_VERIFY_PARENT']);
if (Number.isInteger(parent) && parent > 0) {
	setInterval(() => {
		try {
			process.kill(parent, 0);
		} catch {
			process.exit(1);
		}
	}, 1000).unref();
}

if (Number.isInteger(port) && port > 0 && report) {
	const original = net.Server.prototype.listen as Listen;
	const originalClose = net.Server.prototype.close as (this: net.Server, callback?: (error?: Error) => void) => net.Server;
	/** The server that holds zdd-learn's port now, if any: a server that closes gives the port back (a port finder's probe). */
	let holder: object | undefined;
	let listened = false;
	const ported = new WeakMap<net.Server, number>();
	net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
		const callback = typeof args.at(-1) === 'function' ? (args.pop() as () => void) : undefined;
		const [first, second] = args;
		const options =
			typeof first === 'object' && first !== null ? (first as net.ListenOptions & {handle?: unknown; fd?: number}) : undefined;
		// A handle or a file descriptor (a cluster worker's, a socket passed in), or a Unix socket path: left as it is.
		const pipe = typeof first === 'string' && !/^\d+$/.test(first);
		if (pipe || (options && (options.handle !== undefined || options.fd !== undefined || options.path !== undefined))) {
			tell({event: 'other-listen', what: pipe ? 'a Unix socket' : 'a handle'});
			return original.apply(this, callback ? [...args, callback] : args);
		}

		const given = options ? options.port : first;
		// listen(process.env.PORT) asks for a port as a string: the same port.
		const asked = typeof given === 'string' && /^\d+$/.test(given) ? Number(given) : given;
		const askedHost = options ? options.host : typeof second === 'string' ? second : undefined;
		const takes = holder === undefined;
		const token = {};
		const to = takes ? port : 0;
		const extra = listened;
		listened = true;
		if (takes) holder = token;
		// Processes the app starts from here on listen where they ask (a second copy on this port would fail).
		process.env['ZDD_VERIFY_PORT'] = '';
		this.once('listening', () => {
			const address = this.address();
			// A server closed as soon as it listened (a port finder's probe) has no address left: nothing to route to.
			if (typeof address !== 'object' || !address) return;
			ported.set(this, address.port);
			tell({event: 'listening', port: address.port, asked: asked ?? null, askedHost: askedHost ?? null, extra});
		});
		this.once('close', () => {
			if (holder === token) holder = undefined;
			const bound = ported.get(this);
			if (bound !== undefined) tell({event: 'closed', port: bound, at: Date.now()});
		});
		const redirected: net.ListenOptions = {...options, port: to, host};
		delete redirected.path;
		return callback ? original.call(this, redirected, callback) : original.call(this, redirected);
	};

	// When the app stops accepting on a port it listened on (its close()), as the clock of zdd-learn reads it (Date.now()).
	net.Server.prototype.close = function (this: net.Server, callback?: (error?: Error) => void) {
		const bound = ported.get(this);
		if (bound !== undefined && this.listening) tell({event: 'close-called', port: bound, at: Date.now()});
		return originalClose.call(this, callback);
	};
}
