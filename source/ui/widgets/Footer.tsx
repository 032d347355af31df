import {Text} from 'ink';

/** The main keys, always on screen. */
export default function Footer({keys}: {keys: ReadonlyArray<readonly [string, string]>}) {
	return (
		<Text wrap="truncate">
			{keys.map(([key, what], i) => (
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
