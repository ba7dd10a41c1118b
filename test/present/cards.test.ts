// The building blocks of every card (citations, the card container, the visible-text measure) and the
// "on this date" post the daily post sends, checked against Discord's contract for a channel message.
import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { withRoleMention } from '../../src/daily/delivery.js';
import { discordLength } from '../../src/discord/limits.js';
import type { Citation } from '../../src/facts/schema.js';
import { Citations, sourceTitle, superscript } from '../../src/present/citations.js';
import { Card, cardReply, visibleText } from '../../src/present/cv2.js';
import { buildOnThisDatePost } from '../../src/present/on-this-date.js';
import { checkCreateMessage } from '../support/contract.js';
import { realStore } from '../support/handler-context.js';
import { checkMessageLimits } from '../support/limits.js';

const wiki: Citation[] = [{ source: 'wikipedia', quote: 'a quote of twelve or more characters' }];
const flor: Citation[] = [{ source: 'flor-interview', quote: 'another quote, long enough' }];

describe('citations', () => {
  it('marks each statement and lists exactly the documents the card shows', () => {
    const cites = new Citations(realStore());
    const card = new Card(0x123456, cites).text(
      `A${cites.cite(wiki)} B${cites.cite(flor)} C${cites.cite([...flor, ...wiki])}`,
    );
    const t = visibleText(cardReply(card).data);
    expect(t).toContain('A¹ B² C¹˒²');
    expect(t).toMatch(/-# ¹ \*Automotive Energy Supply Corporation\* \(Wikipedia\) · ² \*AESC Group profile/);
  });

  it('cites once, without markers, when one document backs everything', () => {
    const cites = new Citations(realStore());
    const card = new Card(0, cites).text(`A${cites.cite(wiki)}\nB${cites.cite(wiki)}`);
    const t = visibleText(cardReply(card).data);
    expect(t).toBe('A\nB\n-# Source: *Automotive Energy Supply Corporation* (Wikipedia)');
  });

  it('links a title only where the source record has a certain (https) address', () => {
    const doc = realStore().source('wikipedia');
    expect(sourceTitle(doc)).toBe('*Automotive Energy Supply Corporation* (Wikipedia)');
    expect(sourceTitle({ ...doc, url: 'https://example.org/aesc' })).toBe(
      '[Automotive Energy Supply Corporation](<https://example.org/aesc>) (Wikipedia)',
    );
    expect(sourceTitle({ ...doc, url: 'javascript:alert(1)' } as typeof doc)).not.toContain('javascript');
  });

  it('has no sources line when nothing is cited, and numbers past nine', () => {
    const card = new Card(0, new Citations(realStore())).text('plain');
    expect(visibleText(cardReply(card).data)).toBe('plain');
    expect(superscript(12)).toBe('¹²');
  });
});

describe('cards', () => {
  it('are Components V2 containers with the accent colour; visible text counts nested text displays', () => {
    const reply = cardReply(
      new Card(0x2ea043)
        .text('one')
        .text('two')
        .buttons([{ label: 'Go', customId: 'aesc:x:1' }]),
    );
    expect(reply.data.flags).toBe(MessageFlags.IsComponentsV2);
    expect(reply.data.components?.[0]).toMatchObject({ type: ComponentType.Container, accent_color: 0x2ea043 });
    expect(visibleText(reply.data)).toBe('one\ntwo');
    expect(visibleText({ content: 'c', embeds: [{ title: 't', fields: [{ name: 'n', value: 'v' }] }] })).toBe(
      'c\nt\nn\nv',
    );
  });

  it('carry pictures as attachments referenced by a media gallery', () => {
    const file = {
      name: 'capacity-x.png',
      contentType: 'image/png',
      data: new Uint8Array([1]),
      description: 'A chart',
    };
    const reply = cardReply(new Card(0).text('x').picture(file));
    expect(reply).toMatchObject({ files: [file] });
    expect(reply.data.attachments).toEqual([{ id: '0', filename: 'capacity-x.png', description: 'A chart' }]);
    expect(JSON.stringify(reply.data.components)).toContain('attachment://capacity-x.png');
  });
});

describe('the "on this date" post', () => {
  it('is a valid channel message every day of the year, within the budget, dated as a person would', () => {
    const store = realStore();
    for (let day = 0; day < 366; day++) {
      const d = new Date(Date.UTC(2028, 0, 1 + day));
      const body = buildOnThisDatePost(store, { year: 2028, month: d.getUTCMonth() + 1, day: d.getUTCDate() });
      expect(checkCreateMessage(body)).toEqual([]);
      expect(checkMessageLimits(body)).toEqual([]);
      const t = visibleText(body);
      expect(discordLength(t)).toBeLessThanOrEqual(1500);
      expect(t).not.toMatch(/In c\. \d{4}|\(c\. \d{4}\)|On this day/);
    }
  });

  it('takes a role mention in a text display of its own (a Components V2 message has no content)', () => {
    const body = withRoleMention(
      buildOnThisDatePost(realStore(), { year: 2026, month: 8, day: 1 }),
      '500000000000000001',
    );
    expect(checkCreateMessage(body)).toEqual([]);
    expect(body.content).toBeUndefined();
    expect(body.components?.[0]).toEqual({ type: ComponentType.TextDisplay, content: '<@&500000000000000001>' });
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['500000000000000001'] });
  });
});
