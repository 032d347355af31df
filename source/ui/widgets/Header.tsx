import {Text} from 'ink';
import type {RunSnapshot} from '../../engine/index.js';
import {fit} from '../../shared/format.js';

type Props = {
	/** The lesson's title: cut first when the line is short of room. */
	title: string;
	/** What this screen is (the mode): kept whole. */
	screen: string;
	snapshot: RunSnapshot;
	width: number;
};

/** The lesson and the screen on the left, the run's address and load on the right, on one line of `width`. */
export default function Header({title, screen, snapshot, width}: Props) {
	const where = snapshot.port === 0 ? 'port: not bound yet' : `${snapshot.host}:${snapshot.port}`;
	const right = `${where} · ${snapshot.targetRate}/s · keep-alive ${snapshot.keepAlive ? 'on' : 'off'}`;
	const tail = ` · ${screen}`;
	// The load drops out before the screen's name does; the lesson's title is cut before either.
	const room = width - tail.length;
	const shownRight = room - right.length - 1 >= 12 ? right : '';
	const left = `${fit(title, Math.max(1, room - (shownRight ? shownRight.length + 1 : 0)))}${tail}`;
	return (
		<Text wrap="truncate">
			<Text bold>{left}</Text>
			{shownRight ? (
				<Text dimColor>
					{' '.repeat(Math.max(1, width - left.length - shownRight.length))}
					{shownRight}
				</Text>
			) : null}
		</Text>
	);
}
