/** A mandatory privacy webhook and what the connector did about it (kept as evidence for the merchant). */
export interface PrivacyRequest {
  id: string;
  tenantId: string;
  shopDomain: string;
  topic: "customers/data_request" | "customers/redact" | "shop/redact";
  webhookId: string;
  customerId: string | null;
  receivedAt: Date;
  completedAt: Date | null;
  outcome: Record<string, unknown>;
}

/** Port: the record of privacy requests. Holds ids and counts, never the personal data itself. */
export interface PrivacyRequestStore {
  record(request: Omit<PrivacyRequest, "id" | "completedAt" | "outcome">): Promise<string>;
  complete(id: string, completedAt: Date, outcome: Record<string, unknown>): Promise<void>;
  /** Oldest first; every tenant's when `tenantId` is omitted. */
  list(tenantId?: string): Promise<PrivacyRequest[]>;
}
