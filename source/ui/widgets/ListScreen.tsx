import {Box, Text, type Key} from 'ink';
import {useState, type ReactNode} from 'react';
import Footer from './Footer.js';
import Help from './Help.js';
import type {Keymap} from '../keymap.js';
import {useListKeys} from '../hooks/use-list-keys.js';
import {rememberedIndex, useListMemory} from '../state/list-memory.js';
import {listWindow} from '../state/list-window.js';

type Item<V> = {key: string; label: string; value: V};

type Props<V> = {
	/** The top line(s): what this screen is. */
	header: ReactNode;
	/** A bold line above the list. */
	heading?: string;
	items: ReadonlyArray<Item<V>>;
	/** The item highlighted first (before the remembered one, if any). */
	initialIndex?: number;
	/** The list's name in the app's memory of lists: coming back to it, the cursor is where the learner left it. */
	memory?: string;
	/** How many lines the list may take: fewer than its items, and it scrolls with the cursor, with ↑/↓ more cues. */
	rows?: number;
	/** Under the list, then under that the highlighted item's detail. */
	below?: ReactNode;
	detail?: ReactNode;
	/** Its keys: the help and the footer are drawn from them. */
	keymap: Keymap;
	width: number;
	inputActive: boolean;
	onHighlight: (value: V) => void;
	onSelect: (value: V) => void;
	/** q or Esc. */
	onLeave: () => void;
	/** The screen's other keys. */
	onKey?: (input: string) => void;
};

/** Where a list starts: the index asked for, else the row the learner left, else the top. */
export function startIndex(items: ReadonlyArray<{key: string}>, initialIndex: number | undefined, remembered: string | undefined): number {
	const index = initialIndex ?? rememberedIndex(items, remembered) ?? 0;
	return Math.max(0, Math.min(index, items.length - 1));
}

/**
 * The frame of every menu: a header, a list chosen with ↑ ↓ (or k j), a
 * number (1 to 9) or Enter, a detail of the highlighted item, `?` for the
 * keys, q or Esc to leave. The list reads its keys through useKeys, with the
 * frame that shows it, so keys typed as it appears all count.
 */
export default function ListScreen<V>({
	header,
	heading,
	items,
	initialIndex,
	memory,
	rows,
	below,
	detail,
	keymap,
	width,
	inputActive,
	onHighlight,
	onSelect,
	onLeave,
	onKey,
}: Props<V>) {
	const remembered = useListMemory(memory);
	const [chosen, setCursor] = useState(() => startIndex(items, initialIndex, remembered.remembered));
	const cursor = Math.max(0, Math.min(chosen, items.length - 1));
	const move = (to: number) => {
		const item = items[to];
		if (!item) return;
		setCursor(to);
		remembered.remember(item.key);
		onHighlight(item.value);
	};

	const select = (index: number) => {
		const item = items[index];
		if (!item) return;
		remembered.remember(item.key);
		onSelect(item.value);
	};

	const listKeys = (input: string, key: Key): boolean => {
		if (items.length === 0) return false;
		if (key.upArrow || input === 'k') move((cursor - 1 + items.length) % items.length);
		else if (key.downArrow || input === 'j') move((cursor + 1) % items.length);
		else if (key.return) select(cursor);
		else if (/^[1-9]$/.test(input) && Number(input) <= items.length) select(Number(input) - 1);
		else return false;
		return true;
	};

	const {help} = useListKeys(inputActive, onLeave, onKey, listKeys);
	const shown = listWindow(items.length, cursor, rows ?? items.length);
	return (
		<Box flexDirection="column" width={width}>
			{header}
			{help ? (
				<Help keymap={keymap} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					{heading ? <Text bold>{heading}</Text> : null}
					{shown.above > 0 ? <Text dimColor>{`  ↑ ${shown.above} more`}</Text> : null}
					{items.slice(shown.start, shown.end).map((item, i) => {
						const here = shown.start + i === cursor;
						return (
							<Box key={item.key}>
								<Box marginRight={1} flexShrink={0}>
									{here ? <Text color="blue">❯</Text> : <Text> </Text>}
								</Box>
								<Text color={here ? 'blue' : undefined} wrap="truncate-end">
									{item.label}
								</Text>
							</Box>
						);
					})}
					{shown.below > 0 ? <Text dimColor>{`  ↓ ${shown.below} more`}</Text> : null}
					{below}
					{detail ? (
						<Box marginTop={1} flexDirection="column">
							{detail}
						</Box>
					) : null}
				</Box>
			)}
			<Box marginTop={1}>
				<Footer keymap={keymap} />
			</Box>
		</Box>
	);
}
