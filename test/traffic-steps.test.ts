import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {Traffic} from '../source/engine/traffic/traffic.js';
import {eventually} from './helpers.js';

const open: Array<() => void> = [];
afterEach(() => {
	for (const close of open.splice(0)) close();
});

async function versionServer(): Promise<number> {
	const server = http.createServer((_request, response) => {
		response.setHeader('x-zdd-instance', 'new');
		response.end('ok');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	open.push(() => {
		server.closeAllConnections();
		server.close();
	});
	return (server.address() as AddressInfo).port;
}

/** A load of `maxRequests` requests, each on a new connection, whose step is told by `tag`. */
function load(port: number, tag: () => number, maxRequests: number): Traffic {
	const started = performance.now();
	const traffic = new Traffic({
		host: '127.0.0.1',
		port: () => port,
		rate: 100,
		keepAlive: false,
		slowEvery: 0,
		slowMinMs: 0,
		slowMaxMs: 0,
		fastMinMs: 0,
		fastMaxMs: 0,
		timeoutMs: 2000,
		maxRequests,
		maxDurationMs: 5000,
		seed: 1,
		now: () => performance.now() - started,
		tag,
		onFailure() {},
	});
	open.push(() => {
		traffic.dispose();
	});
	return traffic;
}

describe('an answer counts under the step its connection reached a server in', () => {
	it('a new connection that opens after the step changed: sent in one step, answered in the next', async () => {
		const port = await versionServer();
		// One request: the step as it goes out is 0; asked again (as its connection opens), it is 1.
		let asked = 0;
		const traffic = load(port, () => (asked++ === 0 ? 0 : 1), 1);
		traffic.start();
		await eventually(() => traffic.totals.new === 1 && traffic.totals.inFlight === 0, 'its answer', 5000);
		expect(asked, 'the step asked at the send and at the connection').toBe(2);
		expect(traffic.byTag.get(0)).toMatchObject({sent: 1, new: 0});
		expect(traffic.byTag.get(1)).toMatchObject({sent: 0, new: 1});
	});

	it('without a step change, an answer stays in the step it was sent in', async () => {
		const port = await versionServer();
		const traffic = load(port, () => 0, 5);
		traffic.start();
		await eventually(() => traffic.totals.new === 5 && traffic.totals.inFlight === 0, 'five answers', 5000);
		expect(traffic.byTag.get(0)).toMatchObject({sent: 5, new: 5});
		expect(traffic.byTag.get(1)).toBeUndefined();
	});
});
