/**
 * Deterministic editorial illustrations for the demo content.
 *
 * Every image is an SVG built from pure shapes (no external files, no network),
 * rasterised by sharp and encoded as JPEG. The same seed always gives the same
 * bytes; the seed chooses the palette and every random decision through a small
 * seeded PRNG (mulberry32).
 */
import sharp from 'sharp';

export const HERO_WIDTH = 1600;
export const HERO_HEIGHT = 900;
export const PORTRAIT_SIZE = 800;

// ---------------------------------------------------------------------------
// PRNG and small helpers

/** mulberry32: a tiny, fast 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function range(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Mixes the seed so that neighbouring seeds (1, 2, 3 ...) look unrelated. */
function scrambleSeed(seed: number): number {
  let h = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function n(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;'));
}

// ---------------------------------------------------------------------------
// Colour

interface Hsl {
  h: number;
  s: number;
  l: number;
}

function hsl(c: Hsl, alpha?: number): string {
  const h = ((c.h % 360) + 360) % 360;
  const s = Math.max(0, Math.min(100, c.s));
  const l = Math.max(0, Math.min(100, c.l));
  return alpha === undefined ? `hsl(${n(h)},${n(s)}%,${n(l)}%)` : `hsla(${n(h)},${n(s)}%,${n(l)}%,${Math.round(alpha * 1000) / 1000})`;
}

/** librsvg handles hsl() fine, but hex keeps the SVG portable; convert once. */
function hex(c: Hsl): string {
  const s = Math.max(0, Math.min(100, c.s)) / 100;
  const l = Math.max(0, Math.min(100, c.l)) / 100;
  const h = (((c.h % 360) + 360) % 360) / 60;
  const chroma = (1 - Math.abs(2 * l - 1)) * s;
  const x = chroma * (1 - Math.abs((h % 2) - 1));
  const [r1, g1, b1] = h < 1 ? [chroma, x, 0] : h < 2 ? [x, chroma, 0] : h < 3 ? [0, chroma, x] : h < 4 ? [0, x, chroma] : h < 5 ? [x, 0, chroma] : [chroma, 0, x];
  const m = l - chroma / 2;
  const to = (v: number) =>
    Math.round((v + m) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${to(r1)}${to(g1)}${to(b1)}`;
}

interface Palette {
  /** Pale sky / paper tones, top and bottom of the background gradient. */
  skyTop: Hsl;
  skyBottom: Hsl;
  /** Land layers, far (light) to near (dark). */
  land: Hsl[];
  /** Fine line work: contours, graticule, routes. */
  ink: Hsl;
  /** One restrained accent for a sun disc, a route, a marker. */
  accent: Hsl;
}

/**
 * Restrained palettes: a dominant hue with low saturation, plus an accent hue
 * chosen from a few harmonious offsets. Hues avoid the garish ranges.
 */
function makePalette(rng: Rng, layers: number): Palette {
  const base = pick(rng, [205, 215, 190, 170, 150, 30, 22, 40, 350, 260, 228, 95]);
  const hue = base + range(rng, -8, 8);
  const sat = range(rng, 14, 30);
  const accentHue = hue + pick(rng, [150, 180, 200, -140, 30]);
  const dusk = rng() < 0.3; // a darker, evening variant
  const skyTop: Hsl = dusk ? { h: hue, s: sat * 0.8, l: range(rng, 78, 84) } : { h: hue + 10, s: sat * 0.6, l: range(rng, 90, 94) };
  const skyBottom: Hsl = { h: accentHue, s: sat * 0.7, l: dusk ? range(rng, 84, 88) : range(rng, 93, 96) };
  const land: Hsl[] = [];
  for (let i = 0; i < layers; i++) {
    const t = i / Math.max(1, layers - 1);
    land.push({
      h: hue + t * range(rng, -6, 10),
      s: sat * (0.7 + 0.5 * t),
      l: 80 - t * range(rng, 50, 58),
    });
  }
  return {
    skyTop,
    skyBottom,
    land,
    ink: { h: hue, s: sat * 0.9, l: 28 },
    accent: { h: accentHue, s: range(rng, 26, 40), l: range(rng, 52, 60) },
  };
}

// ---------------------------------------------------------------------------
// Geometry

type Point = [number, number];

/** Smooth path through points (Catmull-Rom converted to cubic Béziers). */
function smoothPath(points: Point[], closed: boolean): string {
  const count = points.length;
  if (count < 2) return '';
  const at = (i: number): Point => {
    const idx = closed ? ((i % count) + count) % count : Math.max(0, Math.min(count - 1, i));
    return points[idx] as Point;
  };
  const first = at(0);
  let d = `M${n(first[0])},${n(first[1])}`;
  const segments = closed ? count : count - 1;
  for (let i = 0; i < segments; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    const c1x = p1[0] + (p2[0] - p0[0]) / 6;
    const c1y = p1[1] + (p2[1] - p0[1]) / 6;
    const c2x = p2[0] - (p3[0] - p1[0]) / 6;
    const c2y = p2[1] - (p3[1] - p1[1]) / 6;
    d += `C${n(c1x)},${n(c1y)} ${n(c2x)},${n(c2y)} ${n(p2[0])},${n(p2[1])}`;
  }
  return closed ? `${d}Z` : d;
}

interface Wave {
  freq: number;
  amp: number;
  phase: number;
}

function makeWaves(rng: Rng, count: number, baseFreq: number, baseAmp: number): Wave[] {
  const waves: Wave[] = [];
  for (let i = 0; i < count; i++) {
    waves.push({
      freq: baseFreq * (i + 1) * range(rng, 0.8, 1.3),
      amp: (baseAmp / (i + 1)) * range(rng, 0.6, 1.1),
      phase: range(rng, 0, Math.PI * 2),
    });
  }
  return waves;
}

function sumWaves(waves: Wave[], x: number): number {
  let y = 0;
  for (const w of waves) y += Math.sin(x * w.freq + w.phase) * w.amp;
  return y;
}

/** A ridge line across the full width, closed down to the bottom edge. */
function ridgePoints(rng: Rng, width: number, baseY: number, amp: number, roughness: number): Point[] {
  const waves = makeWaves(rng, 5, (Math.PI * 2 * range(rng, 0.7, 1.6)) / width, amp);
  const steps = 28;
  const points: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = -40 + ((width + 80) * i) / steps;
    const jitter = (rng() - 0.5) * amp * roughness;
    points.push([x, baseY + sumWaves(waves, x) + jitter]);
  }
  return points;
}

function closeToBottom(points: Point[], width: number, height: number): string {
  return `${smoothPath(points, false)}L${width + 40},${height + 10}L-40,${height + 10}Z`;
}

/**
 * Topographic contours: nested closed curves around a centre. Each ring's
 * radius is perturbed by low-frequency harmonics shared between rings, so the
 * rings nest like the contour lines of a hill on a survey map.
 */
function contourRings(rng: Rng, cx: number, cy: number, maxR: number, rings: number, stretch: number): string[] {
  const harmonics = [2, 3, 4, 5].map((k) => ({
    k,
    amp: range(rng, 0.04, 0.16) / (k - 1),
    phase: range(rng, 0, Math.PI * 2),
  }));
  const rotation = range(rng, 0, Math.PI);
  const paths: string[] = [];
  for (let r = 1; r <= rings; r++) {
    const radius = (maxR * r) / rings;
    const drift = (r / rings) * 0.6; // outer rings wander more
    const points: Point[] = [];
    const steps = 36;
    for (let i = 0; i < steps; i++) {
      const a = (i / steps) * Math.PI * 2;
      let f = 1;
      for (const h of harmonics) f += Math.sin(a * h.k + h.phase + drift * h.k) * h.amp * (0.5 + drift);
      const lx = Math.cos(a) * radius * f * stretch;
      const ly = Math.sin(a) * radius * f;
      points.push([cx + lx * Math.cos(rotation) - ly * Math.sin(rotation), cy + lx * Math.sin(rotation) + ly * Math.cos(rotation)]);
    }
    paths.push(smoothPath(points, true));
  }
  return paths;
}

// ---------------------------------------------------------------------------
// SVG pieces

function graticule(width: number, height: number, stepX: number, stepY: number, skew: number, color: string): string {
  let d = '';
  for (let x = -stepX; x <= width + stepX; x += stepX) {
    d += `M${n(x)},0Q${n(x + skew)},${n(height / 2)} ${n(x)},${n(height)}`;
  }
  for (let y = stepY; y < height; y += stepY) d += `M0,${n(y)}L${width},${n(y)}`;
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1"/>`;
}

// ---------------------------------------------------------------------------
// Hero image

function heroSvg(seed: number, title: string): string {
  const W = HERO_WIDTH;
  const H = HERO_HEIGHT;
  const rng = mulberry32(scrambleSeed(seed));
  const layers = 4 + Math.floor(rng() * 2); // 4 or 5 ridges
  const pal = makePalette(rng, layers);
  const horizon = range(rng, 0.42, 0.56) * H;
  const parts: string[] = [];

  parts.push(`<defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0.25" y2="1">
      <stop offset="0" stop-color="${hex(pal.skyTop)}"/>
      <stop offset="1" stop-color="${hex(pal.skyBottom)}"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="${hex({ ...pal.accent, l: 88 })}" stop-opacity="0.9"/>
      <stop offset="1" stop-color="${hex({ ...pal.accent, l: 88 })}" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="mist" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${hex(pal.skyBottom)}" stop-opacity="0"/>
      <stop offset="1" stop-color="${hex(pal.skyBottom)}" stop-opacity="0.55"/>
    </linearGradient>
  </defs>`);
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);

  // Faint map graticule in the sky.
  parts.push(`<g opacity="0.5">${graticule(W, H, range(rng, 120, 170), range(rng, 90, 130), range(rng, -60, 60), hsl(pal.ink, 0.09))}</g>`);

  // Sun or moon disc with a soft glow.
  const sunX = range(rng, 0.15, 0.85) * W;
  const sunY = horizon - range(rng, 0.12, 0.3) * H;
  const sunR = range(rng, 50, 95);
  parts.push(`<circle cx="${n(sunX)}" cy="${n(sunY)}" r="${n(sunR * 4)}" fill="url(#glow)"/>`);
  parts.push(`<circle cx="${n(sunX)}" cy="${n(sunY)}" r="${n(sunR)}" fill="${hex({ ...pal.accent, l: pal.accent.l + 18, s: pal.accent.s * 0.7 })}" opacity="0.8"/>`);

  // Topographic contour field, partly behind the ridges.
  const centres = 1 + Math.floor(rng() * 2);
  for (let c = 0; c < centres; c++) {
    const cx = range(rng, 0.1, 0.9) * W;
    const cy = range(rng, 0.25, 0.75) * H;
    const rings = contourRings(rng, cx, cy, range(rng, 260, 480), 7 + Math.floor(rng() * 6), range(rng, 1.2, 1.8));
    const stroke = hsl(pal.ink, 0.16);
    parts.push(`<g fill="none" stroke="${stroke}" stroke-width="1.4">${rings.map((d, i) => `<path d="${d}"${i % 4 === 3 ? ' stroke-width="2.4"' : ''}/>`).join('')}</g>`);
  }

  // Layered ridges, far to near, with mist between them.
  const span = H - horizon;
  for (let i = 0; i < layers; i++) {
    const t = i / (layers - 1);
    const baseY = horizon + span * (0.05 + 0.78 * Math.pow(t, 1.15));
    const amp = range(rng, 30, 80) * (1 - t * 0.45);
    const colour = pal.land[i] ?? pal.ink;
    const crest = ridgePoints(rng, W, baseY, amp, 0.35);
    const ridge = closeToBottom(crest, W, H);
    parts.push(`<path d="${ridge}" fill="${hex(colour)}"/>`);
    if (i < layers - 1) {
      parts.push(`<rect x="0" y="${n(baseY - amp * 1.2)}" width="${W}" height="${n(H - baseY + amp * 1.2)}" fill="url(#mist)" opacity="${n(0.5 - t * 0.3)}"/>`);
    }
    // Contour hatching on the nearest ridges: echoes of the crest line that
    // flatten as they descend, like elevation lines on a survey sheet.
    if (i >= layers - 2) {
      const clipId = `ridge${i}`;
      const lines: string[] = [];
      const count = 5 + Math.floor(rng() * 4);
      const gap = range(rng, 16, 26);
      for (let k = 1; k <= count; k++) {
        const damp = Math.pow(0.82, k);
        const pts = crest.map(([x, y]): Point => [x, baseY + (y - baseY) * damp + k * gap]);
        lines.push(`<path d="${smoothPath(pts, false)}"/>`);
      }
      parts.push(
        `<clipPath id="${clipId}"><path d="${ridge}"/></clipPath><g clip-path="url(#${clipId})" fill="none" stroke="${hsl({ ...pal.skyTop, l: 96 }, 0.14)}" stroke-width="1.2">${lines.join('')}</g>`,
      );
    }
  }

  // A dashed route with a few waypoints, as on an annotated map.
  if (rng() < 0.8) {
    const pts: Point[] = [];
    const stops = 4;
    const startX = range(rng, 0.05, 0.25) * W;
    const endX = range(rng, 0.7, 0.95) * W;
    for (let i = 0; i <= stops; i++) {
      const x = startX + ((endX - startX) * i) / stops;
      pts.push([x, horizon - range(rng, 0.1, 0.3) * H]);
    }
    const accent = hex({ ...pal.accent, l: pal.accent.l - 12 });
    parts.push(`<path d="${smoothPath(pts, false)}" fill="none" stroke="${accent}" stroke-width="2.2" stroke-dasharray="10 9" stroke-linecap="round" opacity="0.75"/>`);
    for (const [i, p] of pts.entries()) {
      if (i !== 0 && i !== pts.length - 1 && rng() < 0.5) continue;
      parts.push(`<circle cx="${n(p[0])}" cy="${n(p[1])}" r="11" fill="none" stroke="${accent}" stroke-width="2" opacity="0.8"/><circle cx="${n(p[0])}" cy="${n(p[1])}" r="4.5" fill="${accent}"/>`);
    }
  }

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}

// ---------------------------------------------------------------------------
// Portrait

/** Up to two initials from a name: first letters of the first and last words. */
export function initialsOf(name: string): string {
  const words = name
    .replace(/[^\p{L}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [first, last].filter((w): w is string => w !== undefined).map((w) => Array.from(w)[0] ?? '');
  return letters.join('').toUpperCase();
}

function portraitSvg(seed: number, name: string): string {
  const S = PORTRAIT_SIZE;
  const rng = mulberry32(scrambleSeed(seed ^ 0x5bd1e995));
  const hue = pick(rng, [205, 215, 190, 165, 30, 20, 350, 260, 228, 45]) + range(rng, -8, 8);
  const sat = range(rng, 16, 30);
  const bgTop: Hsl = { h: hue, s: sat, l: range(rng, 80, 86) };
  const bgBottom: Hsl = { h: hue + range(rng, -20, 20), s: sat * 1.1, l: range(rng, 64, 70) };
  const figure: Hsl = { h: hue + range(rng, -10, 10), s: sat * 0.9, l: range(rng, 26, 33) };
  const hairTone: Hsl = { ...figure, l: figure.l - range(rng, 9, 14), s: figure.s * 0.8 };
  const accent: Hsl = { h: hue + pick(rng, [150, 180, -150]), s: range(rng, 22, 34), l: range(rng, 62, 70) };
  const initials = escapeXml(initialsOf(name));

  // Figure geometry, with small seeded variation in proportions and pose.
  const cx = S / 2 + range(rng, -14, 14);
  const headR = range(rng, 98, 110); // half width at the temples
  const headRy = headR * range(rng, 1.26, 1.36); // half height
  const headCy = S * range(rng, 0.36, 0.39);
  const top = headCy - headRy;
  const chinY = headCy + headRy;
  const jaw = range(rng, 0.5, 0.62);
  const head = [
    `M${n(cx)},${n(top)}`,
    `C${n(cx + headR * 0.58)},${n(top)} ${n(cx + headR)},${n(headCy - headRy * 0.58)} ${n(cx + headR)},${n(headCy - headRy * 0.08)}`,
    `C${n(cx + headR)},${n(headCy + headRy * 0.42)} ${n(cx + headR * jaw)},${n(chinY)} ${n(cx)},${n(chinY)}`,
    `C${n(cx - headR * jaw)},${n(chinY)} ${n(cx - headR)},${n(headCy + headRy * 0.42)} ${n(cx - headR)},${n(headCy - headRy * 0.08)}`,
    `C${n(cx - headR)},${n(headCy - headRy * 0.58)} ${n(cx - headR * 0.58)},${n(top)} ${n(cx)},${n(top)}Z`,
  ].join('');

  const neckW = headR * range(rng, 0.42, 0.5);
  const neckTop = headCy + headRy * 0.55;
  const shoulderY = chinY + range(rng, 62, 80);
  const shoulderHalf = range(rng, 245, 285);
  // Drawn clockwise like the head and hair, so that all the parts can share
  // one compound path (nonzero fill) without punching holes where they overlap.
  const bust = [
    `M${n(cx + neckW)},${n(neckTop)}`,
    `L${n(cx + neckW * 1.04)},${n(shoulderY - 52)}`,
    `C${n(cx + neckW + 50)},${n(shoulderY - 18)} ${n(cx + shoulderHalf - 50)},${n(shoulderY - 30)} ${n(cx + shoulderHalf)},${n(shoulderY + 30)}`,
    `C${n(cx + shoulderHalf + 30)},${n(shoulderY + 90)} ${n(cx + shoulderHalf + 45)},${n(S - 40)} ${n(cx + shoulderHalf + 55)},${S + 10}`,
    `L${n(cx - shoulderHalf - 55)},${S + 10}`,
    `C${n(cx - shoulderHalf - 45)},${n(S - 40)} ${n(cx - shoulderHalf - 30)},${n(shoulderY + 90)} ${n(cx - shoulderHalf)},${n(shoulderY + 30)}`,
    `C${n(cx - shoulderHalf + 50)},${n(shoulderY - 30)} ${n(cx - neckW - 50)},${n(shoulderY - 18)} ${n(cx - neckW * 1.04)},${n(shoulderY - 52)}`,
    `L${n(cx - neckW)},${n(neckTop)}Z`,
  ].join('');

  // Hair: one of a few quiet silhouettes, drawn in a deeper tone of the figure.
  const style = pick(rng, ['short', 'long', 'cropped', 'bun', 'side'] as const);
  let hairBehind = '';
  let hairFront = '';
  const hw = headR * 1.07;
  const crown = top - range(rng, 16, 30);
  const hairline = headCy - headRy * range(rng, 0.42, 0.55);
  if (style === 'long') {
    // Falls behind the neck to the shoulders; the bust, drawn over it, hides the ends.
    const fall = shoulderY + 40;
    const wide = range(rng, 1.12, 1.24);
    hairBehind = [
      `M${n(cx)},${n(crown)}`,
      `C${n(cx + hw * 0.75)},${n(crown)} ${n(cx + hw * wide)},${n(headCy - headRy * 0.5)} ${n(cx + hw * wide)},${n(headCy + headRy * 0.1)}`,
      `C${n(cx + hw * wide)},${n(chinY)} ${n(cx + hw * (wide + 0.08))},${n(fall - 40)} ${n(cx + hw * (wide - 0.05))},${n(fall)}`,
      `L${n(cx - hw * (wide - 0.05))},${n(fall)}`,
      `C${n(cx - hw * (wide + 0.08))},${n(fall - 40)} ${n(cx - hw * wide)},${n(chinY)} ${n(cx - hw * wide)},${n(headCy + headRy * 0.1)}`,
      `C${n(cx - hw * wide)},${n(headCy - headRy * 0.5)} ${n(cx - hw * 0.75)},${n(crown)} ${n(cx)},${n(crown)}Z`,
    ].join('');
  }
  if (style === 'bun') {
    hairBehind = `M${n(cx - headR * 0.42)},${n(top + 30)}a${n(headR * 0.42)},${n(headR * 0.38)} 0 1 1 ${n(headR * 0.84)},0Z`;
  }
  if (style !== 'cropped') {
    // Outer edge over the crown from ear to ear, inner edge up the temples and
    // along the hairline; 'side' sweeps the fringe lower on one side.
    const sweep = style === 'side' ? range(rng, 0.5, 1) * (rng() < 0.5 ? -1 : 1) : 0;
    const ear = headCy + headRy * 0.02;
    hairFront = [
      `M${n(cx - hw)},${n(ear)}`,
      `C${n(cx - hw * 1.02)},${n(headCy - headRy * 0.75)} ${n(cx - hw * 0.6)},${n(crown)} ${n(cx)},${n(crown)}`,
      `C${n(cx + hw * 0.6)},${n(crown)} ${n(cx + hw * 1.02)},${n(headCy - headRy * 0.75)} ${n(cx + hw)},${n(ear)}`,
      `C${n(cx + headR * 0.88)},${n(headCy - headRy * 0.1)} ${n(cx + headR * 0.82)},${n(hairline + 12)} ${n(cx + headR * 0.58)},${n(hairline + sweep * 22)}`,
      `C${n(cx + headR * 0.25)},${n(hairline - 16 + sweep * 30)} ${n(cx - headR * 0.25)},${n(hairline - 16 - sweep * 30)} ${n(cx - headR * 0.58)},${n(hairline - sweep * 22)}`,
      `C${n(cx - headR * 0.82)},${n(hairline + 12)} ${n(cx - headR * 0.88)},${n(headCy - headRy * 0.1)} ${n(cx - hw)},${n(ear)}Z`,
    ].join('');
  } else {
    hairFront = [
      `M${n(cx - headR * 0.99)},${n(headCy - headRy * 0.2)}`,
      `C${n(cx - headR)},${n(headCy - headRy * 0.72)} ${n(cx - headR * 0.6)},${n(top - 6)} ${n(cx)},${n(top - 6)}`,
      `C${n(cx + headR * 0.6)},${n(top - 6)} ${n(cx + headR)},${n(headCy - headRy * 0.72)} ${n(cx + headR * 0.99)},${n(headCy - headRy * 0.2)}`,
      `Q${n(cx)},${n(hairline - 40)} ${n(cx - headR * 0.99)},${n(headCy - headRy * 0.2)}Z`,
    ].join('');
  }

  // Collar: an open collar or a lapel V gives the bust a tailored, formal read.
  const lapel = `M${n(cx - neckW - 4)},${n(shoulderY - 48)}L${n(cx)},${n(shoulderY + 80)}L${n(cx + neckW + 4)},${n(shoulderY - 48)}`;
  const lightLeft = rng() < 0.5;
  const lightX = lightLeft ? cx - headR * 0.9 : cx + headR * 0.9;

  const rings = contourRings(rng, range(rng, 0.2, 0.8) * S, range(rng, 0.15, 0.5) * S, range(rng, 380, 520), 9, range(rng, 1, 1.4));
  // Engraving-like contour lines inside the figure, centred on the face.
  const inner = contourRings(rng, cx + (lightLeft ? -30 : 30), headCy - 10, range(rng, 420, 520), 16, 0.8);
  // One silhouette: head, bust and front hair read as a single dignified shape.
  // All parts wind clockwise, so one compound path fills (and clips) as their union.
  // Hair that falls behind (long hair, a bun) is drawn first, in the deeper hair tone.
  const silhouette = `<path d="${bust}${head}${hairFront}"/>`;

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}">
  <title>${escapeXml(name)}</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1">
      <stop offset="0" stop-color="${hex(bgTop)}"/>
      <stop offset="1" stop-color="${hex(bgBottom)}"/>
    </linearGradient>
    <radialGradient id="halo" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="${hex({ ...bgTop, l: 95 })}" stop-opacity="0.8"/>
      <stop offset="1" stop-color="${hex({ ...bgTop, l: 95 })}" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="fig" gradientUnits="userSpaceOnUse" x1="${lightLeft ? S * 0.25 : S * 0.75}" y1="${n(top)}" x2="${lightLeft ? S * 0.75 : S * 0.25}" y2="${S}">
      <stop offset="0" stop-color="${hex({ ...figure, l: figure.l + 9 })}"/>
      <stop offset="1" stop-color="${hex(figure)}"/>
    </linearGradient>
    <radialGradient id="rim" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="${hex({ ...bgTop, l: 90 })}" stop-opacity="0.22"/>
      <stop offset="1" stop-color="${hex({ ...bgTop, l: 90 })}" stop-opacity="0"/>
    </radialGradient>
    <filter id="soft" x="-10%" y="-10%" width="120%" height="120%"><feGaussianBlur stdDeviation="2.5"/></filter>
    <clipPath id="silclip">${silhouette}</clipPath>
  </defs>
  <rect width="${S}" height="${S}" fill="url(#bg)"/>
  <g fill="none" stroke="${hsl({ ...figure, l: 30 }, 0.12)}" stroke-width="1.5">${rings.map((d) => `<path d="${d}"/>`).join('')}</g>
  <circle cx="${n(cx)}" cy="${n(headCy + 30)}" r="${n(S * 0.4)}" fill="url(#halo)"/>
  ${hairBehind ? `<path d="${hairBehind}" fill="${hex(hairTone)}"/>` : ''}
  <g fill="url(#fig)">${silhouette}</g>
  <g clip-path="url(#silclip)">
    <ellipse cx="${n(lightX)}" cy="${n(headCy - headRy * 0.2)}" rx="${n(headR * 1.1)}" ry="${n(headRy * 1.2)}" fill="url(#rim)"/>
    <g fill="none" stroke="${hsl({ ...figure, l: figure.l + 30 }, 0.1)}" stroke-width="1.4">${inner.map((d) => `<path d="${d}"/>`).join('')}</g>
    <path d="${hairFront}" fill="${hex(hairTone)}" opacity="0.45" filter="url(#soft)"/>
  </g>
  <path d="${lapel}" fill="none" stroke="${hsl({ ...figure, l: figure.l + 24 }, 0.45)}" stroke-width="3" stroke-linejoin="round"/>
  <text x="${n(S / 2)}" y="${n(S - 72)}" text-anchor="middle" font-family="serif" font-size="88" letter-spacing="12"
    fill="${hex({ ...bgTop, l: 94 })}" fill-opacity="0.92">${initials}</text>
  <rect x="${n(S / 2 - 34)}" y="${n(S - 50)}" width="68" height="3" fill="${hex(accent)}"/>
</svg>`;
}

// ---------------------------------------------------------------------------
// Public API

const GRAIN_TILE = 256;
let grainTile: Buffer | undefined;

/**
 * A fixed, seeded noise tile laid over every image (soft-light blend) for a
 * printed-paper grain. Done with sharp's tiled composite rather than an SVG
 * feTurbulence filter, which costs several hundred milliseconds per image.
 */
function grain(): Buffer {
  if (grainTile) return grainTile;
  const rng = mulberry32(0x6a09e667);
  const tile = Buffer.alloc(GRAIN_TILE * GRAIN_TILE * 4);
  for (let i = 0; i < GRAIN_TILE * GRAIN_TILE; i++) {
    const v = Math.floor(rng() * 256);
    tile[i * 4] = v;
    tile[i * 4 + 1] = v;
    tile[i * 4 + 2] = v;
    tile[i * 4 + 3] = 64;
  }
  grainTile = tile;
  return tile;
}

async function renderJpeg(svg: string, quality: number): Promise<Buffer> {
  return sharp(Buffer.from(svg))
    .flatten({ background: '#ffffff' })
    .composite([{ input: grain(), raw: { width: GRAIN_TILE, height: GRAIN_TILE, channels: 4 }, tile: true, blend: 'soft-light' }])
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

/**
 * A 1600×900 JPEG editorial illustration (layered ridges, contour lines, a map
 * graticule and route) fully determined by `seed`; `title` is only recorded as
 * the SVG's <title> and does not change the picture.
 */
export async function makeHeroImage(seed: number, title: string, quality = 82): Promise<Buffer> {
  return renderJpeg(heroSvg(seed, title), quality);
}

/**
 * An 800×800 JPEG abstract head-and-shoulders portrait: palette, proportions and
 * hair silhouette come from `seed`; the initials (set in the system serif) from `name`.
 */
export async function makePortrait(seed: number, name: string): Promise<Buffer> {
  return renderJpeg(portraitSvg(seed, name), 84);
}

/** The raw SVG sources, exported for previews and debugging. */
export const svgSources = { hero: heroSvg, portrait: portraitSvg };
