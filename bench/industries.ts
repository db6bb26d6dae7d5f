/**
 * Industry search per keystroke: the indexed catalogue (pinyin initials computed once) against the
 * plain approach (convert every name to pinyin for each query), on the same queries in the same run.
 */
import { pinyin } from 'pinyin-pro';
import { industryCatalogue } from '../src/server/modules/industries/catalogue.js';

const KEYSTROKES = [
  'x',
  'xn',
  'xny',
  '3',
  '39',
  '396',
  '3963',
  '电',
  '电池',
  'z',
  'zn',
  'znw',
  'qc',
  'qcz',
  '汽车',
  'C',
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function industriesBench() {
  const t0 = performance.now();
  const catalogue = industryCatalogue();
  console.log(
    `catalogue build (1,970 entries, pinyin initials): ${(performance.now() - t0).toFixed(1)} ms, once at start`,
  );

  const indexed: number[] = [];
  for (let round = 0; round < 200; round++) {
    for (const q of KEYSTROKES) {
      const t = performance.now();
      catalogue.search(q);
      indexed.push(performance.now() - t);
    }
  }

  const plain: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of KEYSTROKES) {
      const t = performance.now();
      const lower = q.toLowerCase();
      catalogue.entries.filter(
        (e) =>
          e.code.startsWith(q) ||
          e.name.includes(q) ||
          pinyin(e.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').includes(lower),
      );
      plain.push(performance.now() - t);
    }
  }
  const mi = median(indexed);
  const mp = median(plain);
  console.log(`indexed search, median per keystroke : ${mi.toFixed(3)} ms (${indexed.length} searches)`);
  console.log(`baseline: pinyin per query, median   : ${mp.toFixed(3)} ms (${plain.length} searches)`);
  console.log(
    `ratio: indexed search ${(mp / mi).toFixed(0)}× faster; target < 5 ms per keystroke: ${mi < 5 ? 'met' : 'NOT met'}`,
  );
}
