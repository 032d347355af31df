import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {footerEntries, type Keymap} from '../keymap.js';

/**
 * The screen's main keys that apply now, always on screen; then what the
 * screen is doing, if anything. Where the width runs out the entries wrap
 * onto a second line, each one whole: a key is never cut from its word.
 */
export default function Footer({keymap, status}: {keymap: Keymap; status?: ReactNode}) {
	return (
		<Box flexWrap="wrap" columnGap={2}>
			{footerEntries(keymap).map(([key, what]) => (
				<Text key={key}>
					<Text color="cyan" bold>
						{key}
					</Text>
					<Text dimColor> {what}</Text>
				</Text>
			))}
			{status}
		</Box>
	);
}
