import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {Express, NextFunction, Request, Response} from 'express';
import {builtFile} from './built-file.js';

let createApp: (() => Express) | undefined;

/**
 * Loads Express. It is loaded when the first version is deployed, not at
 * start-up, so the menu opens without paying for it. The package ships it
 * once, as dist/express.cjs, which a learner's exercise also gets (see
 * app-preload); the sources (the tests) use the installed one.
 */
export async function loadExpress(): Promise<void> {
	if (createApp) return;
	const shipped = builtFile('express.cjs');
	if (existsSync(shipped)) {
		createApp = createRequire(import.meta.url)(shipped) as () => Express;
		return;
	}

	// Not a literal: the bundle must not carry a second copy of Express.
	const name = 'express';
	createApp = ((await import(name)) as {default: () => Express}).default;
}

/** The longest delay a request may ask for, ms. */
export const maxDelayMs = 5000;

/** A broken handler: it throws (Express answers 500), or it never answers. */
export type Fault = 'throw' | 'hang';

/** What the app asks of the server that runs it. */
export type AppHost = {
	readonly version: string;
	/** The fault the next request meets, if one was injected. */
	nextFault(): Fault | undefined;
	/** Answers say `Connection: close`, so keep-alive clients reconnect elsewhere. */
	polite(): boolean;
	/** A timer the server must clear when it stops. */
	track(timer: NodeJS.Timeout): void;
	untrack(timer: NodeJS.Timeout): void;
	/** A response finished, for the request with this id (the load sends `?id=`). */
	answered(id: number): void;
	/** Still loading what it serves, after it started: it answers 503 meanwhile. */
	warming(): boolean;
};

/**
 * One version of the app: a real Express 5 app. GET / answers after the
 * `?delay=` it is asked for, naming the version in the body and in an
 * X-Version header. While it warms up (loads what it serves), it answers
 * 503 on / and on its readiness path, GET /healthz, which answers 200 after.
 */
export function versionApp(host: AppHost): Express {
	if (!createApp) throw new Error('Express is not loaded yet (await loadExpress() first)');
	const app = createApp();
	app.disable('x-powered-by');
	app.get('/healthz', (_request, response) => {
		const warming = host.warming();
		response
			.status(warming ? 503 : 200)
			.set('X-Version', host.version)
			.type('text/plain')
			.send(warming ? 'warming up\n' : 'ready\n');
	});
	app.get('/', (request, response) => {
		if (host.warming()) {
			response.status(503).set('X-Version', host.version).type('text/plain').send('still loading\n');
			return;
		}

		const fault = host.nextFault();
		if (fault === 'throw') throw new Error(`the ${host.version} handler threw`);
		if (fault === 'hang') return;
		const asked = Number(request.query['delay']);
		const delay = Number.isFinite(asked) ? Math.min(Math.max(asked, 0), maxDelayMs) : 0;
		const timer = setTimeout(() => {
			host.untrack(timer);
			if (response.writableEnded || response.destroyed) return;
			if (host.polite()) response.set('Connection', 'close');
			response.set('X-Version', host.version).type('text/plain').send(`served by ${host.version}\n`);
		}, delay);
		host.track(timer);
		response.on('close', () => {
			clearTimeout(timer);
			host.untrack(timer);
		});
		response.on('finish', () => {
			host.answered(Number(request.query['id']));
		});
	});

	// A handler that throws gets a plain 500, quietly: Express's default handler would print the stack.
	app.use((_error: unknown, _request: Request, response: Response, _next: NextFunction) => {
		if (response.headersSent) {
			response.destroy();
			return;
		}

		response.status(500).set('X-Version', host.version).type('text/plain').send('internal server error\n');
	});
	return app;
}
