// Where a face detector looks (pure): the whole picture, and for a large one also overlapping
// tiles, because a detector scales its input down to a few hundred pixels and a face a few dozen
// pixels wide in a 2048-pixel photo would shrink below what it can see.
import type { Box } from './redact.js';

/**
 * The regions to run a detector on: the whole image, then (when its longest side exceeds
 * `tilePx` by a quarter) tiles of `tilePx` overlapping by `overlap` of their size, the last of
 * each row and column flush with the edge.
 */
export function detectionRegions(
  width: number,
  height: number,
  tilePx = 1024,
  overlap = 0.2,
): Box[] {
  const whole: Box = { x: 0, y: 0, width, height };
  if (Math.max(width, height) <= tilePx * 1.25) return [whole];
  const starts = (size: number): number[] => {
    if (size <= tilePx) return [0];
    const step = Math.max(1, Math.floor(tilePx * (1 - overlap)));
    const out: number[] = [];
    for (let at = 0; at + tilePx < size; at += step) out.push(at);
    out.push(size - tilePx);
    return out;
  };
  const regions = [whole];
  for (const y of starts(height))
    for (const x of starts(width))
      regions.push({ x, y, width: Math.min(tilePx, width), height: Math.min(tilePx, height) });
  return regions;
}
