/**
 * The machine-readable figures of a bench, so runs can be compared: each bench records its figures
 * as it goes and ends, once its human-readable report is printed, with one line per figure:
 * `RESULT <name> <value> <unit> floor <value> ratio <x>`. The ratio is value ÷ floor (for a rate,
 * where more is better, floor ÷ value): above 1 always means slower than the floor.
 */
const recorded: string[] = [];

export function result(
  name: string,
  value: number,
  unit: string,
  floor: number,
  higherIsBetter = false,
): void {
  const ratio = higherIsBetter ? floor / value : value / floor;
  recorded.push(`RESULT ${name} ${round(value)} ${unit} floor ${round(floor)} ratio ${ratio.toFixed(2)}`);
}

/** The bench's last lines. */
export function printResults(): void {
  console.log('');
  for (const line of recorded) console.log(line);
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
