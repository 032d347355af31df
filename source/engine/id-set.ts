/**
 * A set of small non-negative integers (request ids) in one bit each,
 * growing as needed: a run's every request costs an eighth of a byte.
 */
export class IdSet {
	private bits = new Uint8Array(1024);

	add(id: number): void {
		if (!Number.isInteger(id) || id < 0) return;
		const byte = id >>> 3;
		if (byte >= this.bits.length) {
			const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
			grown.set(this.bits);
			this.bits = grown;
		}

		this.bits[byte]! |= 1 << (id & 7);
	}

	has(id: number): boolean {
		if (!Number.isInteger(id) || id < 0) return false;
		const byte = id >>> 3;
		return byte < this.bits.length && (this.bits[byte]! & (1 << (id & 7))) !== 0;
	}
}
