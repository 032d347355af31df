import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useEffect, useState, type ReactNode} from 'react';
import Footer from './Footer.js';
import Help from './Help.js';
import type {Keymap} from '../keymap.js';
import {useListKeys} from '../hooks/use-list-keys.js';

type Props<V> = {
	/** The top line(s): what this screen is. */
	header: ReactNode;
	/** A bold line above the list. */
	heading?: string;
	items: ReadonlyArray<{key: string; label: string; value: V}>;
	/** The item highlighted first. */
	initialIndex?: number;
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

/**
 * The frame of every menu: a header, a list chosen with ↑ ↓ and Enter, a
 * detail of the highlighted item, `?` for the keys, q or Esc to leave.
 */
export default function ListScreen<V>({
	header,
	heading,
	items,
	initialIndex,
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
	const {help} = useListKeys(inputActive, onLeave, onKey);
	// The list's own keys (ink-select-input's) are taken up in an effect that runs after a frame is
	// drawn: the items appear one frame later, once that has happened, so a key typed at the list it
	// shows always reaches it. This effect runs after the list's, as a parent's runs after its child's.
	const [ready, setReady] = useState(false);
	useEffect(() => {
		setReady(true);
	}, []);
	return (
		<Box flexDirection="column" width={width}>
			{header}
			{help ? (
				<Help keymap={keymap} />
			) : (
				<Box flexDirection="column" marginTop={1}>
					{heading ? <Text bold>{heading}</Text> : null}
					<Box display={ready ? 'flex' : 'none'} flexDirection="column">
						<SelectInput
							items={[...items]}
							initialIndex={initialIndex}
							isFocused={inputActive}
							onHighlight={item => {
								onHighlight(item.value);
							}}
							onSelect={item => {
								onSelect(item.value);
							}}
						/>
					</Box>
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
