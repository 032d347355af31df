/**
 * A worker process of the cluster lesson: one version of the app, whose
 * listen() goes through the cluster primary (the primary owns the socket).
 * It reports its state to the primary and obeys its drain and stop
 * messages. When the primary goes away, so does it.
 */
import process from 'node:process';
import type {Version} from '../types.js';
import {loadExpress, type Fault} from './express-app.js';
import {InProcessServer} from './in-process.js';

type Command =
	| {type: 'fault'; fault: Fault; count: number}
	| {type: 'stop-accepting'}
	| {type: 'drain-politely'; graceMs: number; deadlineMs: number}
	| {type: 'drain'; deadlineMs: number};

const version = (process.env['ZDD_VERSION'] ?? 'old') as Version;
const port = Number(process.env['ZDD_PORT']);
const host = process.env['ZDD_HOST'] ?? '127.0.0.1';

const send = (message: object) => {
	if (process.connected) process.send?.(message);
};

/** Ids answered since the last report: the primary matches them with its clients' counts. */
let answered: number[] = [];
const report = () => {
	send({type: 'stats', ...server.snapshot(), answered});
	answered = [];
};

const server = new InProcessServer(version, report);
server.onAnswered = id => {
	answered.push(id);
};
const ticker = setInterval(report, 100);

process.on('message', async (command: Command) => {
	switch (command.type) {
		case 'fault': {
			server.failNext(command.fault, command.count);
			break;
		}

		case 'stop-accepting': {
			server.stopAccepting();
			break;
		}

		case 'drain': {
			const drained = await server.drain(command.deadlineMs);
			send({type: 'drained', drained, cut: 0});
			break;
		}

		case 'drain-politely': {
			const result = await server.drainPolitely(command.graceMs, command.deadlineMs);
			send({type: 'drained', ...result});
			break;
		}
	}
});

// Told to leave, or the primary is gone: nothing may outlive the app.
process.on('disconnect', () => {
	clearInterval(ticker);
	server.dispose();
	process.exit(0);
});

await loadExpress();
const result = await server.listen(port, host);
send(result.ok ? {type: 'listening', port: result.port} : {type: 'listen-error', code: result.code});
