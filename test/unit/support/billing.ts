/** billing_semantics values for handler tests. */
import type { BillingSemantics } from '../../../handlers/check-data/evaluate-billing.js';

/** What billing_semantics says about data too thin for a verdict, under the default settings: nothing to alert. */
export const NO_BILLING_EVIDENCE: BillingSemantics = {
  overageLooksMonthToDate: null,
  creditsUsedLooksInclusive: null,
  evidence: { overageSteps: 0, overageFalls: 0, overageMonthChanges: 0, overageMonthRestarts: 0, creditsEvidenceMonths: 0, creditsAboveAllowanceMonths: 0 },
  configured: { overageCreditsUsed: 'daily', creditsUsedIncludesOverage: true },
  contradictions: [],
};
