import {Text} from 'ink';
import {footerEntries, type Keymap} from '../keymap.js';

/** The screen's main keys that apply now, always on screen. */
export default function Footer({keymap}: {keymap: Keymap}) {
	return (
		<Text wrap="truncate">
			{footerEntries(keymap).map(([key, what], i) => (
				<Text key={key}>
					{i > 0 ? '  ' : ''}
					<Text color="cyan" bold>
						{key}
					</Text>
					<Text dimColor> {what}</Text>
				</Text>
			))}
		</Text>
	);
}
