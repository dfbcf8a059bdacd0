#!/usr/bin/env node
// Draws the marketplace icon (images/icon.png, 128x128): a shield with a check mark on a rounded
// square in Python's colours. Written out here so the icon can be redrawn without an image editor.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const BACKGROUND = hex('#1e415e');
const SHIELD_RIM = hex('#ffd43b');
const SHIELD = hex('#306998');
const CHECK = hex('#ffffff');

function cubic(p0, p1, p2, p3, steps = 24) {
  const pts = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps, u = 1 - t;
    pts.push([0, 1].map((k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k]));
  }
  return pts;
}

/** A shield outline: flat-topped shoulders, sides curving to a point at the bottom. */
function shield(top, shoulderY, halfWidth, sideEndY, bottom) {
  const cx = 64;
  return [
    [cx, top],
    [cx + halfWidth, shoulderY],
    [cx + halfWidth, sideEndY],
    ...cubic([cx + halfWidth, sideEndY], [cx + halfWidth, sideEndY + (bottom - sideEndY) * 0.55], [cx + halfWidth * 0.58, bottom - 8], [cx, bottom]),
    ...cubic([cx, bottom], [cx - halfWidth * 0.58, bottom - 8], [cx - halfWidth, sideEndY + (bottom - sideEndY) * 0.55], [cx - halfWidth, sideEndY]),
    [cx - halfWidth, shoulderY],
  ];
}

function insidePolygon(poly, x, y) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x, y, min, max, r) {
  const cx = Math.min(Math.max(x, min + r), max - r), cy = Math.min(Math.max(y, min + r), max - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= min && x <= max && y >= min && y <= max;
}

function nearPolyline(pts, x, y, halfWidth) {
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1], [bx, by] = pts[i];
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    if ((x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= halfWidth * halfWidth) return true;
  }
  return false;
}

const outer = shield(18, 32, 38, 62, 112);
const inner = shield(28, 39, 29, 62, 102);
const check = [[47, 64], [59, 77], [82, 50]];

/** The colour at one sample point, or null where the icon is transparent. */
function colourAt(x, y) {
  if (nearPolyline(check, x, y, 4.5)) return CHECK;
  if (insidePolygon(inner, x, y)) return SHIELD;
  if (insidePolygon(outer, x, y)) return SHIELD_RIM;
  if (insideRoundedSquare(x, y, 4, 124, 22)) return BACKGROUND;
  return null;
}

const rgba = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  rgba[row] = 0; // PNG filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (!c) continue;
        for (let k = 0; k < 3; k++) sum[k] += c[k];
        sum[3] += 1;
      }
    }
    const o = row + 1 + px * 4;
    for (let k = 0; k < 3; k++) rgba[o + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
    rgba[o + 3] = Math.round((255 * sum[3]) / (SAMPLES * SAMPLES));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rgba, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const out = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'images', 'icon.png');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
