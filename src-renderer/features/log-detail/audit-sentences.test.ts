import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../src-shared/domain/audit-actions.js';
import { createIntl } from '@formatjs/intl';
import { auditSentence as sentenceIn } from './audit-sentences.js';
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };

const intlOf = (locale: string, messages: Record<string, string>) => createIntl({ locale, messages, onError: (error) => { throw error; } });
const english = intlOf('en', en);
const french = intlOf('fr', fr);
const auditSentence = (e: Parameters<typeof sentenceIn>[1]) => sentenceIn(english, e);

const entry = (action: string, after: unknown = {}, actor = { actor_name: 'Awa', actor_role: 'reviewer' }) => ({ action, before: null, after, ...actor });

describe('audit entries as sentences', () => {
  it('states an auto-approval with the confidence against the threshold it was judged by', () => {
    expect(auditSentence(entry('healing_log.auto_approve', { sira_confidence: 90.66, auto_apply_threshold: 85 }))).toBe(
      'Auto-approved: confidence 90.7% ≥ threshold 85%',
    );
    expect(auditSentence(entry('healing_log.auto_approve', { sira_confidence: 92 }))).toBe('Auto-approved: confidence 92% reached the auto-apply threshold');
  });

  it('counts approvals against the quorum', () => {
    expect(auditSentence(entry('healing_log.approve', { approvals: [{ by: 'Awa' }], required_approvals: 2 }))).toBe(
      'Approved by Awa (reviewer) — 1 of 2 approvals',
    );
    expect(auditSentence(entry('healing_log.approve', { status: 'approved' }))).toBe('Approved by Awa (reviewer)');
  });

  it('gives a rollback its reason, and a cascaded one the log it came from', () => {
    const ops = { actor_name: 'Moussa', actor_role: 'ops' };
    expect(auditSentence(entry('healing_log.rollback', { rollback_reason: 'timeouts are back' }, ops))).toBe(
      'Rolled back by Moussa (ops): reason “timeouts are back”',
    );
    expect(auditSentence(entry('healing_log.rollback', { rollback_reason: null, cascaded: ['a', 'b'] }, ops))).toBe(
      'Rolled back by Moussa (ops), no reason given — 2 newer patches were rolled back first',
    );
    expect(auditSentence(entry('healing_log.rollback', { rollback_cascade_of: '0123456789abcdef' }, ops))).toBe(
      'Rollback cascaded from log 01234567: rolled back by Moussa (ops) with it',
    );
  });

  it('words the other healing-log steps from their details', () => {
    expect(auditSentence(entry('healing_log.reject', { rejection_reason: 'wrong column' }))).toBe('Rejected by Awa (reviewer): reason “wrong column”');
    expect(auditSentence(entry('healing_log.review_required', { review_reason: 'confidence 70 is below the auto-apply threshold 85' }))).toBe(
      'Sent to human review: confidence 70 is below the auto-apply threshold 85',
    );
    expect(auditSentence(entry('healing_log.failed', { failure_reason: 'disk full' }))).toBe(
      'The patch failed: disk full; the plugin was restored to its snapshot',
    );
    expect(auditSentence(entry('healing_log.propose', { sira_confidence: 70 }, { actor_name: 'sira', actor_role: 'sira' }))).toBe(
      'Proposed by sira (sira) with confidence 70%',
    );
  });

  it('words every code the server writes as a sentence without the raw code or an empty detail', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const after of [{}, null, 'not an object']) {
        const sentence = auditSentence(entry(action, after as never));
        expect(sentence, action).toMatch(/^[A-Z0-9]/);
        expect(sentence, action).not.toContain(action);
        expect(sentence, action).not.toMatch(/undefined|null|NaN|\[object|\s{2}/);
      }
    }
  });

  it('falls back to a readable sentence naming an unknown code', () => {
    expect(auditSentence(entry('healing_log.teleport'))).toBe('Awa (reviewer) recorded an action this console does not know: healing_log.teleport');
  });

  it('writes percentages with at most one decimal', () => {
    const confidence = (value: number) => auditSentence(entry('healing_log.propose', { sira_confidence: value })).replace('Proposed by Awa (reviewer) with confidence ', '');
    expect([confidence(85), confidence(90.66), confidence(99.95)]).toEqual(['85%', '90.7%', '100%']);
  });

  it('words them in French, with French plurals and percent spacing', () => {
    const ops = { actor_name: 'Moussa', actor_role: 'ops' };
    expect(sentenceIn(french, entry('healing_log.auto_approve', { sira_confidence: 90.66, auto_apply_threshold: 85 }))).toBe(
      'Approuvé automatiquement : confiance de 90,7\u00a0% ≥ seuil de 85\u00a0%',
    );
    expect(sentenceIn(french, entry('healing_log.rollback', { rollback_reason: null, cascaded: ['a'] }, ops))).toBe(
      'Correction annulée par Moussa (ops), sans motif — 1 correctif plus récent a d’abord été annulé',
    );
    expect(sentenceIn(french, entry('healing_log.rollback', { rollback_reason: 'délais revenus', cascaded: ['a', 'b'] }, ops))).toBe(
      'Correction annulée par Moussa (ops) : motif « délais revenus » — 2 correctifs plus récents ont d’abord été annulés',
    );
    expect(sentenceIn(french, entry('healing_log.approve', { approvals: [{ by: 'Awa' }], required_approvals: 2 }))).toBe(
      'Approuvé par Awa (reviewer) — 1 sur 2 approbations',
    );
    expect(sentenceIn(french, entry('command.lease', { command_ids: ['x'] }))).toBe('1 commande prise en charge par le plugin (Awa (reviewer))');
    for (const action of AUDIT_ACTIONS) {
      const sentence = sentenceIn(french, entry(action, {}));
      expect(sentence, action).not.toMatch(/\b(?:by|the|was|reason)\b|undefined|\s{2}/);
    }
  });
});
