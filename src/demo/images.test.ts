import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { initialsOf, makeHeroImage, makePortrait, mulberry32 } from './images.ts';

test('makeHeroImage returns a 1600×900 JPEG', async () => {
  const jpeg = await makeHeroImage(7, 'Water Before Borders');
  const meta = await sharp(jpeg).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.width, 1600);
  assert.equal(meta.height, 900);
});

test('makePortrait returns an 800×800 JPEG', async () => {
  const jpeg = await makePortrait(7, 'Daniyar Seitkali');
  const meta = await sharp(jpeg).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.width, 800);
  assert.equal(meta.height, 800);
});

test('the same seed gives identical bytes', async () => {
  const [a, b] = await Promise.all([makeHeroImage(1205, 'A title'), makeHeroImage(1205, 'A title')]);
  assert.ok(a.equals(b));
  const [c, d] = await Promise.all([makePortrait(110, 'Ananya Venkataraman'), makePortrait(110, 'Ananya Venkataraman')]);
  assert.ok(c.equals(d));
});

test('different seeds give different images', async () => {
  const [a, b] = await Promise.all([makeHeroImage(1, 'A title'), makeHeroImage(2, 'A title')]);
  assert.ok(!a.equals(b));
  const [c, d] = await Promise.all([makePortrait(1, 'Maren Solheim'), makePortrait(2, 'Maren Solheim')]);
  assert.ok(!c.equals(d));
});

test('titles and names with markup characters are safe in the SVG', async () => {
  const hero = await makeHeroImage(3, 'Trade & <Security> "quoted" \'single\'');
  assert.equal((await sharp(hero).metadata()).format, 'jpeg');
  const portrait = await makePortrait(3, '<Ada> & "Lovelace"');
  assert.equal((await sharp(portrait).metadata()).format, 'jpeg');
});

test('initialsOf takes the first letters of the first and last names', () => {
  assert.equal(initialsOf('Maren Solheim'), 'MS');
  assert.equal(initialsOf('Ananya Venkataraman'), 'AV');
  assert.equal(initialsOf('Jean-Luc de la Cour'), 'JC');
  assert.equal(initialsOf('Öz'), 'Ö');
  assert.equal(initialsOf('  '), '?');
});

test('mulberry32 is deterministic and stays in [0, 1)', () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
});
