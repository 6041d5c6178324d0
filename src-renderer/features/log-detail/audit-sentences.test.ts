import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../src-shared/domain/audit-actions.js';
import { auditSentence, percent } from './audit-sentences.js';

const entry = (action: string, after: unknown = {}, actor = { actor_name: 'Awa', actor_role: 'reviewer' }) => ({ action, before: null, after, ...actor });

describe('audit entries as sentences', () => {
  it('states an auto-approval with the confidence against the threshold it was judged by', () => {
    expect(auditSentence(entry('healing_log.auto_approve', { sira_confidence: 90.66, auto_apply_threshold: 85 }))).toBe(
      'Auto-approved: confidence 90.7 % ≥ threshold 85 %',
    );
    expect(auditSentence(entry('healing_log.auto_approve', { sira_confidence: 92 }))).toBe('Auto-approved: confidence 92 % reached the auto-apply threshold');
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
      'Proposed by sira (sira) with confidence 70 %',
    );
  });

  it('words every code the server writes as a sentence without the raw code or an empty detail', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const after of [{}, null, 'not an object']) {
        const sentence = auditSentence(entry(action, after));
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
    expect([percent(85), percent(90.66), percent(99.95)]).toEqual(['85 %', '90.7 %', '100 %']);
  });
});
