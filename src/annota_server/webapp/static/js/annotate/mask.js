// Masks: COCO RLE (the server's compressed counts, column by column, background first) decoded
// once per mask into a bitmap of the label's colour, semi-transparent, that the shape layer
// draws in image pixels. The same decoded bits answer hit tests, so nothing decodes twice.

const OPACITY = 0.45;
const cache = new WeakMap(); // mask object -> {bits, width, height, canvases: Map(color -> canvas)}

/** The run lengths of COCO's compressed counts string (its `rleFrString`). */
export function decodeCounts(text) {
  const counts = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      const c = text.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p += 1;
      k += 1;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** COCO's compressed counts string of run lengths (its `rleToString`). */
export function encodeCounts(counts) {
  let out = "";
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

function decoded(mask) {
  let found = cache.get(mask);
  if (found) return found;
  const [height, width] = mask.size;
  const bits = new Uint8Array(width * height); // row by row
  let start = 0;
  decodeCounts(mask.counts).forEach((count, index) => {
    if (index % 2) {
      for (let q = start; q < start + count; q++) bits[(q % height) * width + Math.floor(q / height)] = 1;
    }
    start += count;
  });
  found = { bits, width, height, canvases: new Map() };
  cache.set(mask, found);
  return found;
}

/** Whether image pixel (x, y) is in the mask. */
export function maskHas(mask, x, y) {
  const { bits, width, height } = decoded(mask);
  const col = Math.floor(x);
  const row = Math.floor(y);
  return col >= 0 && row >= 0 && col < width && row < height && bits[row * width + col] === 1;
}

/** A canvas of the mask's size: its pixels in `color` (#rrggbb), semi-transparent. */
export function maskCanvas(mask, color) {
  const found = decoded(mask);
  let canvas = found.canvases.get(color);
  if (canvas) return canvas;
  canvas = document.createElement("canvas");
  canvas.width = found.width;
  canvas.height = found.height;
  const context = canvas.getContext("2d");
  const image = context.createImageData(found.width, found.height);
  const r = parseInt(color.slice(1, 3), 16);
  const g = parseInt(color.slice(3, 5), 16);
  const b = parseInt(color.slice(5, 7), 16);
  const alpha = Math.round(OPACITY * 255);
  const data = image.data;
  for (let i = 0; i < found.bits.length; i++) {
    if (!found.bits[i]) continue;
    data[i * 4] = r;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = b;
    data[i * 4 + 3] = alpha;
  }
  context.putImageData(image, 0, 0);
  found.canvases.set(color, canvas);
  return canvas;
}

/** A mask's pixels as a fresh row-by-row Uint8Array (a copy the brush may change). */
export function maskBits(mask) {
  return decoded(mask).bits.slice();
}

/** Paint (value 1) or erase (0) a stroke of discs of `size` pixels through `points` (x, y, ...). */
export function stamp(bits, width, height, points, size, value) {
  const r = size / 2;
  const samples = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [x, y] = [points[i], points[i + 1]];
    if (i >= 2) {
      // Discs every half radius along the segment, so a fast stroke leaves no gaps.
      const [px, py] = [points[i - 2], points[i - 1]];
      const steps = Math.ceil(Math.hypot(x - px, y - py) / Math.max(r / 2, 0.5));
      for (let s = 1; s < steps; s++) samples.push([px + ((x - px) * s) / steps, py + ((y - py) * s) / steps]);
    }
    samples.push([x, y]);
  }
  for (const [cx, cy] of samples) {
    const top = Math.max(0, Math.floor(cy - r));
    const bottom = Math.min(height - 1, Math.ceil(cy + r));
    const left = Math.max(0, Math.floor(cx - r));
    const right = Math.min(width - 1, Math.ceil(cx + r));
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) bits[y * width + x] = value;
      }
    }
  }
}

/** The mask of row-by-row `bits`: compressed RLE with its bbox and area (null when empty). */
export function encodeBits(bits, width, height) {
  const counts = [];
  let current = 0;
  let run = 0;
  let area = 0;
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const on = bits[y * width + x];
      if (on) {
        area += 1;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      if (on === current) run += 1;
      else {
        counts.push(run);
        current = on;
        run = 1;
      }
    }
  }
  counts.push(run);
  if (!area) return null;
  return { size: [height, width], counts: encodeCounts(counts), bbox: [x0, y0, x1 + 1, y1 + 1], area };
}

/**
 * The pixels of a polygon (x, y, ...) as row-by-row bits: a pixel is in when its centre is
 * inside by the even-odd rule (the rule the server's tracing of masks into polygons keeps), so
 * a polygon traced from a mask fills back into the same pixels.
 */
export function fillPolygon(points, width, height) {
  const bits = new Uint8Array(width * height);
  const n = points.length / 2;
  const crossings = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const [ax, ay] = [points[2 * i], points[2 * i + 1]];
      const j = (i + 1) % n;
      const [bx, by] = [points[2 * j], points[2 * j + 1]];
      // Half-open in y, so a vertex on the scanline counts once.
      if ((ay <= cy && by > cy) || (by <= cy && ay > cy)) crossings.push(ax + ((cy - ay) * (bx - ax)) / (by - ay));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixels whose centre x + 0.5 lies in [left, right).
      const first = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const last = Math.min(width - 1, Math.ceil(crossings[k + 1] - 0.5) - 1);
      for (let x = first; x <= last; x++) bits[y * width + x] = 1;
    }
  }
  return bits;
}
