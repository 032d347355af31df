import {mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {watchSaves} from '../source/exercises/watch.js';
import {editorQuietMs, initialPractice, practiceStep, type PracticeEvent, type PracticeState} from '../source/ui/state/practice.js';
import type {VerifyLive} from '../source/engine/index.js';
import type {VerifyReport} from '../source/verify/report.js';

const live = (sent: number) => ({counts: {sent}}) as unknown as VerifyLive;
const report = (name: string) => ({name}) as unknown as VerifyReport;
const run = (events: PracticeEvent[], from: PracticeState = initialPractice) => events.reduce(practiceStep, from);

describe("the exercise screen's watch loop, without a terminal", () => {
	it('a save, r and the editor each start a new check, which clears the last one’s figures and result', () => {
		const checked = run([
			{type: 'progress', round: 0, live: live(5)},
			{type: 'checked', round: 0, outcome: {report: report('starter'), passed: false}},
		]);
		expect(checked.outcome).toEqual({report: report('starter'), passed: false});
		for (const event of [{type: 'saved', at: 10}, {type: 'check'}, {type: 'editor-exited', at: 10, note: undefined}] as const) {
			const next = practiceStep(checked, event);
			expect(next.round, event.type).toBe(1);
			expect([next.live, next.outcome], event.type).toEqual([undefined, undefined]);
			// The first measured check stays, to be shown beside a pass.
			expect(next.first, event.type).toEqual(report('starter'));
		}
	});

	it('the saves the editor made while it had the terminal start no check of their own; a later save does', () => {
		const back = run([{type: 'editor-exited', at: 1000, note: 'vi exited with code 1'}]);
		expect(back).toMatchObject({round: 1, editorNote: 'vi exited with code 1'});
		expect(practiceStep(back, {type: 'saved', at: 1000 + editorQuietMs - 1}).round).toBe(1);
		expect(practiceStep(back, {type: 'saved', at: 1000 + editorQuietMs}).round).toBe(2);
	});

	it('what a stopped check reports is dropped: its figures, and its result', () => {
		const restarted = run([{type: 'progress', round: 0, live: live(5)}, {type: 'check'}]);
		const late = run(
			[
				{type: 'progress', round: 0, live: live(9)},
				{type: 'checked', round: 0, outcome: {failure: 'the run was stopped'}},
			],
			restarted,
		);
		expect(late).toEqual(restarted);
		// Figures that arrive after the result do not cover it either.
		const done = run([{type: 'checked', round: 1, outcome: {failure: 'cannot start'}}], restarted);
		expect(practiceStep(done, {type: 'progress', round: 1, live: live(9)})).toEqual(done);
		expect(done.first).toBeUndefined();
	});

	it('the first measured check is kept; hints stop at the last one', () => {
		const two = run([
			{type: 'checked', round: 0, outcome: {report: report('starter'), passed: false}},
			{type: 'check'},
			{type: 'checked', round: 1, outcome: {report: report('fixed'), passed: true}},
		]);
		expect(two.first).toEqual(report('starter'));
		expect(
			run([
				{type: 'hint', of: 2},
				{type: 'hint', of: 2},
				{type: 'hint', of: 2},
			]).hints,
		).toBe(2);
	});
});

describe('saves of the file, on a real file system', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
	});

	for (const how of ['in place', 'by rename, as editors do'] as const) {
		it(`a save ${how} is one check: the poll's late word on a save the file events told is not another`, async () => {
			const dir = mkdtempSync(path.join(os.tmpdir(), 'zdd-watch-'));
			dirs.push(dir);
			const file = path.join(dir, 'server.js');
			writeFileSync(file, 'one');
			const saves: string[] = [];
			let told: (() => void) | undefined;
			let afterPoll: (() => void) | undefined;
			const stop = watchSaves(
				file,
				() => {
					saves.push(readFileSync(file, 'utf8'));
					told?.();
				},
				{
					pollMs: 20,
					settleMs: 10,
					polled() {
						afterPoll?.();
					},
				},
			);
			try {
				const saved = new Promise<void>(resolve => {
					told = resolve;
				});
				if (how === 'in place') writeFileSync(file, 'two');
				else {
					writeFileSync(`${file}.tmp`, 'two');
					renameSync(`${file}.tmp`, file);
				}

				await saved;
				// Polls that look at the saved file, then the settling of any check they started: none is told.
				for (let polls = 0; polls < 3; polls++) {
					await new Promise<void>(resolve => {
						afterPoll = resolve;
					});
				}

				expect(saves).toEqual(['two']);
			} finally {
				stop();
			}
		});
	}
});
