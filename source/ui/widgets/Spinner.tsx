import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {useSettings} from '../state/settings.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner, or a still ellipsis with reduced motion. */
export default function Spinner() {
	const {reducedMotion} = useSettings();
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		if (reducedMotion) return;
		const timer = setInterval(() => {
			setFrame(n => (n + 1) % frames.length);
		}, 80);
		return () => {
			clearInterval(timer);
		};
	}, [reducedMotion]);
	return <Text color="yellow">{reducedMotion ? '…' : frames[frame]}</Text>;
}
