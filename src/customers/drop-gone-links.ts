import type { AuditLog } from "../audit/audit-log.js";
import { ConnectorError } from "../lib/errors/connector-error.js";
import type { CustomerDirectoryDeps } from "./customer-directory-types.js";
import type { CustomerLinks } from "./customer-links.js";
import type { JdeCustomerPort } from "./jde-customer-port.js";

/**
 * Of these links, drops those whose record F0101 no longer holds (merged or deleted in JDE): a link
 * to it would have every order of the customer refused for good. One look-up for all of them; each
 * dropped link is audited (`customer.link_dropped`, with the old AN8) and answers MLC_JDE_CUSTOMER_GONE
 * (retryable), so the customer's job runs the rules again: cross-reference, e-mail, new record. When
 * the look-up fails for a while (a retryable ConnectorError: JDE unavailable) nothing is dropped and
 * the caller's own answer stands; any other failure is thrown.
 */
export async function dropGoneLinks(input: {
  deps: Pick<CustomerDirectoryDeps, "tenantId" | "clock"> & {
    links: Pick<CustomerLinks, "remove">;
    audit: Pick<AuditLog, "append">;
  };
  port: Pick<JdeCustomerPort, "existingAddressNumbers">;
  links: readonly { customerId: string; addressNumber: string }[];
}): Promise<Map<string, ConnectorError>> {
  const { deps, port, links } = input;
  const dropped = new Map<string, ConnectorError>();
  if (links.length === 0) return dropped;
  let existing: Set<string>;
  try {
    existing = await port.existingAddressNumbers(links.map((link) => link.addressNumber));
  } catch (error) {
    if (error instanceof ConnectorError && error.retryable) return dropped;
    throw error;
  }
  for (const { customerId, addressNumber } of links) {
    if (existing.has(addressNumber)) continue;
    await deps.links.remove(deps.tenantId, customerId);
    await deps.audit.append({
      tenantId: deps.tenantId,
      step: "customer.link_dropped",
      at: deps.clock.now(),
      detail: { customerId, addressNumber, why: "not in F0101" },
    });
    dropped.set(
      customerId,
      new ConnectorError(
        "MLC_JDE_CUSTOMER_GONE",
        `customer ${customerId} was linked to AN8 ${addressNumber}, which JDE no longer has (merged or deleted); the link was dropped and the customer is matched again`,
        { detail: { customerId, addressNumber } },
      ),
    );
  }
  return dropped;
}
