// Photos with licence plates for the plate detector's tests, composed with sharp: a plate drawn
// as SVG (a white or yellow plate 520 × 110 mm as in Europe, a thin dark rim, optionally the blue
// EU band, and made-up dark characters in a bold sans-serif at 70% of its height) placed at a
// known position, size and small angle on a background: a public-domain photo from
// python3-skimage or a car's rear drawn from flat shapes.
import sharp from 'sharp';
import type { Box } from './redact.js';

export interface PlateStyle {
  /** The plate's colour: white (most of Europe) or yellow (UK rear, Netherlands, Luxembourg). */
  colour: 'white' | 'yellow';
  /** Whether the blue EU band is on the left. */
  euBand: boolean;
  /** Made-up characters, never a real registration. */
  text: string;
}

export interface PlacedPlate {
  style: PlateStyle;
  /** The plate's width in pixels (its height follows from 520 × 110). */
  widthPx: number;
  /** Its centre in the photo. */
  cx: number;
  cy: number;
  /** Turned by this many degrees (clockwise). */
  angle: number;
}

/** The plate as an SVG of `width` px. */
export function plateSvg(style: PlateStyle, width: number): string {
  const w = Math.round(width);
  const h = Math.round((width * 110) / 520);
  const band = style.euBand ? Math.round(w * 0.08) : 0;
  const fill = style.colour === 'white' ? '#f2f2ee' : '#f7c600';
  const rim = Math.max(1, Math.round(h * 0.04));
  const size = Math.round(h * 0.7);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<rect x="0" y="0" width="${w}" height="${h}" rx="${rim * 2}" fill="#1a1a1a"/>
<rect x="${rim}" y="${rim}" width="${w - 2 * rim}" height="${h - 2 * rim}" rx="${rim}" fill="${fill}"/>
${band > 0 ? `<rect x="${rim}" y="${rim}" width="${band}" height="${h - 2 * rim}" fill="#1f3f99"/>` : ''}
<text x="${band + (w - band) / 2}" y="${h / 2}" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#141414" text-anchor="middle" dominant-baseline="central" textLength="${Math.round((w - band) * 0.86)}" lengthAdjust="spacingAndGlyphs">${style.text}</text>
</svg>`;
}

/** The plate's box in the photo: the bounding box of the turned plate. */
export function plateBox(p: PlacedPlate): Box {
  const w = p.widthPx;
  const h = (w * 110) / 520;
  const a = (Math.abs(p.angle) * Math.PI) / 180;
  const bw = w * Math.cos(a) + h * Math.sin(a);
  const bh = w * Math.sin(a) + h * Math.cos(a);
  return {
    x: Math.round(p.cx - bw / 2),
    y: Math.round(p.cy - bh / 2),
    width: Math.round(bw),
    height: Math.round(bh),
  };
}

/** The plate's own rectangle when it is upright (for the variance check after redaction). */
export function plateFace(p: PlacedPlate): Box {
  const h = (p.widthPx * 110) / 520;
  return {
    x: Math.round(p.cx - p.widthPx / 2),
    y: Math.round(p.cy - h / 2),
    width: Math.round(p.widthPx),
    height: Math.round(h),
  };
}

/** A car's rear in flat shapes, `width` × `height`, its bumper near the bottom third. */
export function carRearSvg(width: number, height: number, body = '#6b1f24'): string {
  const cx = width / 2;
  const bw = width * 0.7;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<rect width="${width}" height="${height}" fill="#7d8790"/>
<rect y="${height * 0.82}" width="${width}" height="${height * 0.18}" fill="#3b3d40"/>
<rect x="${cx - bw / 2}" y="${height * 0.18}" width="${bw}" height="${height * 0.6}" rx="${width * 0.05}" fill="${body}"/>
<rect x="${cx - bw * 0.4}" y="${height * 0.22}" width="${bw * 0.8}" height="${height * 0.18}" rx="${width * 0.02}" fill="#222a33"/>
<rect x="${cx - bw / 2 + width * 0.02}" y="${height * 0.45}" width="${bw * 0.16}" height="${height * 0.07}" fill="#c0282d"/>
<rect x="${cx + bw / 2 - width * 0.02 - bw * 0.16}" y="${height * 0.45}" width="${bw * 0.16}" height="${height * 0.07}" fill="#c0282d"/>
<rect x="${cx - bw / 2 - width * 0.01}" y="${height * 0.66}" width="${bw + width * 0.02}" height="${height * 0.1}" rx="${width * 0.01}" fill="#2a2a2a"/>
<rect x="${cx - bw * 0.42}" y="${height * 0.78}" width="${bw * 0.16}" height="${height * 0.1}" fill="#111"/>
<rect x="${cx + bw * 0.26}" y="${height * 0.78}" width="${bw * 0.16}" height="${height * 0.1}" fill="#111"/>
</svg>`;
}

/** `background` with every plate drawn on it, as a JPEG. */
export async function withPlates(
  background: Buffer,
  plates: readonly PlacedPlate[],
): Promise<Buffer> {
  const layers = await Promise.all(
    plates.map(async (p) => {
      const png = await sharp(Buffer.from(plateSvg(p.style, p.widthPx)))
        .rotate(p.angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png()
        .toBuffer({ resolveWithObject: true });
      return {
        input: png.data,
        left: Math.round(p.cx - png.info.width / 2),
        top: Math.round(p.cy - png.info.height / 2),
      };
    }),
  );
  return sharp(background).composite(layers).jpeg({ quality: 90 }).toBuffer();
}
