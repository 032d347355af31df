import {failureList} from '../engine/index.js';
import {ms} from '../shared/format.js';
import {findingLine, headline, measuredText, ownRequests, statusText, type VerifyReport} from './report.js';

/** The report as short Markdown, for a pull request or a CI job's summary. */
export function markdownReport(r: VerifyReport): string {
	const o = r.outcomes;
	const measured = measuredText(r);
	return [
		`### zdd-learn verify: ${headline(r)}`,
		'',
		`\`${r.command}\` on Node ${r.node}, deployed as Kubernetes would, with zdd-learn's defaults unless set: ${r.settings.signal}, removed from the balancer ${r.settings.lagMs} ms later, ${r.settings.graceMs} ms grace${r.settings.readyPath ? `, ready on \`${r.settings.readyPath}\`` : ''}; ${r.settings.rate} req/s, keep-alive ${r.settings.keepAlive ? 'on' : 'off'}.${measured ? ` It ${measured}.` : ''}`,
		'',
		'| sent | old | new | refused | reset | 5xx | timeout | other | gap |',
		'| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		`| ${r.sent} | ${o.old} | ${o.new} | ${o.refused} | ${o.reset} | ${o.status5xx} | ${o.timeout} | ${o.other} | ${r.gapMs === null ? '–' : ms(r.gapMs)} |`,
		'',
		`Answers by status: ${statusText(r)}. Refused and reset count what the client's own connection to the balancer met; the app's refusals and resets behind it reach the client as 502s.`,
		'',
		'| from | stage | sent | failed |',
		'| ---: | --- | ---: | --- |',
		...r.steps.map(
			step =>
				`| ${ms(step.atMs)} | ${step.title} | ${step.sent} | ${step.failed === 0 ? '0' : `${step.failed} (${failureList({...step.outcomes, sent: step.sent})})`} |`,
		),
		...(ownRequests(r)
			? [
					'',
					`${r.settings.method} requests by path:`,
					'',
					'| path | weight | sent | failed |',
					'| --- | ---: | ---: | --- |',
					...r.settings.paths.map(({path, weight}) => {
						const of = r.byPath[path];
						const failed = of ? of.sent - of.outcomes.old - of.outcomes.new : 0;
						return `| \`${path}\` | ${weight} | ${of?.sent ?? 0} | ${failed === 0 ? '0' : `${failed} (${failureList({...of!.outcomes, sent: of!.sent})})`} |`;
					}),
				]
			: []),
		'',
		...(r.findings.length > 0 ? r.findings.map(f => `- ${findingLine(f, id => `lesson: \`${id}\``)}`) : ['No findings.']),
		...(r.fellBehind ? ['', '> The load fell behind its schedule: this machine, not the deploy, may explain timeouts.'] : []),
		'',
	].join('\n');
}
