/**
 * The one machine-readable line of every bench figure, so runs can be compared:
 * `RESULT <name> <value> <unit> floor <value> ratio <x>`; the ratio is value ÷ floor (for a rate,
 * where more is better, floor ÷ value: above 1 always means slower than the floor).
 */
export function result(
  name: string,
  value: number,
  unit: string,
  floor: number,
  higherIsBetter = false,
): void {
  const ratio = higherIsBetter ? floor / value : value / floor;
  console.log(`RESULT ${name} ${round(value)} ${unit} floor ${round(floor)} ratio ${ratio.toFixed(2)}`);
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
