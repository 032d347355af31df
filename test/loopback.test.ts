import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {Lab} from '../source/engine/index.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {playLesson, playSteps} from '../source/lessons/play.js';
import {lessonLoad} from '../source/lessons/settings.js';
import {setupOptions} from '../source/lessons/settings.js';
import {childrenOf} from './run-cli.js';

const lessons = await loadLessons(bundledLessonsDir);
const linux = process.platform === 'linux';
let lab: Lab | undefined;

afterEach(() => {
	lab?.dispose();
	lab = undefined;
});

/** This process and its children (cluster workers). */
function ourPids(): number[] {
	return [process.pid, ...childrenOf(process.pid)];
}

function socketInodes(pid: number): Set<string> {
	const inodes = new Set<string>();
	try {
		for (const fd of readdirSync(`/proc/${pid}/fd`)) {
			const target = (() => {
				try {
					return readlinkSync(`/proc/${pid}/fd/${fd}`);
				} catch {
					return '';
				}
			})();
			const match = /^socket:\[(\d+)]$/.exec(target);
			if (match) inodes.add(match[1]!);
		}
	} catch {
		// The process is gone.
	}

	return inodes;
}

/** Every listening TCP socket our processes hold, as "address:port" in hex as the kernel writes it. */
function listening(): string[] {
	const inodes = new Set(ourPids().flatMap(pid => [...socketInodes(pid)]));
	const found: string[] = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			// local_address, state (0A: LISTEN), inode
			if (fields[3] === '0A' && inodes.has(fields[9]!)) found.push(fields[1]!);
		}
	}

	return found;
}

const loopback = new Set(['0100007F', '00000000000000000000000001000000']);

describe.runIf(linux)('servers bind loopback only', () => {
	it('the helper sees a socket bound to every address (so the check below can fail)', async () => {
		const net = await import('node:net');
		const server = net.createServer();
		await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve));
		try {
			expect(listening().some(address => address.startsWith('00000000:'))).toBe(true);
		} finally {
			server.close();
		}
	});

	for (const lesson of lessons) {
		it(`${lesson.id}: at every step, every socket listening in this process or its workers is on 127.0.0.1 or ::1`, async () => {
			const seen: string[] = [];
			lab = new Lab({port: 0, rate: 100, keepAlive: false, slowMinMs: 100, slowMaxMs: 200, timeoutMs: 1000, drainDeadlineMs: 600});
			await playLesson(lab.begin(lessonLoad(lesson)), lesson, {
				pauseScale: 0.1,
				onStep() {
					seen.push(...listening());
				},
			});
			for (const contrast of lesson.contrasts) {
				await playSteps(lab.begin({keepAlive: contrast.keepAlive ?? false, ...setupOptions(contrast.setup)}), contrast.steps, {
					pauseScale: 0.1,
					onStep() {
						seen.push(...listening());
					},
				});
			}

			expect(seen.length).toBeGreaterThan(0);
			const exposed = seen.filter(address => !loopback.has(address.split(':')[0]!));
			expect(exposed).toEqual([]);
		});
	}
});
