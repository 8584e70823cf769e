/**
 * Picks the CSV delimiter from the first lines: the candidate that splits the most lines into
 * the same number (> 1) of fields wins, ties going to more fields, then to the comma.
 */
const CANDIDATES = [0x2c, 0x09, 0x3b, 0x7c]; // , \t ; |
const QUOTE = 0x22;
const SAMPLE_LINES = 30;

export function sniffDelimiter(sample: Uint8Array): number {
  let best = CANDIDATES[0];
  let bestScore = -1;
  let bestFields = 0;
  for (const delim of CANDIDATES) {
    const counts = fieldCounts(sample, delim);
    if (counts.length === 0) continue;
    const tally = new Map<number, number>();
    for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
    let modeFields = 0;
    let modeLines = 0;
    for (const [fields, lines] of tally) {
      if (lines > modeLines || (lines === modeLines && fields > modeFields)) {
        modeFields = fields;
        modeLines = lines;
      }
    }
    if (modeFields < 2) continue;
    const score = modeLines / counts.length;
    if (score > bestScore || (score === bestScore && modeFields > bestFields)) {
      best = delim;
      bestScore = score;
      bestFields = modeFields;
    }
  }
  return best;
}

/** Field count of each complete line in the sample, honouring quotes. */
function fieldCounts(sample: Uint8Array, delim: number): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let lineHasContent = false;
  for (let i = 0; i < sample.length && counts.length < SAMPLE_LINES; i++) {
    const b = sample[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (b === delim) fields++;
    else if (b === 0x0a) {
      if (lineHasContent || fields > 1) counts.push(fields);
      fields = 1;
      lineHasContent = false;
      continue;
    }
    if (b !== 0x0d) lineHasContent = true;
  }
  return counts;
}
