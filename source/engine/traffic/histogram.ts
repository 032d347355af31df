import type {Latency} from '../types.js';

/**
 * Latency histogram with fixed memory: 1 ms buckets below 100 ms, then
 * buckets 2 % wide. Percentiles are read off it in constant time, so a
 * snapshot never sorts the whole run.
 */
export class Histogram {
	private readonly buckets = new Map<number, number>();
	private total = 0;
	private maxValue = 0;

	add(ms: number): void {
		const value = Math.max(0, ms);
		const key = bucketOf(value);
		this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
		this.total++;
		if (value > this.maxValue) this.maxValue = value;
	}

	get count(): number {
		return this.total;
	}

	percentile(p: number): number {
		if (this.total === 0) return 0;
		const rank = Math.max(1, Math.ceil((p / 100) * this.total));
		const keys = [...this.buckets.keys()].sort((a, b) => a - b);
		let seen = 0;
		for (const key of keys) {
			seen += this.buckets.get(key)!;
			if (seen >= rank) return Math.min(upperOf(key), this.maxValue);
		}

		return this.maxValue;
	}

	summary(): Latency {
		return {
			p50: this.percentile(50),
			p99: this.percentile(99),
			max: this.maxValue,
		};
	}
}

const linearLimit = 100;
const growth = Math.log(1.02);

function bucketOf(ms: number): number {
	if (ms < linearLimit) return Math.floor(ms);
	return linearLimit + Math.floor(Math.log(ms / linearLimit) / growth);
}

function upperOf(key: number): number {
	if (key < linearLimit) return key + 1;
	return linearLimit * Math.exp((key - linearLimit + 1) * growth);
}
