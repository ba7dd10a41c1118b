// Issue 13: the pictures name the sites as the data's translations do (座間工場), in the drawing and the alt text;
// English pictures keep the English names. Skips, saying so, when no usable font is installed.
import { describe, expect, it } from 'vitest';
import { loadFactStore } from '../../src/facts/load.js';
import { factTranslator } from '../../src/i18n/fact-translations.js';
import { capacityChart, fontCatalog, missingFontMessage, sitesMap } from '../../src/render/index.js';

const noFont = fontCatalog().latin === null && fontCatalog().cjk === null;
if (noFont) console.warn(`test/i18n/pictures.test.ts skipped: ${missingFontMessage()}`);

describe.skipIf(noFont)('pictures in ja use the translated site names', () => {
  const plants = loadFactStore().plants;
  const zama = plants.find((p) => p.id === 'zama');

  it('capacity chart: title and alt text', () => {
    if (!zama) throw new Error('no zama plant in data/');
    const ja = factTranslator().text('ja', zama.name);
    expect(ja).not.toBe(zama.name);
    const chartJa = capacityChart(zama, 'ja');
    const chartEn = capacityChart(zama, 'en-US');
    expect(chartJa?.description).toContain(ja);
    expect(chartJa?.description).not.toContain(zama.name);
    expect(chartEn?.description).toContain(zama.name);
  });

  it('sites map: every placed site by its Japanese name in the alt text', () => {
    const japan = plants.filter((p) => p.region === 'Japan');
    const map = sitesMap(japan, { region: 'Japan' }, 'ja');
    for (const p of japan) {
      const name = factTranslator().text('ja', p.name);
      expect(map?.description).toContain(name);
      if (name !== p.name) expect(map?.description).not.toContain(p.name);
    }
  });
});
