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
